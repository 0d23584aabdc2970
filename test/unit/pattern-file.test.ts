// doxy pattern files: bare patterns, `[allow|deny] METHODS PATTERN` lines, comments, `file:line` problems, round trips.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import { formatPatternFile, parsePatternFile } from '../../shared/rules/pattern-file.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';

const FILE = 'rules.pattern';

/** What a parsed rule must hold; `enabled` is always true and the id is always `line-N`. */
type Parsed = Pick<Rule, 'id' | 'action' | 'methods' | 'pattern' | 'comment'>;

function parsed(id: string, pattern: string, fields: Partial<Parsed> = {}): Parsed {
  return { id, action: 'allow', methods: ['GET'], pattern, comment: '', ...fields };
}

interface ParseCase {
  readonly name: string;
  readonly text: string;
  readonly expect: readonly Parsed[];
}

const PARSE_CASES: readonly ParseCase[] = [
  { name: 'a bare pattern allows GET', text: '^/_ping$', expect: [parsed('line-1', '^/_ping$')] },
  { name: 'a bare pattern with a final newline', text: '^/_ping$\n', expect: [parsed('line-1', '^/_ping$')] },
  { name: 'an empty file holds no rule', text: '', expect: [] },
  { name: 'blank lines hold no rule', text: '\n\n\n', expect: [] },
  { name: 'white-space lines hold no rule', text: '  \n\t\n \t \n', expect: [] },
  { name: 'a file of comments holds no rule', text: '# one\n# two\n', expect: [] },
  {
    name: 'blank lines are skipped and lines keep their numbers',
    text: '\n\n^/a$\n\n\n^/b$\n',
    expect: [parsed('line-3', '^/a$'), parsed('line-6', '^/b$')],
  },
  {
    name: "comment lines become the next rule's comment",
    text: '# List\n# containers\n^/containers/json$',
    expect: [parsed('line-3', '^/containers/json$', { comment: 'List containers' })],
  },
  {
    name: 'a comment is used once',
    text: '# first\n^/a$\n^/b$',
    expect: [parsed('line-2', '^/a$', { comment: 'first' }), parsed('line-3', '^/b$')],
  },
  { name: 'a blank line ends a comment', text: '# header\n\n^/a$', expect: [parsed('line-3', '^/a$')] },
  {
    name: 'a blank line ends only the comment before it',
    text: '# header\n\n# own\n^/a$',
    expect: [parsed('line-4', '^/a$', { comment: 'own' })],
  },
  { name: 'a comment after the last rule is dropped', text: '^/a$\n# tail', expect: [parsed('line-1', '^/a$')] },
  {
    name: 'comment marks and one space are stripped',
    text: '## deep\n#tight\n#   indented\n^/a$',
    expect: [parsed('line-4', '^/a$', { comment: 'deep tight   indented' })],
  },
  {
    name: 'an indented comment is a comment',
    text: '   # indented\n^/a$',
    expect: [parsed('line-2', '^/a$', { comment: 'indented' })],
  },
  {
    name: 'allow with a method list',
    text: 'allow POST,DELETE ^/x$',
    expect: [parsed('line-1', '^/x$', { methods: ['POST', 'DELETE'] })],
  },
  { name: 'deny with "*"', text: 'deny * ^/x$', expect: [parsed('line-1', '^/x$', { action: 'deny', methods: '*' })] },
  {
    name: 'a method list without an action allows',
    text: 'POST ^/x$',
    expect: [parsed('line-1', '^/x$', { methods: ['POST'] })],
  },
  {
    name: '"*" without an action allows every method',
    text: '* ^/x$',
    expect: [parsed('line-1', '^/x$', { methods: '*' })],
  },
  {
    name: 'GET,HEAD without an action',
    text: 'GET,HEAD ^/_ping$',
    expect: [parsed('line-1', '^/_ping$', { methods: ['GET', 'HEAD'] })],
  },
  { name: 'a pattern that names a method', text: 'allow GET ^/GET$', expect: [parsed('line-1', '^/GET$')] },
  {
    name: 'a pattern holding "*"',
    text: 'deny * ^/x*$',
    expect: [parsed('line-1', '^/x*$', { action: 'deny', methods: '*' })],
  },
  { name: 'a pattern holding spaces, with an action', text: 'allow GET ^/a b$', expect: [parsed('line-1', '^/a b$')] },
  { name: 'a bare pattern holding spaces', text: '^/a b$', expect: [parsed('line-1', '^/a b$')] },
  {
    name: 'a pattern after several spaces',
    text: 'deny   GET    ^/a  b$',
    expect: [parsed('line-1', '^/a  b$', { action: 'deny' })],
  },
  { name: 'words split by tabs', text: 'allow\tGET\t^/x$', expect: [parsed('line-1', '^/x$')] },
  {
    name: 'white space around a line',
    text: '   ^/x$   \n\t deny * ^/y$ \t',
    expect: [parsed('line-1', '^/x$'), parsed('line-2', '^/y$', { action: 'deny', methods: '*' })],
  },
  {
    name: 'CRLF line ends',
    text: '# c\r\n^/a$\r\n\r\ndeny * ^/b$\r\n',
    expect: [parsed('line-2', '^/a$', { comment: 'c' }), parsed('line-4', '^/b$', { action: 'deny', methods: '*' })],
  },
  {
    name: 'a mixed file, in order',
    text: '# ping\nallow GET,HEAD ^/_ping$\ndeny * ^/secrets.*\n^/info$\n',
    expect: [
      parsed('line-2', '^/_ping$', { methods: ['GET', 'HEAD'], comment: 'ping' }),
      parsed('line-3', '^/secrets.*', { action: 'deny', methods: '*' }),
      parsed('line-4', '^/info$'),
    ],
  },
];

describe('parsePatternFile reads', () => {
  for (const c of PARSE_CASES) {
    it(c.name, () => {
      const result = parsePatternFile(c.text, FILE);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(
        result.value,
        c.expect.map((r) => ({ ...r, enabled: true })),
      );
    });
  }

  it('never turns a blank line into a rule that allows everything (as doxy did)', () => {
    for (const text of ['^/_ping$\n\n', '^/_ping$\n   \n', '\n^/_ping$', '^/_ping$\r\n\r\n']) {
      const result = parsePatternFile(text, FILE);
      assert.ok(result.ok);
      assert.equal(result.value.length, 1, JSON.stringify(text));
      const set = compileRuleSet(result.value);
      assert.ok(set.ok);
      assert.equal(decide({ method: 'GET', target: '/secrets' }, set.value).verdict, 'deny', JSON.stringify(text));
      assert.equal(decide({ method: 'GET', target: '/_ping' }, set.value).verdict, 'allow', JSON.stringify(text));
    }
  });

  it("reads doxy's default file as GET-only allow rules, each with its comment", () => {
    const result = parsePatternFile(readFileSync(DOXY_PATTERN_FILE, 'utf8'), 'doxy.pattern');
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.length, 10);
    for (const r of result.value) {
      assert.deepEqual(
        { action: r.action, methods: r.methods, enabled: r.enabled },
        { action: 'allow', methods: ['GET'], enabled: true },
      );
      assert.notEqual(r.comment, '', `${r.id} has no comment`);
    }
  });
});

interface ProblemCase {
  readonly name: string;
  readonly text: string;
  /** Every problem, in order: its `file:line` and a substring of its message. */
  readonly expect: readonly { readonly where: string; readonly message: string }[];
}

const NOT_A_LIST = 'is not a method list ("*" or e.g. "GET,HEAD"; one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS)';

const PROBLEM_CASES: readonly ProblemCase[] = [
  {
    name: 'allow without methods',
    text: 'allow ^/x$',
    expect: [{ where: `${FILE}:1`, message: '"allow" needs METHODS and PATTERN (e.g. "allow GET,HEAD ^/_ping$")' }],
  },
  {
    name: 'deny without a pattern',
    text: 'deny GET',
    expect: [{ where: `${FILE}:1`, message: '"deny" needs METHODS and PATTERN' }],
  },
  { name: 'deny alone', text: 'deny', expect: [{ where: `${FILE}:1`, message: '"deny" needs METHODS and PATTERN' }] },
  {
    name: 'allow alone',
    text: 'allow',
    expect: [{ where: `${FILE}:1`, message: '"allow" needs METHODS and PATTERN' }],
  },
  {
    name: 'allow "*" without a pattern',
    text: 'allow * ',
    expect: [{ where: `${FILE}:1`, message: '"allow" needs METHODS and PATTERN' }],
  },
  {
    name: 'a lower-case method list',
    text: 'allow get ^/x$',
    expect: [{ where: `${FILE}:1`, message: `"get" ${NOT_A_LIST}` }],
  },
  {
    name: 'a lower-case method list after a tab',
    text: 'allow\tget\t^/x$',
    expect: [{ where: `${FILE}:1`, message: `"get" ${NOT_A_LIST}` }],
  },
  {
    name: 'deny followed by a pattern',
    text: 'deny ^/x$ y',
    expect: [{ where: `${FILE}:1`, message: `"^/x$" ${NOT_A_LIST}` }],
  },
  {
    name: 'a method list with a trailing comma',
    text: 'allow GET,POST, ^/x$',
    expect: [{ where: `${FILE}:1`, message: `"GET,POST," ${NOT_A_LIST}` }],
  },
  {
    name: 'a method list with spaces',
    text: 'allow GET, POST ^/x$',
    expect: [{ where: `${FILE}:1`, message: `"GET," ${NOT_A_LIST}` }],
  },
  {
    name: 'an unknown method',
    text: 'allow FOO ^/x$',
    expect: [
      { where: `${FILE}:1`, message: 'unknown method "FOO" (one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS)' },
    ],
  },
  {
    name: 'an unknown method without an action',
    text: 'TRACE ^/x$',
    expect: [{ where: `${FILE}:1`, message: 'unknown method "TRACE"' }],
  },
  {
    name: 'an unknown method in a list',
    text: 'deny GET,FETCH ^/x$',
    expect: [{ where: `${FILE}:1`, message: 'unknown method "FETCH"' }],
  },
  {
    name: 'a bad pattern after an action',
    text: 'allow GET (x',
    expect: [{ where: `${FILE}:1`, message: 'missing closing ): `(x` (at index 0)' }],
  },
  {
    name: 'a bad bare pattern',
    text: '^/x**',
    expect: [{ where: `${FILE}:1`, message: 'invalid nested repetition operator: `**` (at index 3)' }],
  },
  {
    name: 'a backreference',
    text: '^/(a)\\1$',
    expect: [{ where: `${FILE}:1`, message: 'invalid escape sequence: `\\1` (at index 5)' }],
  },
  {
    name: 'a tab inside a pattern',
    text: 'allow GET ^/a\tb$',
    expect: [{ where: `${FILE}:1`, message: 'control character 0x09 in the pattern' }],
  },
  {
    name: 'every bad line, with its own line number',
    text: '^/ok$\n(x\n\n# c\nallow ^/y$\ndeny FOO ^/z$\n^/fine$\n',
    expect: [
      { where: `${FILE}:2`, message: 'missing closing )' },
      { where: `${FILE}:5`, message: '"allow" needs METHODS and PATTERN' },
      { where: `${FILE}:6`, message: 'unknown method "FOO"' },
    ],
  },
  {
    name: 'a bad line in a CRLF file',
    text: '^/ok$\r\n\r\n(x\r\n',
    expect: [{ where: `${FILE}:3`, message: 'missing closing )' }],
  },
];

describe('parsePatternFile reports each bad line as file:line', () => {
  for (const c of PROBLEM_CASES) {
    it(`reports ${c.name}`, () => {
      const result = parsePatternFile(c.text, FILE);
      assert.equal(result.ok, false, JSON.stringify(result));
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

  it('names the file it was given', () => {
    const result = parsePatternFile('^/a$\n(', '/etc/doxy/rules.pattern');
    assert.ok(!result.ok);
    assert.equal(result.problems[0]?.where, '/etc/doxy/rules.pattern:2');
  });
});

function rule(id: string, fields: Partial<Rule> = {}): Rule {
  return { id, action: 'allow', methods: ['GET'], pattern: '^/x$', comment: '', enabled: true, ...fields };
}

/** What a pattern file keeps of a rule: everything but its id. */
function kept(rules: readonly Rule[]): Omit<Rule, 'id'>[] {
  return rules.map(({ id: _id, ...rest }) => rest);
}

function roundTrip(rules: readonly Rule[]): Rule[] {
  const result = parsePatternFile(formatPatternFile(rules), FILE);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('formatPatternFile', () => {
  it('writes one line per rule, each comment above its rule', () => {
    const text = formatPatternFile([
      rule('a', { comment: 'Healthcheck', methods: ['GET', 'HEAD'], pattern: '^/_ping$' }),
      rule('b', { action: 'deny', methods: '*', pattern: '^/secrets(/.*)?$' }),
    ]);
    assert.equal(text, '# Healthcheck\nallow GET,HEAD ^/_ping$\ndeny * ^/secrets(/.*)?$\n');
  });

  it('writes a disabled rule commented out, then a blank line', () => {
    assert.equal(
      formatPatternFile([rule('a', { enabled: false, comment: 'off' })]),
      '# off\n# disabled: allow GET ^/x$\n\n',
    );
  });

  it('writes an empty set as an empty file', () => {
    assert.equal(formatPatternFile([]), '');
  });

  it('keeps action, methods, pattern and comment of the builtin set through a round trip', () => {
    assert.deepEqual(kept(roundTrip(BUILTIN_RULES)), kept(BUILTIN_RULES));
  });

  it("keeps doxy's default file through a round trip", () => {
    const first = parsePatternFile(readFileSync(DOXY_PATTERN_FILE, 'utf8'), 'doxy.pattern');
    assert.ok(first.ok);
    assert.deepEqual(kept(roundTrip(first.value)), kept(first.value));
  });

  it('keeps every action and method form, patterns with spaces and "#", and empty comments', () => {
    const rules = [
      rule('a', { action: 'deny', methods: '*', pattern: '^/secrets.*', comment: 'no secrets' }),
      rule('b', {
        methods: ['POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'GET'],
        pattern: '^/containers/[^/]+$',
      }),
      rule('c', { pattern: '^/a b #c$', comment: '# not a second mark' }),
      rule('d', { action: 'deny', methods: ['GET'], pattern: '^/GET$', comment: 'deny GET ^/x$' }),
      rule('e', { pattern: '.*' }),
    ];
    assert.deepEqual(kept(roundTrip(rules)), kept(rules));
  });

  it('drops a disabled rule without giving its comment to the next rule', () => {
    const rules = [
      rule('a', { comment: 'first' }),
      rule('b', { enabled: false, comment: 'off', action: 'allow', methods: '*', pattern: '.*' }),
      rule('c', { comment: 'third', pattern: '^/c$' }),
      rule('d', { enabled: false, pattern: '^/d$' }),
      rule('e', { pattern: '^/e$' }),
    ];
    assert.deepEqual(kept(roundTrip(rules)), kept([rules[0], rules[2], rules[4]].filter((r) => r !== undefined)));
  });

  for (const comment of ['one\n.*', 'one\r\n.*', 'one\r.*', '\n.*\n', 'a\nallow * .*\nb']) {
    it(`never lets the comment ${JSON.stringify(comment)} become a rule`, () => {
      const back = roundTrip([rule('a', { comment, pattern: '^/a$' })]);
      assert.deepEqual(
        back.map((r) => r.pattern),
        ['^/a$'],
      );
      assert.equal(back[0]?.comment.includes('.*'), true);
    });
  }
});
