// The health check and what doxy says at start about what it needs: GET /healthz (no token, nothing secret),
// `doxy --health-check` (only the store's path, no other flag: what the image's HEALTHCHECK runs), a Docker socket
// that is missing, refuses or is not permitted, and a store path doxy cannot create (a message naming --db-file).
// /healthz is open to anyone who reaches the admin address, so a flood of it must not become a flood at the daemon.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { TOKEN, freePort, startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { makeCa, makeCert } from '../harness/certs.ts';
import { BUNDLE, buildBundle, cleanEnv, runDoxy, startDoxy } from '../harness/doxy.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { createSocketForwarder } from '../security/socket-forwarder.ts';

const { env, skip } = dockerEnv();
/** nobody: a user that may not write where root keeps things, nor enter the private dockerd's folder. */
const NOBODY = 65534;

/** Runs the bundle as `uid` until it exits or prints `until`; returns its exit code (null when it was stopped). */
function runAs(
  uid: number,
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv,
  until?: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {
      uid,
      gid: uid,
      cwd: '/',
      env: { ...cleanEnv(), ...extraEnv },
    });
    let output = '';
    const take = (d: Buffer): void => {
      output += d.toString();
      if (until !== undefined && output.includes(until)) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: until !== undefined && output.includes(until) ? null : code, output });
    });
  });
}

describe('GET /healthz and doxy --health-check', { skip }, () => {
  let admin: AdminDoxy;
  let dir = '';
  let extra = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-health-'));
    extra = join(dir, 'traefik.sock');
    admin = await startAdminDoxy({ dockerSocket: env?.socket ?? '', dir, args: ['--socket', `${extra}=traefik`] });
  });
  after(async () => {
    await admin?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 200 healthy with counts only, to a caller without a token or our Host name', async () => {
    const r = await admin.call('/healthz', { auth: false, headers: { Host: 'doxy:7080' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { status: 'healthy', sockets: { listening: 2, total: 2 }, docker: 'ok' });
    for (const secret of [TOKEN, dir, 'traefik', env?.socket ?? '']) assert.ok(!r.text.includes(secret), secret);
  });

  it('--health-check, given only the store, finds the sockets and the Docker socket and exits 0', async () => {
    const r = await runDoxy(['--health-check'], { DOXY_DB_FILE: admin.doxy.dbFile });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, 'doxy: healthy: 2 of 2 sockets listening, Docker ok\n');
  });

  it('--health-check names a socket that stopped listening and exits 1', async () => {
    const put = await admin.call('/api/sockets');
    const { revision, sockets } = put.body as {
      revision: number;
      sockets: { path: string; profile: string; mode: string }[];
    };
    const added = join(dir, 'missing-folder', 'new.sock');
    const r = await admin.call('/api/sockets', {
      method: 'PUT',
      body: {
        basedOn: revision,
        sockets: [
          ...sockets.map(({ path, profile, mode }) => ({ path, profile, mode })),
          { path: added, profile: 'default', mode: '660' },
        ],
      },
    });
    assert.equal(r.status, 200, r.text);
    const check = await runDoxy(['--health-check', '--db-file', admin.doxy.dbFile]);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, new RegExp(`socket ${added} is not listening`));
    assert.match(check.stdout, /doxy: unhealthy: 2 of 3 sockets listening, Docker ok\n$/);
    const healthz = await admin.call('/healthz', { auth: false });
    assert.equal(healthz.status, 503);
    assert.deepEqual(healthz.body, { status: 'unhealthy', sockets: { listening: 2, total: 3 }, docker: 'ok' });
  });

  it('--health-check says doxy is not running once it stopped, and exits 1', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'doxy-it-health-stop-'));
    try {
      const doxy = await startDoxy({ dockerSocket: env?.socket ?? '', dir: scratch });
      assert.equal((await runDoxy(['--health-check'], { DOXY_DB_FILE: doxy.dbFile })).code, 0);
      await doxy.stop();
      const r = await runDoxy(['--health-check'], { DOXY_DB_FILE: doxy.dbFile });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /unhealthy: .*health\.json does not exist: doxy is not running/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('--health-check of TCP sockets', { skip }, () => {
  it('finds a mutual-TLS socket and an allow-from socket listening without connecting: doxy refuses and logs no one', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'doxy-it-health-tcp-'));
    try {
      const ca = makeCa(scratch, 'ca');
      const server = makeCert(scratch, ca, 'doxy', 'server');
      const tls = `tls-cert=${server.cert},tls-key=${server.key},tls-ca=${ca.cert}`;
      const tlsPort = await freePort();
      const listPort = await freePort();
      const doxy = await startDoxy({
        dockerSocket: env?.socket ?? '',
        dir: scratch,
        args: [
          '--socket',
          `tcp://127.0.0.1:${tlsPort}=default,${tls}`,
          '--socket',
          `tcp://0.0.0.0:${listPort}=default,allow-from=10.9.8.7`,
        ],
      });
      try {
        for (let i = 0; i < 3; i++) {
          const r = await runDoxy(['--health-check'], { DOXY_DB_FILE: doxy.dbFile });
          assert.equal(r.code, 0, r.stdout + r.stderr);
          assert.equal(r.stdout, 'doxy: healthy: 3 of 3 sockets listening, Docker ok\n');
        }
        await sleep(300);
        assert.doesNotMatch(doxy.output(), /refused a client/);
      } finally {
        await doxy.stop();
      }
      // A TCP socket the health file names and nothing listens on.
      const closed = await freePort();
      const file = join(scratch, 'by-hand.json');
      writeFileSync(
        file,
        JSON.stringify({ pid: process.pid, dockerSocket: env?.socket ?? '', sockets: [`tcp://0.0.0.0:${closed}`] }),
      );
      const r = await runDoxy(['--health-check', '--health-file', file]);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(
        r.stdout,
        `doxy: socket tcp://0.0.0.0:${closed} is not listening (nothing listens on port ${closed})\n` +
          'doxy: unhealthy: 0 of 1 sockets listening, Docker ok\n',
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/** GET /healthz with a fresh connection each (no keep-alive pool), without a token; resolves with the status. */
function healthz(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    r.once('error', reject);
    r.end();
  });
}

describe('a flood of /healthz', { skip }, () => {
  it('holds one daemon connection at a time, however many ask at once: they share one ping', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'doxy-it-healthz-flood-'));
    const daemon = createSocketForwarder(env?.socket ?? '', join(dir, 'docker.sock'));
    await daemon.start();
    const a = await startAdminDoxy({ dockerSocket: daemon.path, dir });
    try {
      const before = daemon.connections();
      const statuses = await Promise.all(Array.from({ length: 200 }, () => healthz(a.port)));
      const c = daemon.connections();
      t.diagnostic(`200 /healthz at once: ${c.total - before.total} new daemon connections, ${c.peak} open at most`);
      assert.ok(
        statuses.every((s) => s === 200),
        statuses.join(' '),
      );
      // doxy's own pings at start and the flood's, one at a time (a closing one may overlap the next).
      assert.ok(c.peak <= 3, `doxy held ${c.peak} daemon connections at once`);
    } finally {
      await a.stop();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what doxy says at start about the Docker socket', { skip }, () => {
  let dir = '';
  before(() => {
    buildBundle();
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-docker-socket-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says a missing socket does not exist, and the health check agrees', async () => {
    const missing = join(dir, 'no-such', 'docker.sock');
    const doxy = await startDoxy({ dockerSocket: missing });
    try {
      for (let i = 0; i < 100 && !doxy.output().includes('warning: the Docker socket'); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(
        doxy.output(),
        new RegExp(
          `doxy: warning: the Docker socket ${missing} does not exist: start dockerd, or point --docker-socket at it.*; until then every request gets 502`,
        ),
      );
      const r = await runDoxy(['--health-check'], { DOXY_DB_FILE: doxy.dbFile });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /doxy: unhealthy: 1 of 1 sockets listening, Docker missing\n$/);
    } finally {
      await doxy.stop();
    }
  });

  it('says a socket that refuses connections means dockerd is not running', async () => {
    const dead = join(dir, 'dead.sock');
    // A socket file that nothing listens on: what a stopped dockerd leaves behind.
    const made = spawnSync('python3', [
      '-c',
      `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(dead)})`,
    ]);
    assert.equal(made.status, 0, made.stderr.toString());
    const doxy = await startDoxy({ dockerSocket: dead });
    try {
      for (let i = 0; i < 100 && !doxy.output().includes('warning: the Docker socket'); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(doxy.output(), new RegExp(`the Docker socket ${dead} refuses connections: dockerd is not running`));
    } finally {
      await doxy.stop();
    }
  });

  it('says a socket it may not use is not permitted, names the user and how to add the group', async () => {
    const mine = mkdtempSync(join(tmpdir(), 'doxy-it-nobody-'));
    chownSync(mine, NOBODY, NOBODY);
    try {
      const r = await runAs(
        NOBODY,
        ['--proxy-socket', join(mine, 'doxy.sock'), '--db-file', join(mine, 'db.json'), '--admin-address', 'none'],
        { DOXY_DOCKER_SOCKET: env?.socket ?? '' },
        'until then every request gets 502',
      );
      assert.equal(r.code, null, `doxy exited instead of serving:\n${r.output}`);
      assert.match(r.output, new RegExp(`the Docker socket ${env?.socket} is not permitted to uid ${NOBODY}`));
      assert.match(r.output, /--group-add GID/);
      assert.match(r.output, /SupplementaryGroups=docker/);
    } finally {
      rmSync(mine, { recursive: true, force: true });
    }
  });
});

describe('a store path doxy cannot create', { skip }, () => {
  before(() => buildBundle());

  const cases: { title: string; args: string[]; env: NodeJS.ProcessEnv; why: RegExp }[] = [
    {
      title: 'the default path under a home folder that does not exist',
      args: [],
      env: { HOME: '/nonexistent/doxy-home' },
      why: /store \/nonexistent\/doxy-home\/\.local\/state\/doxy\/db\.json: the home folder \/nonexistent\/doxy-home does not exist/,
    },
    {
      title: 'a --db-file in a folder the user may not write',
      args: ['--db-file', '/etc/doxy-it-store/db.json'],
      env: { HOME: '/tmp' },
      why: /store \/etc\/doxy-it-store\/db\.json: uid 65534 may not write there \(EACCES\)/,
    },
  ];
  for (const c of cases) {
    it(`${c.title}: exit 4 and a message naming --db-file`, async () => {
      const socket = join(tmpdir(), `doxy-it-store-${process.pid}.sock`);
      const r = await runAs(NOBODY, ['--proxy-socket', socket, '--admin-address', 'none', ...c.args], {
        ...c.env,
        DOXY_DOCKER_SOCKET: env?.socket ?? '',
      });
      assert.equal(r.code, 4, r.output);
      assert.match(r.output, c.why);
      assert.match(r.output, /choose a writable path with --db-file PATH \(or DOXY_DB_FILE\)\n$/);
      assert.doesNotMatch(r.output, /^doxy: EACCES/m);
    });
  }
});
