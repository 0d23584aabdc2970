// Settings: flag beats DOXY_* variable beats default; every bad value names the flag or variable it came from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../server/config.ts';

const quiet = { write: () => undefined };
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseConfig(argv, { HOME: '/home/u', ...env }, quiet);

describe('parseConfig', () => {
  it('has doxy-compatible defaults', () => {
    const c = parse([]);
    assert.equal(c.dockerSocket, '/var/run/docker.sock');
    assert.equal(c.proxySocket, '/tmp/doxy.sock');
    assert.equal(c.dbFile, '/home/u/.local/state/doxy/db.json');
    assert.deepEqual(c.admin, { host: '127.0.0.1', port: 7080 });
    assert.equal(c.socketMode, 0o660);
    assert.equal(c.debug, false);
    assert.equal(c.daemonConnections, 64);
    assert.equal(c.daemonQueue, 1024);
    assert.ok(Object.isFrozen(c));
  });

  it('reads the daemon limits from their flags and variables', () => {
    const c = parse(['--daemon-connections', '8'], { DOXY_DAEMON_CONNECTIONS: '9', DOXY_DAEMON_QUEUE: '0' });
    assert.deepEqual([c.daemonConnections, c.daemonQueue], [8, 0]);
  });

  it('takes the flag over the variable over the default, for every setting', () => {
    const rows: [string, string, string, (c: ReturnType<typeof parse>) => unknown, unknown, unknown][] = [
      ['--docker-socket', 'DOXY_DOCKER_SOCKET', '/flag.sock', (c) => c.dockerSocket, '/flag.sock', '/env.sock'],
      ['--proxy-socket', 'DOXY_PROXY_SOCKET', '/flag.sock', (c) => c.proxySocket, '/flag.sock', '/env.sock'],
      ['--db-file', 'DOXY_DB_FILE', '/flag.json', (c) => c.dbFile, '/flag.json', '/env.sock'],
      ['--pattern-file', 'DOXY_PATTERN_FILE', '/flag.pattern', (c) => c.patternFile, '/flag.pattern', '/env.sock'],
      ['--admin-address', 'DOXY_ADMIN_ADDRESS', 'none', (c) => c.admin, null, { host: 'localhost', port: 9 }],
    ];
    for (const [flag, env, value, get, fromFlag, fromEnv] of rows) {
      const envValue = env === 'DOXY_ADMIN_ADDRESS' ? 'localhost:9' : '/env.sock';
      assert.deepEqual(get(parse([flag, value], { [env]: envValue })), fromFlag, flag);
      assert.deepEqual(get(parse([], { [env]: envValue })), fromEnv, env);
    }
  });

  it('reads DOXY_DEBUG as a boolean and --debug as on', () => {
    assert.equal(parse([], { DOXY_DEBUG: 'true' }).debug, true);
    assert.equal(parse([], { DOXY_DEBUG: '0' }).debug, false);
    assert.equal(parse(['--debug'], { DOXY_DEBUG: 'false' }).debug, true);
  });

  it('accepts Go-style single-dash flags, as doxy did', () => {
    assert.equal(parse(['-proxy-socket', '/x.sock']).proxySocket, '/x.sock');
    assert.equal(parse(['-debug']).debug, true);
  });

  it('keeps the health file beside the store unless told, and --health-check asks for the check', () => {
    assert.equal(parse([]).healthFile, '/home/u/.local/state/doxy/health.json');
    assert.equal(parse(['--db-file', '/data/db.json']).healthFile, '/data/health.json');
    assert.equal(parse([], { DOXY_DB_FILE: '/data/db.json' }).healthFile, '/data/health.json');
    assert.equal(parse([], { DOXY_HEALTH_FILE: '/run/doxy/health.json' }).healthFile, '/run/doxy/health.json');
    assert.equal(parse(['--health-file', '/h.json'], { DOXY_HEALTH_FILE: '/e.json' }).healthFile, '/h.json');
    assert.equal(parse([]).healthCheck, false);
    assert.equal(parse(['--health-check']).healthCheck, true);
    assert.equal(parse(['-health-check']).healthCheck, true);
  });

  it('parses an IPv6 admin address', () => {
    assert.deepEqual(parse(['--admin-address', '[::1]:7080']).admin, { host: '::1', port: 7080 });
  });

  const bad: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--admin-address', 'nope'], {}, /^--admin-address: "nope" is not HOST:PORT/],
    [['--admin-address', 'h:70000'], {}, /^--admin-address:/],
    [[], { DOXY_ADMIN_ADDRESS: 'x' }, /^DOXY_ADMIN_ADDRESS:/],
    [[], { DOXY_SOCKET_MODE: '666' }, /^DOXY_SOCKET_MODE: 666 would let every local user write/],
    [['--socket-mode', '9'], {}, /^--socket-mode: "9" is not an octal file mode/],
    [[], { DOXY_DEBUG: 'maybe' }, /^DOXY_DEBUG: "maybe" is not a boolean/],
    [['--admin-token', 'short'], {}, /^--admin-token: must be at least 16 characters/],
    [['--proxy-socket', ''], {}, /^--proxy-socket: is empty/],
    [['stray'], {}, /argument "stray"/],
    [['--daemon-connections', '0'], {}, /^--daemon-connections: "0" is not a whole number from 1 to 4096/],
    [[], { DOXY_DAEMON_QUEUE: '-1' }, /^DOXY_DAEMON_QUEUE: "-1" is not a whole number from 0 to 100000/],
  ];
  for (const [argv, env, message] of bad) {
    it(`refuses ${JSON.stringify(argv)} ${JSON.stringify(env)} naming its source`, () => {
      assert.throws(
        () => parse(argv, env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }

  it('refuses unknown flags', () => {
    assert.throws(() => parseConfig(['--nope'], {}, quiet), /unknown option '--nope'/);
  });
});
