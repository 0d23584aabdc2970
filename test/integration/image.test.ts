// The container image, as `npm run image` builds it (once per run, on the private dockerd), run the way the README
// says: the Docker socket mounted, the sockets' folder bind-mounted for the host's clients, --group-add the socket's
// group, the store in a volume. What a user sees: the docker CLI through the container's socket, doxy's refusal, a
// non-root process, health through the image's own HEALTHCHECK, and the rules still there after a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../harness/doxy.ts';
import { docker, dockerOk, removeAll, uniqueName } from '../harness/docker-cli.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';

const { env, skip } = dockerEnv();
const IMAGE = 'doxy:local';
/** The image's user: "node" in the official Node image, the same uid in the stand-in. */
const UID = 1000;
const TOKEN = 'image-test-admin-token-0123456789';
/** Well above the build's ~3 minutes on a shared 2-core machine (vfs storage, npm ci from the registry). */
const BUILD_TIMEOUT_MS = 12 * 60_000;

function buildImage(daemon: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    execFile(
      join(REPO, 'scripts', 'build-image'),
      [],
      {
        cwd: REPO,
        env: { ...process.env, DOCKER_HOST: `unix://${daemon}` },
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`npm run image failed: ${error.message}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        else {
          process.stderr.write(`image.test: npm run image took ${Math.round((Date.now() - started) / 1000)} s\n`);
          resolve();
        }
      },
    );
  });
}

/** `docker inspect -f FORMAT name` on the daemon. */
async function inspect(daemon: string, name: string, format: string): Promise<string> {
  return (await dockerOk(daemon, ['inspect', '-f', format, name])).trim();
}

async function waitForHealth(daemon: string, name: string, want: string, timeoutMs = 90_000): Promise<void> {
  let last = '';
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(500)) {
    last = await inspect(daemon, name, '{{.State.Health.Status}}');
    if (last === want) return;
  }
  const log = await inspect(daemon, name, '{{json .State.Health}}');
  throw new Error(`${name} is ${last}, not ${want}, after ${timeoutMs} ms: ${log}`);
}

/** An admin API call made inside the container (the admin app is not published: --network none). */
async function adminCall(daemon: string, name: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const script = `fetch('http://127.0.0.1:7080${path}', { method: ${JSON.stringify(method)}, headers: { authorization: 'Bearer ${TOKEN}', 'content-type': 'application/json' }, body: process.argv[1] || undefined }).then(async (r) => { process.stdout.write(await r.text()); process.exitCode = r.ok ? 0 : 1; })`;
  const out = await dockerOk(daemon, [
    'exec',
    name,
    'node',
    '-e',
    script,
    body === undefined ? '' : JSON.stringify(body),
  ]);
  return JSON.parse(out) as unknown;
}

describe('the container image', { skip, timeout: BUILD_TIMEOUT_MS + 5 * 60_000 }, () => {
  const daemon = env?.socket ?? '';
  const name = uniqueName('image');
  const other = uniqueName('image-none');
  const volume = uniqueName('image-data');
  let dir = '';
  let proxy = '';
  let gid = 0;

  /** Runs the image detached with the flags a user would give; `args` go to doxy. */
  const run = (container: string, sockets: string, data: string, args: readonly string[]): Promise<string> =>
    dockerOk(daemon, [
      'run',
      '-d',
      '--name',
      container,
      '--network',
      'none',
      // Only the timing: the first check comes after one interval, and the image's 30 s would make this file slow.
      '--health-interval',
      '1s',
      '--group-add',
      String(gid),
      '-v',
      `${daemon}:/var/run/docker.sock`,
      '-v',
      `${sockets}:/run/doxy`,
      '-v',
      `${data}:/data`,
      IMAGE,
      ...args,
    ]);

  before(async () => {
    await buildImage(daemon);
    gid = statSync(daemon).gid;
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-image-'));
    // The bind-mounted folder must be writable by the image's user, as the README says.
    chownSync(dir, UID, UID);
    proxy = join(dir, 'doxy.sock');
    await run(name, dir, volume, ['--admin-token', TOKEN]);
  });
  after(async () => {
    await removeAll(daemon, { containers: [name, other] });
    await docker(daemon, ['volume', 'rm', '-f', volume, `${volume}-none`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints doxy's help: the entrypoint is doxy and flags pass through", async () => {
    const help = await dockerOk(daemon, ['run', '--rm', '--network', 'none', IMAGE, '--help']);
    assert.match(help, /^Usage: doxy \[options\]/);
    assert.match(help, /--health-check/);
  });

  it('becomes healthy through its own HEALTHCHECK', async () => {
    await waitForHealth(daemon, name, 'healthy');
    const log = await inspect(daemon, name, '{{json .State.Health.Log}}');
    assert.match(log, /doxy: healthy: 1 of 1 sockets listening, Docker ok/);
  });

  it('runs as a non-root user, which owns the socket it made', async () => {
    assert.equal(await inspect(daemon, name, '{{.Config.User}}'), `${UID}:${UID}`);
    const pid = await inspect(daemon, name, '{{.State.Pid}}');
    const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    assert.equal(uids?.[1], String(UID), 'real uid');
    assert.equal(uids?.[2], String(UID), 'effective uid');
    assert.equal(statSync(proxy).uid, UID);
  });

  it('lets the docker CLI on the host list containers through the bind-mounted socket', async () => {
    await waitForHealth(daemon, name, 'healthy');
    const ps = await dockerOk(proxy, ['ps', '--format', '{{.Names}}']);
    assert.ok(ps.split('\n').includes(name), `docker ps through doxy did not list ${name}:\n${ps}`);
  });

  it("refuses a write with doxy's message", async () => {
    const r = await docker(proxy, ['run', '--rm', env?.image ?? '', 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy: POST \/v[\d.]+\/containers\/create is denied/);
  });

  // The save is checked on the admin worker thread (dist/server/off-thread-worker.js): a 503 here if the image lacked it.
  it('keeps the rules saved in the admin app across a restart (the /data volume)', async () => {
    await waitForHealth(daemon, name, 'healthy');
    const before = (await adminCall(daemon, name, 'GET', '/api/rules')) as { revision: number; rules: unknown[] };
    const rule = {
      id: 'image-restart',
      action: 'allow',
      methods: ['GET'],
      pattern: '/v[0-9.]+/info',
      comment: 'saved before the restart',
      enabled: true,
    };
    await adminCall(daemon, name, 'PUT', '/api/rules', { basedOn: before.revision, rules: [...before.rules, rule] });
    await dockerOk(daemon, ['restart', '--time', '5', name]);
    await waitForHealth(daemon, name, 'healthy');
    const afterRestart = (await adminCall(daemon, name, 'GET', '/api/rules')) as { revision: number; rules: unknown[] };
    assert.ok(afterRestart.revision > before.revision);
    assert.deepEqual(afterRestart.rules.at(-1), rule);
    assert.match(await dockerOk(daemon, ['logs', name]), /store \/data\/db\.json/);
  });

  it('is healthy with --admin-address none, another socket path and a TCP socket: the check needs none of the flags', async (t) => {
    const sockets = mkdtempSync(join(tmpdir(), 'doxy-it-image-none-'));
    chownSync(sockets, UID, UID);
    try {
      await run(other, sockets, `${volume}-none`, [
        '--admin-address',
        'none',
        '--proxy-socket',
        '/run/doxy/other.sock',
        // A client the check would be (loopback) is refused here: the check must not need to connect.
        '--socket',
        'tcp://0.0.0.0:2375=default,allow-from=10.9.8.7',
      ]);
      await waitForHealth(daemon, other, 'healthy');
      assert.match(
        await inspect(daemon, other, '{{json .State.Health.Log}}'),
        /doxy: healthy: 2 of 2 sockets listening, Docker ok/,
      );
      const logs = await docker(daemon, ['logs', other]);
      assert.doesNotMatch(logs.stdout + logs.stderr, /refused a client/);
      assert.ok(statSync(join(sockets, 'other.sock')).isSocket());
      assert.doesNotMatch(await dockerOk(daemon, ['logs', other]), /admin app at/);
      // Figures for the README: both idle now, the first one for longer.
      const size = Number(await inspect(daemon, IMAGE, '{{.Size}}'));
      const rss = async (container: string): Promise<string> => {
        const pid = await inspect(daemon, container, '{{.State.Pid}}');
        const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return `${Math.round(Number(kib) / 1024)} MiB`;
      };
      t.diagnostic(
        `image ${(size / 2 ** 20).toFixed(0)} MiB; idle RSS ${await rss(name)} with the admin app, ${await rss(other)} without`,
      );
    } finally {
      await removeAll(daemon, { containers: [other] });
      rmSync(sockets, { recursive: true, force: true });
    }
  });
});
