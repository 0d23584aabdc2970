// patternCost(): an upper bound of a pattern's program read from its source, and the refusals it leads to.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { compilePattern } from '../../shared/rules/pattern.ts';
import { MAX_PATTERN_COST, MAX_RULESET_COST, patternCost } from '../../shared/rules/pattern-cost.ts';
import type { Rule } from '../../shared/rules/types.ts';

const BOUND_CASES: readonly string[] = [
  ...BUILTIN_RULES.map((r) => r.pattern),
  '^/a{1000}$',
  '^/x{2,3}$',
  '^/x{2,}$',
  '^/(ab|cd){10}[a-z]{5,9}$',
  '^/(?i)info$',
  '^/(?P<name>[a-z]+)/(?:x|y)*?$',
  '\\Q/a.b\\E',
  '^/[]a]{3}$',
  '^/[[:alpha:]]{4}\\x{e9}$',
  '^/\\pL{20}\\p{Greek}+$',
  '^/{x}$',
];

describe('patternCost', () => {
  for (const source of BOUND_CASES) {
    it(`is at least the program size of ${source}`, () => {
      const cost = patternCost(source);
      assert.ok(cost.ok, JSON.stringify(cost));
      const size = RE2JS.compile(source).programSize();
      assert.ok(cost.cost >= size, `cost ${cost.cost} < program size ${size}`);
    });
  }

  it('counts the built-in patterns as RE2 does, far under the bound', () => {
    for (const r of BUILTIN_RULES) {
      const cost = patternCost(r.pattern);
      assert.deepEqual(cost, { ok: true, cost: RE2JS.compile(r.pattern).programSize() });
      assert.ok(cost.ok && cost.cost < 100);
    }
  });

  const REFUSED: readonly { source: string; index: number }[] = [
    // The attack: 1 KB of Unicode classes repeated a thousand times each; refused at the first repetition.
    { source: `^/${'\\pL{1000}'.repeat(113)}`, index: 5 },
    { source: '^/a{1000}b{1000}', index: 10 },
    // A counted group: the cost is known when the repetition after the group is read.
    { source: '^/(?:[a-z]{100}){30}', index: 16 },
    { source: '^/(ab|cd){300}x{999}', index: 9 },
    { source: `^/${'[\\pL\\pN]'.repeat(60)}`, index: 314 },
  ];
  for (const c of REFUSED) {
    it(`refuses ${c.source.slice(0, 40)} at index ${c.index}`, () => {
      const cost = patternCost(c.source);
      assert.equal(cost.ok, false);
      assert.ok(!cost.ok && cost.index === c.index, JSON.stringify(cost));
    });
  }
});

describe('compilePattern refuses a costly pattern before compiling it', () => {
  it('with a message and the position, in well under a millisecond a pattern', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const r = compilePattern(`^/${i}${'\\pL{1000}'.repeat(113)}`);
      assert.ok(!r.ok);
      assert.match(r.message, /pattern too costly/);
    }
    // 20 of them took 66 s and 1.1 GB to compile; the scan stops at the first repetition.
    assert.ok(performance.now() - started < 1000);
  });

  it(`accepts a pattern at the bound of ${MAX_PATTERN_COST}`, () => {
    const r = compilePattern('^/a{990}b{990}$');
    assert.ok(r.ok);
    assert.ok(r.pattern.cost <= MAX_PATTERN_COST);
  });
});

describe('compileRuleSet bounds the cost of a whole set', () => {
  const rule = (i: number, pattern: string, enabled = true): Rule => ({
    id: `r${i}`,
    action: 'allow',
    methods: '*',
    pattern,
    comment: '',
    enabled,
  });

  // A smaller bound than MAX_RULESET_COST, which only a set of thousands of rules reaches.
  const MAX = 20_000;
  it(`refuses the rule that takes the enabled patterns past the bound, and compiles none after it`, () => {
    const costly = Array.from({ length: 30 }, (_, i) => rule(i, `^/${i}/a{999}`));
    const result = compileRuleSet(costly, MAX);
    assert.ok(!result.ok);
    assert.equal(result.problems.length, 1);
    let total = 0;
    const over = costly.findIndex((r) => {
      const c = patternCost(r.pattern);
      total += c.ok ? c.cost : 0;
      return total > MAX;
    });
    assert.ok(over > 0);
    assert.equal(result.problems[0]?.where, `/rules/${over}/pattern`);
    assert.match(result.problems[0]?.message ?? '', /cost \d+ together, more than 20000/);
  });

  it('does not count disabled rules', () => {
    const set = Array.from({ length: 30 }, (_, i) => rule(i, `^/${i}/a{999}`, i >= 15));
    assert.ok(compileRuleSet(set, MAX).ok);
  });
});

describe('MAX_RULESET_COST', () => {
  it('lets the largest rule set file (10 000 rules) of built-in-sized patterns through', () => {
    const largest = Math.max(...BUILTIN_RULES.map((r) => (patternCost(r.pattern) as { cost: number }).cost));
    assert.ok(10_000 * largest <= MAX_RULESET_COST);
  });
});
