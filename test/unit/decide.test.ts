// decide() and explain() against the decision table, and against every canonical case.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize } from '../../shared/rules/canonical.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide, explain } from '../../shared/rules/decide.ts';
import { CANONICAL_CASES } from '../cases/canonical-cases.ts';
import {
  caseTitle,
  casesOf,
  DECIDE_CASES,
  DOXY_PATTERN_FILE,
  decideRuleSets,
  type DecideRuleSetName,
} from '../cases/decide-cases.ts';
import type { CanonicalRequest, Rule } from '../../shared/rules/types.ts';

const SETS = decideRuleSets(readFileSync(DOXY_PATTERN_FILE, 'utf8'));

function compiled(rules: readonly Rule[]): CompiledRuleSet {
  const result = compileRuleSet(rules);
  if (!result.ok) throw new Error(`rule set does not compile: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** The four fields a canonical request is made of (a decision's request may carry more). */
function requestOf(r: CanonicalRequest): CanonicalRequest {
  return { method: r.method, path: r.path, query: r.query, target: r.target };
}

const COMPILED = Object.fromEntries(Object.entries(SETS).map(([name, rules]) => [name, compiled(rules)])) as Record<
  DecideRuleSetName,
  CompiledRuleSet
>;

describe('decide', () => {
  for (const c of DECIDE_CASES) {
    it(caseTitle(c), () => {
      const rules = SETS[c.rules];
      const d = decide({ method: c.method, target: c.target }, COMPILED[c.rules]);
      assert.equal(d.verdict, c.expect.verdict);
      if (d.verdict === 'refuse') {
        const canonical = canonicalize(c.method, c.target);
        assert.ok(!canonical.ok);
        assert.deepEqual(d, { verdict: 'refuse', method: c.method, target: c.target, reason: canonical.reason });
        return;
      }
      assert.equal(d.rule?.id ?? null, c.expect.ruleId);
      assert.equal(d.index, c.expect.ruleId === null ? -1 : rules.findIndex((r) => r.id === c.expect.ruleId));
      if (d.rule !== null) assert.equal(d.rule, rules[d.index]);
      const canonical = canonicalize(c.method, c.target);
      assert.ok(canonical.ok);
      assert.deepEqual(requestOf(d.request), requestOf(canonical));
    });
  }

  it('the table holds no case twice', () => {
    const keys = DECIDE_CASES.map((c) => `${c.rules} ${c.method} ${c.target}`);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('every rule of the builtin set decides at least one case', () => {
    const used = new Set(casesOf('builtin').map((c) => c.expect.ruleId));
    assert.deepEqual(
      SETS.builtin.map((r) => r.id).filter((id) => !used.has(id)),
      [],
    );
  });

  it("every rule of doxy's pattern file decides at least one case", () => {
    const used = new Set(casesOf('doxy').map((c) => c.expect.ruleId));
    assert.deepEqual(
      SETS.doxy.map((r) => r.id).filter((id) => !used.has(id)),
      [],
    );
  });

  it("doxy's pattern file holds GET-only allow rules, as doxy reads it", () => {
    assert.ok(SETS.doxy.length > 0);
    for (const r of SETS.doxy)
      assert.deepEqual(
        { action: r.action, methods: r.methods, enabled: r.enabled },
        { action: 'allow', methods: ['GET'], enabled: true },
      );
  });

  it('refuses every target canonicalize refuses and forwards every other one in its canonical form', () => {
    for (const c of CANONICAL_CASES) {
      const d = decide({ method: c.method, target: c.target }, COMPILED['allow-all']);
      if ('refuse' in c.expect) {
        assert.equal(d.verdict, 'refuse', `${c.method} ${c.target}`);
      } else {
        assert.equal(d.verdict, 'allow', `${c.method} ${c.target}`);
        if (d.verdict === 'allow') assert.deepEqual(requestOf(d.request), { method: c.method, ...c.expect });
      }
    }
  });

  it('matches rules against the decoded path, never the query', () => {
    const set = compiled([
      { id: 'q', action: 'allow', methods: '*', pattern: '.*create.*', comment: '', enabled: true },
    ]);
    assert.equal(decide({ method: 'GET', target: '/_ping?/containers/create' }, set).verdict, 'deny');
    assert.equal(decide({ method: 'GET', target: '/%63reate' }, set).verdict, 'allow');
  });
});

describe('explain', () => {
  const builtin = COMPILED.builtin;

  it('names the method, the path and "deny by default" when no rule matched', () => {
    const message = explain(decide({ method: 'POST', target: '/v1.41/containers/create?name=x' }, builtin));
    assert.equal(message, 'doxy: POST /v1.41/containers/create is denied: no rule allows it (deny by default)');
  });

  it('names the method, the path and the deciding rule for a deny rule', () => {
    const set = compiled(SETS.ordering);
    const message = explain(decide({ method: 'GET', target: '/containers/secret/json' }, set));
    assert.equal(
      message,
      'doxy: GET /containers/secret/json is denied by rule "deny-secret" (deny GET ^/containers/secret/json$)',
    );
  });

  it('names the rule and its methods for an allow', () => {
    const message = explain(decide({ method: 'HEAD', target: '/_ping' }, builtin));
    assert.equal(message, 'doxy: HEAD /_ping is allowed by rule "ping" (allow GET,HEAD ^/(v\\d+\\.\\d+/)?_ping$)');
  });

  it('shows "*" for a rule of every method', () => {
    const message = explain(decide({ method: 'TRACE', target: '/d' }, COMPILED.methods));
    assert.equal(message, 'doxy: TRACE /d is denied by rule "deny-star" (deny * ^/d$)');
  });

  it('shows the decoded path, not the raw target', () => {
    const message = explain(decide({ method: 'GET', target: '/%63ontainers/x/export' }, builtin));
    assert.ok(message.includes('GET /containers/x/export is denied'), message);
  });

  it('names the method and the reason for a refusal', () => {
    const message = explain(decide({ method: 'GET', target: '/_ping/../containers/create' }, builtin));
    assert.equal(
      message,
      'doxy: refused GET request: dot segment ".." in the path (ambiguous requests are never forwarded)',
    );
  });

  it('cuts a long method to 32 characters', () => {
    const method = 'X'.repeat(100);
    const message = explain({ verdict: 'refuse', method, target: '/', reason: 'r' });
    assert.ok(message.includes(`refused ${'X'.repeat(32)} request`), message);
    assert.ok(!message.includes('X'.repeat(33)), message);
  });

  it('names the method and the path of every deny in the table', () => {
    for (const c of DECIDE_CASES) {
      const d = decide({ method: c.method, target: c.target }, COMPILED[c.rules]);
      const message = explain(d);
      if (d.verdict === 'refuse') {
        assert.ok(message.includes(d.reason), message);
        continue;
      }
      assert.ok(message.startsWith(`doxy: ${d.request.method} ${d.request.path} is `), message);
      assert.ok(message.includes(d.rule === null ? 'deny by default' : `rule "${d.rule.id}"`), message);
    }
  });
});
