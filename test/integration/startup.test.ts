// Starting doxy against a real daemon: flag > DOXY_* > default, the socket file's mode and life, the store at start, --debug.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { docker, dockerOk, startContainer, waitUntil } from '../harness/docker-cli.ts';
import { cleanEnv, runDoxy, startDoxy } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Starts doxy on `<dir>/doxy.sock`, sees `docker version` work through it, and stops it. */
async function assertServesFrom(dir: string): Promise<void> {
  const doxy = await startDoxy({ dockerSocket: daemon, dir });
  try {
    await dockerOk(doxy.socket, ['version']);
  } finally {
    assert.equal(await doxy.stop(), 0);
  }
}

describe('doxy startup against a real daemon', { skip }, () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'doxy-it-startup-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the proxy socket is made with mode 0660 by default', async () => {
    const doxy = await startDoxy({ dockerSocket: daemon });
    try {
      assert.equal(modeOf(doxy.socket), 0o660);
      await dockerOk(doxy.socket, ['version']);
    } finally {
      await doxy.stop();
    }
  });

  it('socket mode: the flag beats DOXY_SOCKET_MODE, which beats the default', async () => {
    const fromEnv = await startDoxy({ dockerSocket: daemon, env: { DOXY_SOCKET_MODE: '600' } });
    const fromFlag = await startDoxy({
      dockerSocket: daemon,
      env: { DOXY_SOCKET_MODE: '600' },
      args: ['--socket-mode', '640'],
    });
    try {
      assert.equal(modeOf(fromEnv.socket), 0o600);
      assert.equal(modeOf(fromFlag.socket), 0o640);
    } finally {
      await fromEnv.stop();
      await fromFlag.stop();
    }
  });

  it('--proxy-socket beats DOXY_PROXY_SOCKET', async () => {
    const other = join(dir(), 'env.sock');
    const doxy = await startDoxy({ dockerSocket: daemon, env: { DOXY_PROXY_SOCKET: other } });
    try {
      assert.ok(doxy.output().includes(`listening on ${doxy.socket}`), doxy.output());
      assert.equal(existsSync(other), false);
    } finally {
      await doxy.stop();
    }
  });

  it('DOXY_PROXY_SOCKET beats the default (shown by a start that fails on that path, exit 5)', async () => {
    const d = dir();
    const notASocket = join(d, 'plain-file');
    writeFileSync(notASocket, 'keep me\n');
    const r = await runDoxy(['--docker-socket', daemon, '--db-file', join(d, 'db.json'), '--admin-address', 'none'], {
      DOXY_PROXY_SOCKET: notASocket,
      XDG_STATE_HOME: d,
    });
    assert.equal(r.code, 5, `${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(`${notASocket} exists and is not a socket`), r.stderr);
    assert.equal(readFileSync(notASocket, 'utf8'), 'keep me\n');
  });

  it('Go-style single-dash flags work: -socket-mode=600 -debug, and -proxy-socket PATH', async () => {
    const doxy = await startDoxy({ dockerSocket: daemon, args: ['-socket-mode=600', '-debug'] });
    try {
      assert.equal(modeOf(doxy.socket), 0o600);
      await http(doxy.socket, '/_ping');
      await waitUntil(() => / GET \/_ping allow /.test(doxy.output()), 'a debug line for GET /_ping');
    } finally {
      await doxy.stop();
    }
    const d = dir();
    const notASocket = join(d, 'plain-file');
    writeFileSync(notASocket, '');
    const r = await runDoxy([
      '-docker-socket',
      daemon,
      '-db-file',
      join(d, 'db.json'),
      '-admin-address',
      'none',
      '-proxy-socket',
      notASocket,
    ]);
    assert.equal(r.code, 5, `${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(notASocket), r.stderr);
  });

  it('a pattern file whose rules differ from the store becomes active at start, and the replaced set is kept in history', async () => {
    const d = dir();
    const first = await startDoxy({ dockerSocket: daemon, dir: d });
    await dockerOk(first.socket, ['ps']);
    assert.equal(await first.stop(), 0);
    const before = JSON.parse(readFileSync(join(d, 'db.json'), 'utf8')) as {
      revision: number;
      profiles: { name: string; rules: unknown }[];
    };
    assert.deepEqual(before.profiles, [{ name: 'default', rules: BUILTIN_RULES }]);

    const file = join(d, 'networks-only.pattern');
    writeFileSync(file, '# ping\nallow GET,HEAD ^/_ping$\n# networks\n^/(v\\d+\\.\\d+/)?networks$\n');
    const second = await startDoxy({ dockerSocket: daemon, dir: d, args: ['--pattern-file', file] });
    try {
      await dockerOk(second.socket, ['network', 'ls']);
      const ps = await docker(second.socket, ['ps']);
      assert.equal(ps.code, 1, 'docker ps was allowed by the built-in rules and is not by the pattern file');
      assert.match(ps.stderr, /doxy: GET \/v[\d.]+\/containers\/json is denied/);
    } finally {
      assert.equal(await second.stop(), 0);
    }
    const store = JSON.parse(readFileSync(join(d, 'db.json'), 'utf8')) as {
      revision: number;
      profiles: { rules: { id: string; pattern: string }[] }[];
      history: { revision: number; reason: string; profiles: { rules: unknown }[] }[];
    };
    assert.equal(store.revision, before.revision + 1);
    assert.deepEqual(
      store.profiles[0]?.rules.map((r) => [r.id, r.pattern]),
      [
        ['line-2', '^/_ping$'],
        ['line-4', '^/(v\\d+\\.\\d+/)?networks$'],
      ],
    );
    assert.deepEqual(store.history.find((h) => h.revision === before.revision)?.profiles[0]?.rules, BUILTIN_RULES);
    assert.ok(store.history.at(-1)?.reason.includes(file), JSON.stringify(store.history.at(-1)));

    // The same file again changes nothing.
    const third = await startDoxy({ dockerSocket: daemon, dir: d, args: ['--pattern-file', file] });
    assert.equal(await third.stop(), 0);
    assert.equal(
      (JSON.parse(readFileSync(join(d, 'db.json'), 'utf8')) as { revision: number }).revision,
      store.revision,
    );
  });

  it('a stale socket file left by a SIGKILLed doxy is replaced', async () => {
    const d = dir();
    const killed = await startDoxy({ dockerSocket: daemon, dir: d });
    killed.child.kill('SIGKILL');
    await new Promise((r) => killed.child.once('exit', r));
    assert.ok(lstatSync(killed.socket).isSocket(), 'the dead process left its socket file');
    await assertServesFrom(d);
  });

  it('a stale socket file left by another killed process is replaced', async () => {
    const d = dir();
    const path = join(d, 'doxy.sock');
    const holder = spawn(
      process.execPath,
      ['-e', 'require("node:net").createServer().listen(process.argv[1], () => console.log("up"))', path],
      { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    holder.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    try {
      await waitUntil(() => out.includes('up'), 'the holder process listening', 10_000);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    assert.ok(lstatSync(path).isSocket(), 'the dead process left its socket file');
    await assertServesFrom(d);
  });

  it('a live socket is not replaced: a second doxy on it exits 5 and the first keeps serving', async () => {
    const d = dir();
    const live = await startDoxy({ dockerSocket: daemon, dir: d });
    try {
      const r = await runDoxy([
        '--docker-socket',
        daemon,
        '--proxy-socket',
        live.socket,
        '--db-file',
        join(d, 'other.json'),
        '--admin-address',
        'none',
      ]);
      assert.equal(r.code, 5, `${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.includes(`${live.socket} is in use`), r.stderr);
      await dockerOk(live.socket, ['version']);
    } finally {
      await live.stop();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} removes the socket file and exits 0`, async () => {
      const d = dir();
      const doxy = await startDoxy({ dockerSocket: daemon, dir: d });
      doxy.child.kill(signal);
      assert.equal(await doxy.stop(), 0);
      assert.equal(existsSync(doxy.socket), false);
    });
  }

  it('an unreachable --docker-socket answers 502 naming that socket, and doxy keeps running', async () => {
    const missing = join(dir(), 'no-docker.sock');
    const doxy = await startDoxy({ dockerSocket: missing });
    try {
      for (const path of ['/_ping', '/v1.41/containers/json']) {
        const r = await http(doxy.socket, path);
        assert.equal(r.status, 502);
        assert.equal(r.headers['content-type'], 'application/json');
        assert.ok((JSON.parse(r.body) as { message: string }).message.includes(missing), r.body);
      }
      const cli = await docker(doxy.socket, ['ps'], { timeoutMs: 20_000 });
      assert.notEqual(cli.code, 0);
      assert.ok(cli.stderr.includes(missing), cli.stderr);
      assert.equal(doxy.child.exitCode, null, 'doxy is still running');
    } finally {
      await doxy.stop();
    }
  });

  it('--debug prints one line per request: time, status, duration, method, path, verdict, rule and socket', async () => {
    const doxy = await startDoxy({ dockerSocket: daemon, args: ['--debug'] });
    try {
      await http(doxy.socket, '/_ping', { method: 'HEAD' });
      await http(doxy.socket, '/v1.41/networks/create', {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      });
      await http(doxy.socket, '/containers/../images/get');
      const lines = (): string[] =>
        doxy
          .output()
          .split('\n')
          .filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
      await waitUntil(() => lines().length >= 3, 'three debug lines');
      const [ping, denied, refused] = lines();
      const on = ` socket=${doxy.socket}`;
      assert.match(ping ?? '', /^\S+ 200 \d+(\.\d+)?ms HEAD \/_ping allow rule=ping /);
      assert.ok(ping?.endsWith(on), ping);
      assert.match(denied ?? '', /^\S+ 403 \d+(\.\d+)?ms POST \/v1\.41\/networks\/create deny default /);
      assert.ok(denied?.endsWith(on), denied);
      assert.match(refused ?? '', /^\S+ 400 \d+(\.\d+)?ms GET \/containers\/\.\.\/images\/get refuse refused /);
      assert.ok(refused?.endsWith(on), refused);
    } finally {
      await doxy.stop();
    }
  });

  it('a request whose client went away before the answer is logged as 499 client-gone, not status 0', async () => {
    // busybox sleep as PID 1 ignores SIGTERM: the daemon answers the stop only after its 5 s grace, long after the client left.
    const name = `doxy-it-gone-${process.pid}`;
    await startContainer(daemon, 'doxy-test-busybox:latest', name, ['sleep', '300']);
    const dir = mkdtempSync(join(tmpdir(), 'doxy-it-gone-'));
    writeFileSync(join(dir, 'all.pattern'), 'allow * .*\n');
    const doxy = await startDoxy({
      dockerSocket: daemon,
      args: ['--debug', '--pattern-file', join(dir, 'all.pattern')],
    });
    try {
      const req = request({ socketPath: doxy.socket, method: 'POST', path: `/v1.41/containers/${name}/stop?t=5` });
      req.on('error', () => undefined);
      req.end();
      await new Promise((resolve) => setTimeout(resolve, 500));
      req.destroy();
      const line = (): string | undefined =>
        doxy
          .output()
          .split('\n')
          .find((l) => l.includes(`/containers/${name}/stop`));
      await waitUntil(() => line() !== undefined, 'the debug line of the stop');
      assert.match(
        line() ?? '',
        /^\S+ 499 \d+(\.\d+)?ms POST \/v1\.41\/containers\/\S+\/stop allow rule=\S+ socket=\S+ client-gone$/,
      );
      // The request log on disk, which the admin app searches, is written in batches.
      const onDisk = (): { status: number; reason: string; bytes: number } | undefined => {
        const file = `${doxy.dbFile}.requests.jsonl`;
        const stop = existsSync(file)
          ? readFileSync(file, 'utf8')
              .split('\n')
              .find((l) => l.includes('/stop'))
          : undefined;
        return stop === undefined ? undefined : (JSON.parse(stop) as { status: number; reason: string; bytes: number });
      };
      await waitUntil(() => onDisk() !== undefined, 'the stop in the request log on disk');
      const entry = onDisk();
      assert.deepEqual(
        { status: entry?.status, reason: entry?.reason, bytes: entry?.bytes },
        { status: 499, reason: 'doxy: the client went away before it was answered', bytes: 0 },
      );
    } finally {
      await doxy.stop();
      rmSync(dir, { recursive: true, force: true });
      await docker(daemon, ['rm', '-f', name]);
    }
  });
});
