// --socket PATH=PROFILE[,mode=..][,owner=..][,group=..] and DOXY_SOCKETS: parsed at boot, every bad one names its source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../server/config.ts';

const quiet = { write: () => undefined };
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseConfig(argv, { HOME: '/home/u', ...env }, quiet);

describe('--socket', () => {
  it('has no extra sockets by default', () => {
    assert.deepEqual(parse([]).sockets, []);
  });

  it('reads PATH=PROFILE with mode 660 by default, and options in any order', () => {
    const c = parse([
      '--socket',
      '/run/a.sock=traefik',
      '--socket',
      '/run/b.sock=ci,group=docker,mode=0640,owner=1000',
    ]);
    assert.deepEqual(c.sockets, [
      { spec: { path: '/run/a.sock', profile: 'traefik', mode: '660' }, source: '--socket' },
      { spec: { path: '/run/b.sock', profile: 'ci', mode: '640', owner: '1000', group: 'docker' }, source: '--socket' },
    ]);
  });

  it('takes a path holding "=" or "," when the rest reads as PROFILE and options', () => {
    assert.equal(parse(['--socket', '/run/x=y,z.sock=p1']).sockets[0]?.spec.path, '/run/x=y,z.sock');
  });

  it('reads DOXY_SOCKETS, several separated by ";", and the flags win over it', () => {
    const env = { DOXY_SOCKETS: '/run/a.sock=one; /run/b.sock=two,mode=600' };
    assert.deepEqual(
      parse([], env).sockets.map((s) => [s.spec.path, s.spec.profile, s.spec.mode, s.source]),
      [
        ['/run/a.sock', 'one', '660', 'DOXY_SOCKETS'],
        ['/run/b.sock', 'two', '600', 'DOXY_SOCKETS'],
      ],
    );
    assert.deepEqual(
      parse(['--socket', '/run/c.sock=three'], env).sockets.map((s) => s.spec.path),
      ['/run/c.sock'],
    );
  });

  it('accepts the Go-style single dash', () => {
    assert.equal(parse(['-socket', '/run/a.sock=p']).sockets.length, 1);
  });

  const bad: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--socket', '/run/a.sock'], {}, /^--socket: "\/run\/a.sock" is not PATH=PROFILE/],
    [['--socket', '/run/a.sock='], {}, /^--socket: .*profile name "" must be/],
    [['--socket', '/run/a.sock=-x'], {}, /^--socket: .*profile name "-x"/],
    [['--socket', '/run/a.sock=p,mode=666'], {}, /^--socket: .*666 would let every local user write/],
    [
      ['--socket', '/run/a.sock=p,mode=rw'],
      {},
      /^--socket: .*mode "rw" is not an octal file mode|^--socket: .*"rw" is not an octal/,
    ],
    [['--socket', '/run/a.sock=p,colour=red'], {}, /^--socket: .*unknown option "colour"/],
    [['--socket', '/run/a.sock=p,mode=600,mode=640'], {}, /^--socket: .*mode is given twice/],
    [['--socket', '/run/a.sock=p,owner=a b'], {}, /^--socket: /],
    [['--socket', '/run/a.sock=p', '--socket', '/run/a.sock=q'], {}, /^--socket: .*given twice/],
    [['--socket', '/tmp/doxy.sock=p'], {}, /^--socket: .*is the --proxy-socket/],
    [['--socket', `/run/${'x'.repeat(120)}.sock=p`], {}, /^--socket: .*longer than 107 bytes/],
    [[], { DOXY_SOCKETS: '/run/a.sock=p;nonsense' }, /^DOXY_SOCKETS: "nonsense" is not PATH=PROFILE/],
  ];
  for (const [argv, env, message] of bad) {
    it(`refuses ${JSON.stringify(argv)} ${JSON.stringify(env)} naming its source`, () => {
      assert.throws(
        () => parse(argv, env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }
});
