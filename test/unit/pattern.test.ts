// compilePattern(): RE2 syntax, whole-path matching, errors with a position, and no pattern that can hang.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, MAX_PATTERN_LENGTH, type CompiledPattern } from '../../shared/rules/pattern.ts';

function compiled(source: string): CompiledPattern {
  const result = compilePattern(source);
  if (!result.ok) throw new Error(`${source}: ${result.message} (at index ${result.index})`);
  return result.pattern;
}

interface MatchCase {
  readonly source: string;
  readonly matches: readonly string[];
  readonly rejects: readonly string[];
}

const MATCH_CASES: readonly MatchCase[] = [
  { source: '^/_ping$', matches: ['/_ping'], rejects: ['/_ping/', '/_pingx', '/x/_ping', '/_PING', ''] },
  // The program anchors every pattern: an unanchored pattern still has to match the whole path.
  { source: '/_ping', matches: ['/_ping'], rejects: ['/x/_ping', '/_ping/x', '/_pings'] },
  { source: 'containers', matches: ['containers'], rejects: ['/containers', '/containers/json'] },
  {
    source: '/containers/.*',
    matches: ['/containers/json', '/containers/'],
    rejects: ['/x/containers/json', '/containers'],
  },
  { source: '/a|/b', matches: ['/a', '/b'], rejects: ['/ab', '/a/b', '/b/a', '/c'] },
  { source: '^/a$|^/b$', matches: ['/a', '/b'], rejects: ['/ab'] },
  { source: '.*', matches: ['', '/', '/anything/at/all'], rejects: [] },
  {
    source: '^/(v\\d+\\.\\d+/)?info$',
    matches: ['/info', '/v1.41/info', '/v10.100/info'],
    rejects: ['/info/x', '/vx/info', '/v1.41/info/'],
  },
  { source: '^/(v\\d\\.\\d+/)?info$', matches: ['/v1.41/info'], rejects: ['/v10.1/info'] },
  {
    source: '^/containers/[\\w.-]+/json$',
    matches: ['/containers/my-app.1/json'],
    rejects: ['/containers/a/b/json', '/containers//json'],
  },
  // Case matters unless the pattern asks otherwise.
  { source: '^/info$', matches: ['/info'], rejects: ['/INFO', '/Info'] },
  { source: '(?i)^/info$', matches: ['/info', '/INFO', '/Info'], rejects: ['/infos'] },
  // \d and \w are ASCII in RE2; "." is one code point.
  { source: '^/\\d+$', matches: ['/0123456789'], rejects: ['/\u0663', '/'] },
  { source: '^/\\w+$', matches: ['/a_B9'], rejects: ['/\u00e9', '/a-b'] },
  { source: '^/.$', matches: ['/a', '/\u00e9', '/\u{1f433}'], rejects: ['/ab', '/'] },
  { source: '^/\\x{e9}$', matches: ['/\u00e9'], rejects: ['/e'] },
  { source: '^/a\\nb$', matches: ['/a\nb'], rejects: ['/anb'] },
  { source: '^/(?P<name>[a-z]+)$', matches: ['/abc'], rejects: ['/ABC'] },
  { source: '^/(?<name>[a-z]+)$', matches: ['/abc'], rejects: ['/1'] },
  { source: '^/x{2,3}$', matches: ['/xx', '/xxx'], rejects: ['/x', '/xxxx'] },
  { source: '^/[^/]+$', matches: ['/a b'], rejects: ['/a/b'] },
  { source: '\\Q/a.b\\E', matches: ['/a.b'], rejects: ['/aXb'] },
];

describe('compilePattern matches the whole path', () => {
  for (const c of MATCH_CASES) {
    it(`${c.source} matches ${JSON.stringify(c.matches)} and not ${JSON.stringify(c.rejects)}`, () => {
      const pattern = compiled(c.source);
      assert.equal(pattern.source, c.source);
      for (const path of c.matches)
        assert.equal(pattern.test(path), true, `${c.source} should match ${JSON.stringify(path)}`);
      for (const path of c.rejects)
        assert.equal(pattern.test(path), false, `${c.source} should not match ${JSON.stringify(path)}`);
    });
  }

  it('gives the same answer on every call (no state kept between tests)', () => {
    const pattern = compiled('^/a+$');
    for (let i = 0; i < 3; i++) {
      assert.equal(pattern.test('/aaa'), true);
      assert.equal(pattern.test('/aab'), false);
    }
  });
});

interface ErrorCase {
  readonly source: string;
  /** A substring of the message. */
  readonly message: string;
  /** Where the problem is, or null when RE2 names the whole expression and any index will do. */
  readonly index: number | null;
}

const ERROR_CASES: readonly ErrorCase[] = [
  { source: '(x', message: 'missing closing )', index: 0 },
  // An unbalanced parenthesis points at the group left open (the innermost), or at the stray ")" (issue 16, item 7).
  { source: '^/(v1/containers', message: 'missing closing ): `^/(v1/containers`', index: 2 },
  { source: '^/a(b(c)', message: 'missing closing )', index: 3 },
  { source: '^/(a(b)c', message: 'missing closing )', index: 2 },
  { source: '^/x\\((a', message: 'missing closing )', index: 5 },
  { source: '^/[(](a', message: 'missing closing )', index: 5 },
  { source: '^/[](](a', message: 'missing closing )', index: 6 },
  { source: '^/x)', message: 'unexpected ): `^/x)`', index: 3 },
  { source: '^/(a)b)(c)', message: 'unexpected )', index: 6 },
  { source: '^/\\)x)', message: 'unexpected )', index: 5 },
  { source: '^/[x', message: 'missing closing ]: `[x`', index: 2 },
  { source: '^/x{2,1}', message: 'invalid repeat count: `{2,1}`', index: 3 },
  { source: '^/x{1001}', message: 'invalid repeat count', index: 3 },
  { source: '*x', message: 'missing argument to repetition operator: `*`', index: 0 },
  { source: '^/x|*', message: 'missing argument to repetition operator', index: 4 },
  { source: '(+x)', message: 'missing argument to repetition operator', index: 1 },
  { source: '^/x**', message: 'invalid nested repetition operator: `**`', index: 3 },
  { source: '^/\\p{Foo}', message: 'invalid character class range: `\\p{Foo}`', index: 2 },
  { source: '^/[z-a]', message: 'invalid character class range: `z-a`', index: 3 },
  { source: '^/[[:foo:]]', message: 'invalid character class range', index: 3 },
  { source: '^/\\Z', message: 'invalid escape sequence: `\\Z`', index: 2 },
  { source: '^/\\C', message: 'invalid escape sequence', index: 2 },
  { source: '^/\\x{110000}', message: 'invalid escape sequence', index: 2 },
  { source: '^/x\\', message: 'trailing backslash at end of expression', index: 3 },
  { source: '\\', message: 'trailing backslash', index: 0 },
  { source: '(?z)', message: 'invalid or unsupported Perl syntax', index: 0 },
  { source: '(?P<n>a)(?P<n>b)', message: 'duplicate capture group name', index: null },
  // Backreferences: RE2 has none, so they are refused rather than read as something else.
  { source: '^/(a)\\1$', message: 'invalid escape sequence: `\\1`', index: 5 },
  { source: '^/(?P<n>a)(?P=n)$', message: 'invalid or unsupported Perl syntax', index: null },
  { source: '^/(?<n>a)\\k<n>$', message: 'invalid escape sequence: `\\k`', index: 9 },
  // Lookaround: refused too.
  { source: '^/x(?=y)', message: 'invalid or unsupported Perl syntax: `(?=`', index: 3 },
  { source: '^/x(?!y)', message: 'invalid or unsupported Perl syntax: `(?!`', index: 3 },
  { source: '(?<=a)b', message: '(?<', index: 0 },
  { source: '(?<!a)b', message: '(?<', index: 0 },
];

describe('compilePattern refuses a bad pattern with a message and an index', () => {
  for (const c of ERROR_CASES) {
    it(`${c.source} is refused: ${c.message}${c.index === null ? '' : ` at index ${c.index}`}`, () => {
      const result = compilePattern(c.source);
      assert.equal(result.ok, false, `${c.source} compiled`);
      if (result.ok) return;
      assert.ok(result.message.includes(c.message), `message "${result.message}" does not include "${c.message}"`);
      if (c.index !== null) assert.equal(result.index, c.index);
      assert.ok(result.index >= 0 && result.index < c.source.length, `index ${result.index} is outside ${c.source}`);
    });
  }

  for (const source of ['', ' ', '   ', '\t \t']) {
    it(`refuses the empty pattern ${JSON.stringify(source)} and says how to match every path`, () => {
      assert.deepEqual(compilePattern(source), {
        ok: false,
        message: 'empty pattern (it would match nothing useful; write .* to match every path)',
        index: 0,
      });
    });
  }

  it(`accepts a pattern of ${MAX_PATTERN_LENGTH} characters`, () => {
    assert.equal(compilePattern('a'.repeat(MAX_PATTERN_LENGTH)).ok, true);
  });

  it(`refuses a pattern longer than ${MAX_PATTERN_LENGTH} characters at the index past the limit`, () => {
    assert.deepEqual(compilePattern('a'.repeat(MAX_PATTERN_LENGTH + 1)), {
      ok: false,
      message: `pattern longer than ${MAX_PATTERN_LENGTH} characters`,
      index: MAX_PATTERN_LENGTH,
    });
  });

  // A canonical path never holds a control character, and one in a pattern would split a pattern-file line.
  for (const [source, index, shown] of [
    ['^/x$\n.*', 4, '0x0a'],
    ['.*\n', 2, '0x0a'],
    ['^/a\tb$', 3, '0x09'],
    ['^/a\rb$', 3, '0x0d'],
    ['^/a\u0000$', 3, '0x00'],
    ['^/a\u007f$', 3, '0x7f'],
  ] as const) {
    it(`refuses the control character ${shown} in ${JSON.stringify(source)} at index ${index}`, () => {
      const result = compilePattern(source);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.index, index);
      assert.ok(result.message.includes(shown), result.message);
    });
  }
});

describe('compilePattern cannot hang on any input', () => {
  const input = `${'a'.repeat(100_000)}!`;
  for (const source of ['(a+)+$', '(a|a)*$', '(a|aa)+$', '(.*a){20}$', '^(a*)*b$', '(a+)+']) {
    it(`${source} against ${input.length} characters of "aaa...!" returns false`, () => {
      assert.equal(compiled(source).test(input), false);
    });
  }

  it('(a+)+ still matches a long run of a', () => {
    assert.equal(compiled('(a+)+').test('a'.repeat(100_000)), true);
  });
});
