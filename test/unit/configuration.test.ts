// The whole configuration (profiles and sockets) and its doxy-config file: every problem has a JSON pointer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatConfigFile, parseConfigFile } from '../../shared/profiles/config-file.ts';
import { checkConfiguration, withProfileRules, type Configuration } from '../../shared/profiles/configuration.ts';
import { profileNameProblem } from '../../shared/profiles/names.ts';
import type { Rule } from '../../shared/rules/types.ts';

const PING: Rule = {
  id: 'ping',
  action: 'allow',
  methods: ['GET', 'HEAD'],
  pattern: '^/_ping$',
  comment: '',
  enabled: true,
};
const GOOD: Configuration = {
  profiles: [
    { name: 'default', rules: [PING] },
    { name: 'ci', rules: [] },
  ],
  sockets: [{ path: '/run/ci.sock', profile: 'ci', mode: '0640' }],
};

describe('checkConfiguration', () => {
  it('accepts a good configuration and stores modes as three digits', () => {
    const r = checkConfiguration(GOOD);
    assert.ok(r.ok);
    assert.equal(r.value.sockets[0]?.mode, '640');
  });

  const bad: [string, (c: Configuration) => unknown, string, RegExp][] = [
    ['no default profile', (c) => ({ ...c, profiles: c.profiles.slice(1) }), '/profiles', /no profile "default"/],
    [
      'a name twice',
      (c) => ({ ...c, profiles: [...c.profiles, { name: 'ci', rules: [] }] }),
      '/profiles/2/name',
      /named twice/,
    ],
    [
      'a bad name',
      (c) => ({ ...c, profiles: [...c.profiles, { name: 'a b', rules: [] }] }),
      '/profiles/2/name',
      /must be 1-64/,
    ],
    [
      'a bad pattern',
      (c) => withProfileRules(c, 'ci', [{ ...PING, pattern: '(' }]),
      '/profiles/1/rules/0/pattern',
      /at index/,
    ],
    [
      'a socket of an unknown profile',
      (c) => ({ ...c, sockets: [{ ...c.sockets[0], profile: 'nope' }] }),
      '/sockets/0/profile',
      /no profile "nope"/,
    ],
    [
      'a relative socket path',
      (c) => ({ ...c, sockets: [{ ...c.sockets[0], path: 'ci.sock' }] }),
      '/sockets/0/path',
      /not an absolute path/,
    ],
    [
      'a path with ..',
      (c) => ({ ...c, sockets: [{ ...c.sockets[0], path: '/run/../ci.sock' }] }),
      '/sockets/0/path',
      /not a plain path/,
    ],
    [
      'a world-writable mode',
      (c) => ({ ...c, sockets: [{ ...c.sockets[0], mode: '666' }] }),
      '/sockets/0/mode',
      /every local user/,
    ],
    ['a socket twice', (c) => ({ ...c, sockets: [c.sockets[0], c.sockets[0]] }), '/sockets/1/path', /listed twice/],
    ['an unknown field', (c) => ({ ...c, sockets: [{ ...c.sockets[0], colour: 'red' }] }), '/sockets/0', /colour/],
  ];
  for (const [what, make, where, message] of bad) {
    it(`refuses ${what} at ${where}`, () => {
      const r = checkConfiguration(make(GOOD));
      assert.ok(!r.ok);
      assert.equal(r.problems[0]?.where, where, JSON.stringify(r.problems));
      assert.match(r.problems[0]?.message ?? '', message);
    });
  }
});

describe('profile names', () => {
  it('are 1-64 of [A-Za-z0-9._-], starting with a letter or digit', () => {
    for (const ok of ['default', 'a', 'Traefik-2.x_ci', '9', 'x'.repeat(64)])
      assert.equal(profileNameProblem(ok), null, ok);
    for (const no of ['', '.hidden', '-x', '_x', 'a b', 'a/b', 'x'.repeat(65), 'é'])
      assert.notEqual(profileNameProblem(no), null, no);
  });
});

describe('the doxy-config file', () => {
  it('round-trips', () => {
    const r = parseConfigFile(formatConfigFile(GOOD));
    assert.ok(r.ok);
    assert.deepEqual(r.value.profiles, GOOD.profiles);
  });

  it('refuses another version, and malformed content with a pointer into the file', () => {
    const v2 = parseConfigFile(JSON.stringify({ format: 'doxy-config', version: 2, profiles: [], sockets: [] }));
    assert.ok(!v2.ok);
    assert.equal(v2.problems[0]?.where, '/version');
    const text = formatConfigFile(
      withProfileRules(GOOD, 'ci', [{ ...PING, methods: ['FETCH'] as unknown as Rule['methods'] }]),
    );
    const bad = parseConfigFile(text);
    assert.ok(!bad.ok);
    assert.equal(bad.problems[0]?.where, '/profiles/1/rules/0/methods/0');
  });
});
