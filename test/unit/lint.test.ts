// lintRules(): a rule that grants a dangerous read is flagged with the rule, the endpoint and why.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DANGEROUS_READS, formatLintWarning, lintRules, type LintWarning } from '../../shared/lint/lint.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';

function rule(id: string, action: Rule['action'], methods: Rule['methods'], pattern: string, enabled = true): Rule {
  return { id, action, methods, pattern, comment: '', enabled };
}

const ALL_ENDPOINTS = DANGEROUS_READS.map((d) => `${d.method} ${d.endpoint}`);

/** The (rule, endpoint) pairs of a lint, the shape most cases compare. */
function pairs(warnings: readonly LintWarning[]): string[] {
  return warnings.map((w) => `${w.ruleId} ${w.endpoint}`);
}

interface LintCase {
  readonly name: string;
  readonly rules: readonly Rule[];
  /** `ruleId endpoint`, in the order lintRules gives them. */
  readonly expect: readonly string[];
}

const CASES: readonly LintCase[] = [
  { name: 'the built-in rules grant no dangerous read', rules: BUILTIN_RULES, expect: [] },
  { name: 'no rules, no warnings', rules: [], expect: [] },
  {
    name: 'allow everything is flagged once per dangerous endpoint',
    rules: [rule('all', 'allow', '*', '.*')],
    expect: ALL_ENDPOINTS.map((e) => `all ${e}`),
  },
  {
    name: 'a GET-only allow-all is flagged for every GET endpoint, not HEAD',
    rules: [rule('reads', 'allow', ['GET'], '.*')],
    expect: ALL_ENDPOINTS.filter((e) => e.startsWith('GET ')).map((e) => `reads ${e}`),
  },
  {
    name: 'a deny before the allow keeps its endpoint unflagged',
    rules: [
      rule('no-export', 'deny', '*', '^/(v\\d+\\.\\d+/)?containers/[^/]+/export$'),
      rule('all', 'allow', ['GET'], '^/(v\\d+\\.\\d+/)?containers/.*$'),
    ],
    expect: ['all GET /containers/{id}/archive', 'all GET /containers/{id}/attach/ws'],
  },
  { name: 'a disabled rule grants nothing', rules: [rule('off', 'allow', '*', '.*', false)], expect: [] },
  {
    name: 'a rule that grants only a versioned spelling is flagged',
    rules: [rule('v141', 'allow', ['GET'], '^/v1\\.41/swarm/unlockkey$')],
    expect: ['v141 GET /swarm/unlockkey'],
  },
  {
    name: 'a rule that grants only the unversioned spelling is flagged',
    rules: [rule('bare', 'allow', ['GET'], '^/configs$')],
    expect: ['bare GET /configs'],
  },
  {
    name: 'inspecting one secret is flagged like listing them',
    rules: [rule('one', 'allow', ['GET'], '^/secrets/[0-9a-z]+$')],
    expect: ['one GET /secrets'],
  },
  {
    name: 'a rule for image names with a registry and tag is flagged',
    rules: [rule('img', 'allow', ['GET'], '^/images/[\\w.:-]+(/[\\w.:-]+)*/get$')],
    expect: ['img GET /images/{name}/get'],
  },
  {
    name: 'HEAD on archive is flagged on its own',
    rules: [rule('stat', 'allow', ['HEAD'], '^/containers/[\\w.-]+/archive$')],
    expect: ['stat HEAD /containers/{id}/archive'],
  },
  {
    name: 'attach/ws is flagged although it is a GET',
    rules: [rule('ws', 'allow', ['GET'], '^/containers/[\\w.-]+/attach/ws$')],
    expect: ['ws GET /containers/{id}/attach/ws'],
  },
  { name: 'a deny rule is never flagged', rules: [rule('d', 'deny', '*', '.*')], expect: [] },
  {
    name: 'warnings follow rule order and name each rule that allows',
    rules: [
      rule('unlock', 'allow', ['GET'], '^/swarm/unlockkey$'),
      rule('export', 'allow', ['GET'], '^/containers/[\\w.-]+/export$'),
    ],
    expect: ['unlock GET /swarm/unlockkey', 'export GET /containers/{id}/export'],
  },
  {
    name: 'a set that does not compile yields no warnings (it is refused elsewhere)',
    rules: [rule('bad', 'allow', '*', '(')],
    expect: [],
  },
];

describe('lintRules', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(pairs(lintRules(c.rules)), c.expect);
    });
  }

  it("doxy's own pattern file is flagged for GET /images/get by its images line", () => {
    const parsed = parsePatternFile(readFileSync(DOXY_PATTERN_FILE, 'utf8'), 'doxy.pattern');
    assert.ok(parsed.ok);
    const warnings = lintRules(parsed.value);
    assert.deepEqual(pairs(warnings), ['line-21 GET /images/get']);
    const w = warnings[0];
    assert.ok(w);
    assert.equal(
      w.index,
      parsed.value.findIndex((r) => r.id === 'line-21'),
    );
    assert.match(w.why, /exports every image/);
  });

  it('gives the rule id, its index, the endpoint and why', () => {
    const rules = [
      rule('ping', 'allow', ['GET'], '^/_ping$'),
      rule('export', 'allow', ['GET'], '^/containers/[\\w.-]+/export$'),
    ];
    const [w, ...rest] = lintRules(rules);
    assert.deepEqual(rest, []);
    assert.deepEqual(w, {
      ruleId: 'export',
      index: 1,
      endpoint: 'GET /containers/{id}/export',
      why: DANGEROUS_READS[0]?.why,
    });
  });

  it('formats one line naming the rule, its position, the endpoint and why', () => {
    const w: LintWarning = { ruleId: 'line-21', index: 9, endpoint: 'GET /images/get', why: 'because' };
    assert.equal(formatLintWarning(w), 'rule "line-21" (#10) allows GET /images/get: because');
  });

  it('every dangerous endpoint says why it is dangerous', () => {
    for (const d of DANGEROUS_READS) assert.ok(d.why.length > 20, d.endpoint);
  });
});
