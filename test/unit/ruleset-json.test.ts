// The rule-set export format: round trips, and every problem located by a JSON pointer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import {
  formatRuleSetFile,
  parseRuleSetFile,
  RULESET_FORMAT,
  RULESET_VERSION,
  validateRules,
  zodProblems,
} from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';

function rule(id: string, fields: Partial<Rule> = {}): Rule {
  return { id, action: 'allow', methods: ['GET'], pattern: '^/x$', comment: '', enabled: true, ...fields };
}

/** A rule-set file around `rules`, which may be anything. */
function file(
  rules: unknown,
  head: Record<string, unknown> = { format: RULESET_FORMAT, version: RULESET_VERSION },
): string {
  return JSON.stringify({ ...head, rules });
}

describe('formatRuleSetFile and parseRuleSetFile', () => {
  it('write the format, the version and the rules, as indented JSON ending in a newline', () => {
    const text = formatRuleSetFile([rule('a')]);
    assert.ok(text.startsWith('{\n  "format": "doxy-ruleset",\n  "version": 1,\n  "rules": [\n'), text);
    assert.ok(text.endsWith('}\n'), text);
    assert.deepEqual(JSON.parse(text), { format: 'doxy-ruleset', version: 1, rules: [rule('a')] });
  });

  it('keep the builtin set through a round trip', () => {
    assert.deepEqual(parseRuleSetFile(formatRuleSetFile(BUILTIN_RULES)), { ok: true, value: BUILTIN_RULES });
  });

  it('keep every field through a round trip: ids, deny, "*", disabled rules, comments with line breaks and any text', () => {
    const rules = [
      rule('ping', { methods: ['GET', 'HEAD'], pattern: '^/_ping$', comment: 'Healthcheck' }),
      rule('no-secrets', { action: 'deny', methods: '*', pattern: '^/secrets(/.*)?$', comment: 'line one\nline two' }),
      rule('off', {
        enabled: false,
        methods: ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
        comment: 'caf\u00e9 "quoted" \\ \u{1f433}',
      }),
      rule('A-b_c.d:e', { pattern: '^/a b/\\d+$' }),
    ];
    assert.deepEqual(parseRuleSetFile(formatRuleSetFile(rules)), { ok: true, value: rules });
  });

  it('keep an empty set through a round trip', () => {
    assert.deepEqual(parseRuleSetFile(formatRuleSetFile([])), { ok: true, value: [] });
  });

  it('fill in an absent comment as "" and an absent enabled as true', () => {
    const text = file([{ id: 'a', action: 'deny', methods: '*', pattern: '.*' }]);
    assert.deepEqual(parseRuleSetFile(text), {
      ok: true,
      value: [rule('a', { action: 'deny', methods: '*', pattern: '.*' })],
    });
  });
});

interface ProblemCase {
  readonly name: string;
  readonly text: string;
  /** Every problem, in order: its JSON pointer and a substring of its message. */
  readonly expect: readonly { readonly where: string; readonly message: string }[];
}

const ONE_OF_METHODS = 'expected one of "GET"|"HEAD"|"POST"|"PUT"|"DELETE"|"PATCH"|"OPTIONS"';

const PROBLEM_CASES: readonly ProblemCase[] = [
  // Not JSON at all.
  { name: 'text that is not JSON', text: '{nope', expect: [{ where: '/', message: 'not JSON: ' }] },
  { name: 'an empty file', text: '', expect: [{ where: '/', message: 'not JSON: ' }] },
  {
    name: 'a truncated file',
    text: formatRuleSetFile([rule('a')]).slice(0, 40),
    expect: [{ where: '/', message: 'not JSON: ' }],
  },
  // JSON, but not a rule-set file.
  { name: 'null', text: 'null', expect: [{ where: '/', message: 'expected object' }] },
  {
    name: 'a bare array of rules',
    text: JSON.stringify([rule('a')]),
    expect: [{ where: '/', message: 'expected object' }],
  },
  { name: 'a string', text: '"doxy-ruleset"', expect: [{ where: '/', message: 'expected object' }] },
  {
    name: 'another format',
    text: file([], { format: 'cetusguard', version: 1 }),
    expect: [{ where: '/format', message: 'expected "doxy-ruleset"' }],
  },
  {
    name: 'no format',
    text: file([], { version: 1 }),
    expect: [{ where: '/format', message: 'expected "doxy-ruleset"' }],
  },
  {
    name: 'a newer version',
    text: file([], { format: RULESET_FORMAT, version: 2 }),
    expect: [{ where: '/version', message: 'expected 1' }],
  },
  {
    name: 'a version as a string',
    text: file([], { format: RULESET_FORMAT, version: '1' }),
    expect: [{ where: '/version', message: 'expected 1' }],
  },
  {
    name: 'both format and version wrong',
    text: file([], { format: 'x', version: 0 }),
    expect: [
      { where: '/format', message: 'expected "doxy-ruleset"' },
      { where: '/version', message: 'expected 1' },
    ],
  },
  {
    name: 'no rules',
    text: JSON.stringify({ format: RULESET_FORMAT, version: RULESET_VERSION }),
    expect: [{ where: '/rules', message: 'expected array' }],
  },
  {
    name: 'rules as an object',
    text: file({ a: rule('a') }),
    expect: [{ where: '/rules', message: 'expected array' }],
  },
  {
    name: 'more than 10000 rules',
    text: file(Array.from({ length: 10_001 }, (_, i) => rule(`r${i}`))),
    expect: [{ where: '/rules', message: '10000' }],
  },
  // Bad fields of a rule: the pointer names the rule and the field, down to the array item.
  {
    name: 'a rule that is not an object',
    text: file([rule('a'), 'allow GET ^/x$']),
    expect: [{ where: '/rules/1', message: 'expected object' }],
  },
  {
    name: 'an unknown method',
    text: file([rule('a'), { ...rule('b'), methods: ['FOO'] }]),
    expect: [{ where: '/rules/1/methods/0', message: ONE_OF_METHODS }],
  },
  {
    name: 'an unknown method after a good one',
    text: file([rule('a'), { ...rule('b'), methods: ['GET', 'get'] }]),
    expect: [{ where: '/rules/1/methods/1', message: ONE_OF_METHODS }],
  },
  {
    name: 'a method that is not a string',
    text: file([{ ...rule('a'), methods: [1] }]),
    expect: [{ where: '/rules/0/methods/0', message: ONE_OF_METHODS }],
  },
  {
    name: 'TRACE, which no rule may name',
    text: file([{ ...rule('a'), methods: ['TRACE'] }]),
    expect: [{ where: '/rules/0/methods/0', message: ONE_OF_METHODS }],
  },
  {
    name: 'methods as a word',
    text: file([{ ...rule('a'), methods: 'all' }]),
    expect: [{ where: '/rules/0/methods', message: 'Invalid input' }],
  },
  {
    name: 'methods as a comma list',
    text: file([{ ...rule('a'), methods: 'GET,HEAD' }]),
    expect: [{ where: '/rules/0/methods', message: 'Invalid input' }],
  },
  {
    name: 'no methods',
    text: file([{ id: 'a', action: 'allow', pattern: '.*' }]),
    expect: [{ where: '/rules/0/methods', message: 'Invalid input' }],
  },
  {
    name: 'an empty method list',
    text: file([rule('a'), { ...rule('b'), methods: [] }]),
    expect: [{ where: '/rules/1/methods', message: 'methods is empty (use "*" for every method)' }],
  },
  {
    name: 'an unknown action',
    text: file([{ ...rule('a'), action: 'permit' }]),
    expect: [{ where: '/rules/0/action', message: 'expected one of "allow"|"deny"' }],
  },
  {
    name: 'an id that is not a string',
    text: file([{ ...rule('a'), id: 5 }]),
    expect: [{ where: '/rules/0/id', message: 'expected string' }],
  },
  {
    name: 'no pattern',
    text: file([{ id: 'a', action: 'allow', methods: '*' }]),
    expect: [{ where: '/rules/0/pattern', message: 'expected string' }],
  },
  {
    name: 'a comment that is not a string',
    text: file([{ ...rule('a'), comment: null }]),
    expect: [{ where: '/rules/0/comment', message: 'expected string' }],
  },
  {
    name: 'enabled as a string',
    text: file([{ ...rule('a'), enabled: 'yes' }]),
    expect: [{ where: '/rules/0/enabled', message: 'expected boolean' }],
  },
  {
    name: 'an unknown field',
    text: file([{ ...rule('a'), priority: 1 }]),
    expect: [{ where: '/rules/0', message: 'Unrecognized key: "priority"' }],
  },
  {
    name: 'several bad fields in several rules',
    text: file([{ ...rule('a'), action: 'permit' }, rule('b'), { ...rule('c'), methods: ['GET', 'X'], enabled: 1 }]),
    expect: [
      { where: '/rules/0/action', message: 'expected one of "allow"|"deny"' },
      { where: '/rules/2/methods/1', message: ONE_OF_METHODS },
      { where: '/rules/2/enabled', message: 'expected boolean' },
    ],
  },
  // Well-formed rules that do not compile: ids and patterns, checked once the shape is right.
  {
    name: 'a bad id',
    text: file([rule('a'), rule('a b')]),
    expect: [{ where: '/rules/1/id', message: 'id "a b" must be 1-64 letters' }],
  },
  {
    name: 'a duplicate id',
    text: file([rule('a'), rule('b'), rule('a')]),
    expect: [{ where: '/rules/2/id', message: 'duplicate id "a"' }],
  },
  {
    name: 'a bad pattern',
    text: file([rule('a'), rule('b', { pattern: '^/x(' })]),
    expect: [{ where: '/rules/1/pattern', message: 'missing closing ): `^/x(` (at index 3)' }],
  },
  {
    name: 'a bad pattern with its index',
    text: file([rule('a', { pattern: '^/(a)\\1$' })]),
    expect: [{ where: '/rules/0/pattern', message: 'invalid escape sequence: `\\1` (at index 5)' }],
  },
  {
    name: 'a lookahead',
    text: file([rule('a', { pattern: '^/x(?=y)' })]),
    expect: [{ where: '/rules/0/pattern', message: '(at index 3)' }],
  },
  {
    name: 'an empty pattern',
    text: file([rule('a', { pattern: '' })]),
    expect: [{ where: '/rules/0/pattern', message: 'empty pattern' }],
  },
  {
    name: 'a pattern holding a line break',
    text: file([rule('a', { pattern: '^/x$\n.*' })]),
    expect: [
      {
        where: '/rules/0/pattern',
        message: 'control character 0x0a in the pattern (no canonical path holds one) (at index 4)',
      },
    ],
  },
  {
    name: 'a pattern over 1024 characters',
    text: file([rule('a', { pattern: 'a'.repeat(1025) })]),
    expect: [{ where: '/rules/0/pattern', message: 'pattern longer than 1024 characters (at index 1024)' }],
  },
  {
    name: 'every compile problem, in rule order',
    text: file([rule('a', { pattern: '(' }), rule('b'), rule('a', { pattern: '[' })]),
    expect: [
      { where: '/rules/0/pattern', message: 'missing closing )' },
      { where: '/rules/2/pattern', message: 'missing closing ]' },
      { where: '/rules/2/id', message: 'duplicate id "a"' },
    ],
  },
];

describe('parseRuleSetFile reports every problem with a JSON pointer', () => {
  for (const c of PROBLEM_CASES) {
    it(`reports ${c.name}`, () => {
      const result = parseRuleSetFile(c.text);
      assert.equal(result.ok, false, 'the file was accepted');
      if (result.ok) return;
      assert.deepEqual(
        result.problems.map((p) => p.where),
        c.expect.map((p) => p.where),
        JSON.stringify(result.problems),
      );
      c.expect.forEach((e, i) =>
        assert.ok(
          result.problems[i]?.message.includes(e.message),
          `"${result.problems[i]?.message}" does not include "${e.message}"`,
        ),
      );
    });
  }

  it('checks ids and patterns only once the shape is right (no compile problem beside a shape problem)', () => {
    const result = parseRuleSetFile(file([rule('a', { pattern: '(' }), { ...rule('b'), action: 'permit' }]));
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.where),
      ['/rules/1/action'],
    );
  });
});

describe('validateRules', () => {
  it('returns valid rules with their defaults filled in', () => {
    assert.deepEqual(validateRules([{ id: 'a', action: 'allow', methods: ['GET'], pattern: '^/x$' }]), {
      ok: true,
      value: [rule('a')],
    });
  });

  it('puts its base before shape problems', () => {
    const result = validateRules([rule('a'), { ...rule('b'), methods: ['GET', 'NOPE'] }], '/body/rules');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.where),
      ['/body/rules/1/methods/1'],
    );
  });

  it('puts its base before compile problems', () => {
    const result = validateRules([rule('a'), rule('a', { pattern: '(' })], '/body/rules');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.where),
      ['/body/rules/1/pattern', '/body/rules/1/id'],
    );
  });

  it('points at its base when the input is not a list', () => {
    const result = validateRules({ rules: [] }, '/body/rules');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.where),
      ['/body/rules'],
    );
  });
});

describe('zodProblems', () => {
  it('escapes "~" and "/" in keys as RFC 6901 says', () => {
    const schema = z.object({ 'a/b': z.object({ 'c~d': z.string() }) });
    const parsed = schema.safeParse({ 'a/b': { 'c~d': 1 } });
    assert.ok(!parsed.success);
    assert.deepEqual(
      zodProblems(parsed.error).map((p) => p.where),
      ['/a~1b/c~0d'],
    );
  });

  it('points at the root as "/" and adds a base', () => {
    const parsed = z.string().safeParse(1);
    assert.ok(!parsed.success);
    assert.deepEqual(
      zodProblems(parsed.error).map((p) => p.where),
      ['/'],
    );
    assert.deepEqual(
      zodProblems(parsed.error, '/body').map((p) => p.where),
      ['/body'],
    );
  });

  it('keeps a union\'s "Invalid input" when no branch gets inside the value', () => {
    const parsed = z.union([z.literal('*'), z.array(z.string())]).safeParse(7);
    assert.ok(!parsed.success);
    assert.deepEqual(zodProblems(parsed.error), [{ where: '/', message: 'Invalid input' }]);
  });
});
