// compileRuleSet() and checkRule(): every problem is reported with a JSON pointer; a valid set is split by method.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { checkRule, compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import { METHODS, type Problem, type Rule } from '../../shared/rules/types.ts';

/** A valid rule; `fields` may break it (methods are loosely typed so a test can name an unknown one). */
function rule(id: string, fields: Partial<Omit<Rule, 'methods'>> & { methods?: '*' | readonly string[] } = {}): Rule {
  return { id, action: 'allow', methods: ['GET'], pattern: '^/x$', comment: '', enabled: true, ...fields } as Rule;
}

function compiled(rules: readonly Rule[]): CompiledRuleSet {
  const result = compileRuleSet(rules);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function problems(rules: readonly Rule[]): readonly Problem[] {
  const result = compileRuleSet(rules);
  assert.equal(result.ok, false, 'the set compiled');
  return result.ok ? [] : result.problems;
}

interface ProblemCase {
  readonly name: string;
  readonly rules: readonly Rule[];
  /** Every problem, in order: its pointer and a substring of its message. */
  readonly expect: readonly { readonly where: string; readonly message: string }[];
}

const PROBLEM_CASES: readonly ProblemCase[] = [
  {
    name: 'a duplicate id',
    rules: [rule('a'), rule('b'), rule('a')],
    expect: [{ where: '/rules/2/id', message: 'duplicate id "a"' }],
  },
  {
    name: 'an id used three times',
    rules: [rule('a'), rule('a'), rule('a')],
    expect: [
      { where: '/rules/1/id', message: 'duplicate id "a"' },
      { where: '/rules/2/id', message: 'duplicate id "a"' },
    ],
  },
  {
    name: 'ids differing only in case are distinct',
    rules: [rule('a'), rule('A'), rule('x', { pattern: '(' })],
    expect: [{ where: '/rules/2/pattern', message: 'missing closing )' }],
  },
  ...['', '-a', '_a', '.a', ':a', 'a b', 'a/b', 'a~b', 'caf\u00e9', 'a\nb', `a${'b'.repeat(64)}`].map((id) => ({
    name: `the bad id ${JSON.stringify(id.length > 20 ? `${id.slice(0, 10)}...(${id.length})` : id)}`,
    rules: [rule('ok'), rule(id)],
    expect: [{ where: '/rules/1/id', message: 'must be 1-64 letters, digits, "_", ".", ":" or "-"' }],
  })),
  {
    name: 'an unknown method',
    rules: [rule('a', { methods: ['GET', 'FOO'] })],
    expect: [
      {
        where: '/rules/0/methods',
        message: 'unknown method "FOO" (one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS)',
      },
    ],
  },
  {
    name: 'a lower-case method',
    rules: [rule('a', { methods: ['get'] })],
    expect: [{ where: '/rules/0/methods', message: 'unknown method "get"' }],
  },
  {
    name: 'TRACE, which no rule may name',
    rules: [rule('a', { methods: ['TRACE'] })],
    expect: [{ where: '/rules/0/methods', message: 'unknown method "TRACE"' }],
  },
  {
    name: '"*" inside a method list',
    rules: [rule('a', { methods: ['*'] })],
    expect: [{ where: '/rules/0/methods', message: 'unknown method "*"' }],
  },
  {
    name: 'two unknown methods',
    rules: [rule('a', { methods: ['X', 'Y'] })],
    expect: [
      { where: '/rules/0/methods', message: 'unknown method "X"' },
      { where: '/rules/0/methods', message: 'unknown method "Y"' },
    ],
  },
  {
    name: 'an empty method list',
    rules: [rule('a'), rule('b', { methods: [] })],
    expect: [{ where: '/rules/1/methods', message: 'methods is empty (use "*" for every method)' }],
  },
  {
    name: 'a bad pattern',
    rules: [rule('a'), rule('b'), rule('c', { pattern: '^/x(' })],
    expect: [{ where: '/rules/2/pattern', message: 'missing closing ): `^/x(` (at index 3)' }],
  },
  {
    name: 'a bad pattern with a position',
    rules: [rule('a', { pattern: '^/x**' })],
    expect: [{ where: '/rules/0/pattern', message: 'invalid nested repetition operator: `**` (at index 3)' }],
  },
  {
    name: 'an empty pattern',
    rules: [rule('a', { pattern: '' })],
    expect: [{ where: '/rules/0/pattern', message: 'empty pattern' }],
  },
  {
    name: 'a backreference',
    rules: [rule('a', { pattern: '(a)\\1' })],
    expect: [{ where: '/rules/0/pattern', message: 'invalid escape sequence' }],
  },
  {
    name: 'a line break in a pattern',
    rules: [rule('a', { pattern: '^/x$\n.*' })],
    expect: [{ where: '/rules/0/pattern', message: 'control character 0x0a in the pattern' }],
  },
  {
    name: 'a disabled rule is checked too',
    rules: [rule('a', { enabled: false, pattern: '(' })],
    expect: [{ where: '/rules/0/pattern', message: 'missing closing )' }],
  },
  {
    name: 'every problem of one rule, in field order',
    rules: [rule('bad id', { methods: [], pattern: '[' })],
    expect: [
      { where: '/rules/0/id', message: 'must be 1-64' },
      { where: '/rules/0/methods', message: 'methods is empty' },
      { where: '/rules/0/pattern', message: 'missing closing ]' },
    ],
  },
  {
    name: 'problems of several rules, in rule order',
    rules: [rule('a', { pattern: '(' }), rule('b'), rule('a', { methods: ['FOO'] })],
    expect: [
      { where: '/rules/0/pattern', message: 'missing closing )' },
      { where: '/rules/2/methods', message: 'unknown method "FOO"' },
      { where: '/rules/2/id', message: 'duplicate id "a"' },
    ],
  },
];

describe('compileRuleSet reports every problem with a JSON pointer', () => {
  for (const c of PROBLEM_CASES) {
    it(`reports ${c.name}`, () => {
      const got = problems(c.rules);
      assert.deepEqual(
        got.map((p) => p.where),
        c.expect.map((p) => p.where),
        JSON.stringify(got),
      );
      c.expect.forEach((e, i) =>
        assert.ok(got[i]?.message.includes(e.message), `"${got[i]?.message}" does not include "${e.message}"`),
      );
    });
  }

  for (const id of ['a', 'A', '9', 'a-b_c.d:e', 'image-inspect', 'line-12', `a${'b'.repeat(63)}`]) {
    it(`accepts the id ${JSON.stringify(id.length > 20 ? `${id.slice(0, 10)}...(${id.length})` : id)}`, () => {
      assert.equal(compileRuleSet([rule(id)]).ok, true);
    });
  }

  it('accepts "*" and every method of METHODS', () => {
    assert.equal(compileRuleSet([rule('a', { methods: '*' }), rule('b', { methods: [...METHODS] })]).ok, true);
  });
});

describe('checkRule', () => {
  it('prefixes each problem with the given location', () => {
    assert.deepEqual(checkRule(rule('', { methods: [], pattern: ')' }), 'rules.json:7'), [
      { where: 'rules.json:7/id', message: 'id "" must be 1-64 letters, digits, "_", ".", ":" or "-"' },
      { where: 'rules.json:7/methods', message: 'methods is empty (use "*" for every method)' },
      { where: 'rules.json:7/pattern', message: 'unexpected ): `)` (at index 0)' },
    ]);
  });

  it('finds nothing wrong with a valid rule', () => {
    assert.deepEqual(checkRule(rule('a'), '/rules/0'), []);
  });
});

describe('compileRuleSet splits a valid set by method', () => {
  it('compiles the builtin set and keeps the rules as given', () => {
    const set = compiled(BUILTIN_RULES);
    assert.equal(set.rules, BUILTIN_RULES);
    assert.deepEqual([...set.byMethod.keys()], [...METHODS]);
  });

  it('lists for each method the enabled rules naming it or "*", in order, with their index in the whole set', () => {
    const rules = [
      rule('get', { methods: ['GET'] }),
      rule('star', { methods: '*' }),
      rule('off', { methods: '*', enabled: false }),
      rule('post-delete', { methods: ['POST', 'DELETE'] }),
      rule('get-off', { methods: ['GET'], enabled: false }),
      rule('head', { methods: ['HEAD'] }),
      rule('star-2', { methods: '*', action: 'deny' }),
    ];
    const set = compiled(rules);
    const ids = (method: string) => (set.byMethod.get(method) ?? []).map((c) => `${c.index}:${c.rule.id}`);
    assert.deepEqual(ids('GET'), ['0:get', '1:star', '6:star-2']);
    assert.deepEqual(ids('HEAD'), ['1:star', '5:head', '6:star-2']);
    assert.deepEqual(ids('POST'), ['1:star', '3:post-delete', '6:star-2']);
    assert.deepEqual(ids('DELETE'), ['1:star', '3:post-delete', '6:star-2']);
    for (const m of ['PUT', 'PATCH', 'OPTIONS']) assert.deepEqual(ids(m), ['1:star', '6:star-2'], m);
    assert.deepEqual(
      set.anyMethod.map((c) => `${c.index}:${c.rule.id}`),
      ['1:star', '6:star-2'],
    );
    assert.equal(set.byMethod.get('TRACE'), undefined);
  });

  it('keeps each compiled pattern with its rule', () => {
    const set = compiled([rule('a', { pattern: '^/a+$' })]);
    const [only] = set.byMethod.get('GET') ?? [];
    assert.ok(only);
    assert.equal(only.pattern.source, '^/a+$');
    assert.equal(only.pattern.test('/aaa'), true);
    assert.equal(only.pattern.test('/aaa/'), false);
  });

  it('compiles an empty set to empty lists', () => {
    const set = compiled([]);
    assert.deepEqual(set.anyMethod, []);
    for (const m of METHODS) assert.deepEqual(set.byMethod.get(m), [], m);
  });
});
