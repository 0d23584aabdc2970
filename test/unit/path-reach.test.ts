// A pattern no request path can match (every path starts with "/") is an error in a pattern file, with its line: any
// text file used to import as rules, one a line (issue 12, item 7). doxy's own file and every preset still import.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PRESETS, presetRules } from '../../shared/presets/presets.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { canMatchPath } from '../../shared/rules/path-reach.ts';
import { formatPatternFile, parsePatternFile } from '../../shared/rules/pattern-file.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';

const CASES: readonly (readonly [string, boolean])[] = [
  ['^/_ping$', true],
  ['/containers/json', true],
  ['.*', true],
  ['.+', true],
  ['(?i)^/CONTAINERS', true],
  ['x|/y', true],
  ['[^a]x', true],
  ['a*/b', true],
  ['\\B/x', true],
  ['^\\/v1', true],
  ['^/(v\\d+\\.\\d+/)?containers/json$', true],
  ['this is not a rule file', false],
  ['{ oops', false],
  ['^(v\\d+\\.\\d+/)?containers/json$', false],
  ['containers/json', false],
  ['a+/b', false],
  ['\\bfoo', false],
  ['^$', false],
  ['$', false],
  ['foo$|^bar', false],
  ['\\pL+', false],
];

describe('whether a pattern can match a request path', () => {
  for (const [pattern, can] of CASES)
    it(`${pattern}: ${can ? 'can' : 'never'}`, () => assert.equal(canMatchPath(pattern), can));
});

describe('a pattern file', () => {
  it('made of prose is refused, naming each line no path can match', () => {
    const r = parsePatternFile('this is not a rule file\n{ oops\n', 'notes.txt');
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => [p.where, /can never match a request path/.test(p.message)]), [
      ['notes.txt:1', true],
      ['notes.txt:2', true],
    ]);
  });

  it('with one unanchored line among good ones names that line', () => {
    const r = parsePatternFile('^/_ping$\n# versioned\nallow GET ^(v1.41/)?info$\n', 'rules.pattern');
    assert.deepEqual(!r.ok && r.problems.map((p) => p.where), ['rules.pattern:3']);
  });

  it("doxy's own default file imports cleanly", () => {
    const r = parsePatternFile(readFileSync(DOXY_PATTERN_FILE, 'utf8'), 'doxy.pattern');
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  });

  it('the built-in rules and every preset, written as a pattern file, import cleanly', () => {
    for (const [name, rules] of [
      ['built-in', BUILTIN_RULES],
      ...PRESETS.map((p) => [p.name, presetRules(p)] as const),
    ] as const) {
      const r = parsePatternFile(formatPatternFile(rules), `${name}.pattern`);
      assert.ok(r.ok, `${name}: ${JSON.stringify(!r.ok && r.problems)}`);
    }
  });
});
