// Several filtered sockets from one doxy, each bound to a profile: --socket flags, presets made into profiles, and
// sockets added, rebound and removed through the admin API without a restart, judged on the real daemon.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { CoverageCompareResponse } from '../../shared/protocol/coverage.ts';
import type { LogSearchResponse } from '../../shared/protocol/log.ts';
import type { ProfilesResponse } from '../../shared/protocol/profiles.ts';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import type { ConfigImportResponse } from '../../shared/protocol/transfer.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import {
  ALLOW_ALL,
  docker,
  dockerOk,
  dockerStream,
  removeAll,
  startContainer,
  uniqueName,
  waitUntil,
} from '../harness/docker-cli.ts';
import { cleanEnv, MAIN, REPO, runDoxy } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';
const TICK = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'];

const startedAt = async (name: string): Promise<string> =>
  (await dockerOk(daemon, ['inspect', '--format', '{{.State.StartedAt}}', name])).trim();
const running = async (name: string): Promise<boolean> =>
  (await dockerOk(daemon, ['inspect', '--format', '{{.State.Running}}', name])).trim() === 'true';
const error = (body: unknown): ApiError['error'] => (body as ApiError).error;

/** One request through `agent` (keep-alive): its status, and whether it went over a connection used before. */
function onConnection(agent: Agent, socketPath: string, path: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits for `stream` to print a tick numbered past the last one it printed so far: it is still flowing. */
async function stillFlowing(stream: ReturnType<typeof dockerStream>): Promise<void> {
  const seen = [...stream.output().matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
  const last = Math.max(0, ...seen);
  await stream.waitFor([`tick ${last + 2}\n`], 15_000);
}

describe('three sockets, three profiles made from presets', { skip }, () => {
  let a: AdminDoxy;
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-sockets-'));
  const traefik = join(dir, 'traefik.sock');
  const prometheus = join(dir, 'prom.sock');
  const autoheal = join(dir, 'autoheal.sock');
  const box = uniqueName('box');

  before(async () => {
    await startContainer(daemon, image, box, ['sleep', '300']);
    a = await startAdminDoxy({
      dockerSocket: daemon,
      dir,
      args: [
        '--socket',
        `${traefik}=traefik`,
        '--socket',
        `${prometheus}=prometheus-docker,mode=600`,
        '--socket',
        `${autoheal}=autoheal`,
      ],
    });
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: [box] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('names each socket, its profile and mode at start, and keeps the --proxy-socket line', () => {
    const out = a.doxy.output();
    assert.match(out, new RegExp(`doxy 2\\.0\\.0: listening on ${a.doxy.socket} \\(mode 660\\)`));
    assert.ok(out.includes(`doxy: socket ${traefik}: profile traefik, mode 660 (flag)`), out);
    assert.ok(out.includes(`doxy: socket ${prometheus}: profile prometheus-docker, mode 600 (flag)`), out);
    assert.ok(out.includes(`doxy: socket ${autoheal}: profile autoheal, mode 660 (flag)`), out);
    assert.equal(statSync(prometheus).mode & 0o777, 0o600);
  });

  it('made one profile per preset, each bound to its socket', async () => {
    const r = await a.call('/api/profiles');
    const profiles = (r.body as ProfilesResponse).profiles.map((p) => [p.name, p.sockets]);
    assert.deepEqual(profiles, [
      ['default', [a.doxy.socket]],
      ['traefik', [traefik]],
      ['prometheus-docker', [prometheus]],
      ['autoheal', [autoheal]],
    ]);
    const sockets = (await a.call('/api/sockets')).body as SocketsResponse;
    assert.deepEqual(
      sockets.sockets.map((s) => [s.path, s.profile, s.mode, s.source, s.listening, s.error]),
      [
        [a.doxy.socket, 'default', '660', 'proxy-socket', true, null],
        [traefik, 'traefik', '660', 'flag', true, null],
        [prometheus, 'prometheus-docker', '600', 'flag', true, null],
        [autoheal, 'autoheal', '660', 'flag', true, null],
      ],
    );
  });

  it('traefik lists and inspects containers, and may not restart one or list networks', async () => {
    assert.match(await dockerOk(traefik, ['ps', '--format', '{{.Names}}']), new RegExp(box));
    assert.match(await dockerOk(traefik, ['inspect', '--format', '{{.Name}}', box]), new RegExp(box));
    const before = await startedAt(box);
    const restart = await docker(traefik, ['restart', '-t', '0', box]);
    assert.equal(restart.code, 1);
    assert.match(restart.stderr, /doxy: POST \/v[\d.]+\/containers\/[^/]+\/restart is denied/);
    assert.equal(await startedAt(box), before, 'the daemon restarted the container');
    const nets = await docker(traefik, ['network', 'ls']);
    assert.equal(nets.code, 1);
  });

  it('prometheus lists containers and networks (raw HTTP, unversioned too), and may not inspect a container', async () => {
    assert.equal((await http(prometheus, '/v1.41/containers/json')).status, 200);
    assert.equal((await http(prometheus, '/networks')).status, 200);
    assert.equal((await http(prometheus, '/_ping', { method: 'HEAD' })).status, 200);
    const inspect = await http(prometheus, `/v1.41/containers/${box}/json`);
    assert.equal(inspect.status, 403);
    assert.match(inspect.body, /is denied/);
  });

  it('autoheal restarts a container (the daemon did it) and may not stop one or inspect it', async () => {
    const before = await startedAt(box);
    await dockerOk(autoheal, ['restart', '-t', '0', box]);
    assert.notEqual(await startedAt(box), before);
    const stop = await docker(autoheal, ['stop', '-t', '0', box]);
    assert.equal(stop.code, 1);
    assert.ok(await running(box));
    assert.equal((await docker(autoheal, ['inspect', box])).code, 1);
  });

  it('the default --proxy-socket keeps the built-in read-only rules', async () => {
    await dockerOk(a.doxy.socket, ['ps']);
    assert.equal((await docker(a.doxy.socket, ['restart', '-t', '0', box])).code, 1);
  });

  it('the request log names the socket and profile of each request, and searches by them', async () => {
    const bySocket = (await a.call(`/api/log/search?socket=${encodeURIComponent(autoheal)}`)).body as LogSearchResponse;
    assert.ok(bySocket.entries.length > 0);
    assert.ok(
      bySocket.entries.every((e) => e.socket === autoheal && e.profile === 'autoheal'),
      JSON.stringify(bySocket.entries[0]),
    );
    assert.ok(bySocket.entries.some((e) => e.verdict === 'allow' && /\/restart$/.test(e.path)));
    const byProfile = (await a.call('/api/log/search?profile=traefik&verdict=deny')).body as LogSearchResponse;
    assert.ok(byProfile.entries.some((e) => /\/restart$/.test(e.path)));
    assert.ok(byProfile.entries.every((e) => e.socket === traefik && e.profile === 'traefik' && e.verdict === 'deny'));
    const proxy = (await a.call(`/api/log/search?socket=${encodeURIComponent(a.doxy.socket)}`))
      .body as LogSearchResponse;
    assert.ok(proxy.entries.length > 0 && proxy.entries.every((e) => e.profile === 'default'));
  });

  it('stats per socket count that socket only', async () => {
    const stats = (await a.call(`/api/stats?socket=${encodeURIComponent(autoheal)}`)).body as {
      socket: string;
      minutes: { allow: number; deny: number }[];
    };
    assert.equal(stats.socket, autoheal);
    const total = stats.minutes.reduce((n, m) => n + m.allow + m.deny, 0);
    const logged =
      ((await a.call(`/api/log/search?socket=${encodeURIComponent(autoheal)}&verdict=allow`)).body as LogSearchResponse)
        .entries.length +
      ((await a.call(`/api/log/search?socket=${encodeURIComponent(autoheal)}&verdict=deny`)).body as LogSearchResponse)
        .entries.length;
    assert.equal(total, logged);
  });

  it('compares two profiles operation by operation', async () => {
    const r = await a.call('/api/coverage/compare?a=traefik&b=autoheal');
    assert.equal(r.status, 200, r.text);
    const c = r.body as CoverageCompareResponse;
    assert.deepEqual([c.a.label, c.b.label], ['traefik', 'autoheal']);
    const op = (method: string, template: string) =>
      c.areas.flatMap((x) => x.operations).find((o) => o.method === method && o.template === template);
    assert.deepEqual(
      [op('POST', '/containers/{id}/restart')?.a, op('POST', '/containers/{id}/restart')?.b],
      ['denied', 'allowed'],
    );
    assert.deepEqual(
      [op('GET', '/containers/{id}/json')?.a, op('GET', '/containers/{id}/json')?.b],
      ['allowed', 'denied'],
    );
    assert.equal(
      c.a.counts.allowed + c.a.counts.denied + c.a.counts.partial,
      c.b.counts.allowed + c.b.counts.denied + c.b.counts.partial,
    );
  });

  it('refuses to delete a profile bound to a socket, naming the socket', async () => {
    const revision = ((await a.call('/api/profiles')).body as ProfilesResponse).revision;
    const r = await a.call(`/api/profiles/autoheal?basedOn=${revision}`, { method: 'DELETE' });
    assert.equal(r.status, 409);
    assert.equal(error(r.body).code, 'PROFILE_IN_USE');
    assert.ok(error(r.body).message.includes(autoheal), error(r.body).message);
    const d = await a.call(`/api/profiles/default?basedOn=${revision}`, { method: 'DELETE' });
    assert.equal(d.status, 409);
    assert.equal(error(d.body).code, 'PROFILE_REQUIRED');
  });

  it('serves the same sockets after a restart, from the store', async () => {
    await a.stop();
    a = await startAdminDoxy({ dockerSocket: daemon, dir });
    const sockets = (await a.call('/api/sockets')).body as SocketsResponse;
    assert.deepEqual(
      sockets.sockets.map((s) => [s.path, s.profile, s.source, s.listening]),
      [
        [a.doxy.socket, 'default', 'proxy-socket', true],
        [traefik, 'traefik', 'store', true],
        [prometheus, 'prometheus-docker', 'store', true],
        [autoheal, 'autoheal', 'store', true],
      ],
    );
    await dockerOk(autoheal, ['restart', '-t', '0', box]);
  });
});

describe('sockets changed in the app, without a restart', { skip }, () => {
  let a: AdminDoxy;
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-sockets-live-'));
  const extra = join(dir, 'extra.sock');
  const ticker = uniqueName('ticker');
  let onProxy: ReturnType<typeof dockerStream>;

  const revision = async (): Promise<number> => ((await a.call('/api/sockets')).body as SocketsResponse).revision;
  const putSockets = async (sockets: unknown[]): Promise<SocketsResponse> => {
    const r = await a.call('/api/sockets', { method: 'PUT', body: { basedOn: await revision(), sockets } });
    assert.equal(r.status, 200, r.text);
    return r.body as SocketsResponse;
  };

  before(async () => {
    await startContainer(daemon, image, ticker, TICK);
    const patterns = join(dir, 'all.pattern');
    writeFileSync(patterns, ALLOW_ALL);
    a = await startAdminDoxy({ dockerSocket: daemon, dir, args: ['--pattern-file', patterns] });
    for (const [name, preset] of [
      ['reader', 'dozzle'],
      ['lister', 'prometheus-docker'],
    ]) {
      const r = await a.call('/api/profiles', {
        method: 'POST',
        body: { basedOn: await revision(), name, from: { preset } },
      });
      assert.equal(r.status, 201, r.text);
    }
    onProxy = dockerStream(a.doxy.socket, ['logs', '-f', '--tail', '1', ticker]);
    await onProxy.waitFor(['tick'], 15_000);
  });
  after(async () => {
    await onProxy?.kill();
    await a?.stop();
    await removeAll(daemon, { containers: [ticker] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a socket: it listens at once with its profile, and a stream on another socket keeps flowing', async () => {
    const state = await putSockets([{ path: extra, profile: 'reader', mode: '660' }]);
    assert.deepEqual(
      state.sockets.map((s) => [s.path, s.profile, s.source, s.listening, s.error]),
      [
        [a.doxy.socket, 'default', 'proxy-socket', true, null],
        [extra, 'reader', 'store', true, null],
      ],
    );
    assert.match(await dockerOk(extra, ['ps', '--format', '{{.Names}}']), new RegExp(ticker));
    const net = await docker(extra, ['network', 'create', '--internal', uniqueName('net')]);
    assert.equal(net.code, 1);
    assert.match(net.stderr, /is denied/);
    await stillFlowing(onProxy);
  });

  it('rebinds a socket: its live stream stays, and the next request follows the new profile', async () => {
    const onExtra = dockerStream(extra, ['logs', '-f', '--tail', '1', ticker]);
    try {
      await onExtra.waitFor(['tick'], 15_000);
      const ino = statSync(extra).ino;
      // One keep-alive connection across the rebind: it stays open, and its next request is judged by the new profile.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const logsPath = `/v1.41/containers/${ticker}/logs?stdout=1&tail=1`;
      assert.deepEqual(await onConnection(agent, extra, logsPath), { status: 200, reused: false });
      await putSockets([{ path: extra, profile: 'lister', mode: '600' }]);
      assert.deepEqual(await onConnection(agent, extra, logsPath), { status: 403, reused: true });
      agent.destroy();
      assert.equal(statSync(extra).ino, ino, 'the socket was re-created instead of rebound');
      assert.equal(statSync(extra).mode & 0o777, 0o600, 'the mode was not changed in place');
      await stillFlowing(onExtra);
      const logs = await docker(extra, ['logs', '--tail', '1', ticker]);
      assert.equal(logs.code, 1, 'the new profile does not grant logs');
      assert.match(logs.stderr, /is denied/);
      await dockerOk(extra, ['ps']);
      await stillFlowing(onProxy);
      const entries = (
        (await a.call(`/api/log/search?socket=${encodeURIComponent(extra)}&limit=5`)).body as LogSearchResponse
      ).entries;
      assert.equal(entries[0]?.profile, 'lister');
    } finally {
      await onExtra.kill();
    }
  });

  it('refuses to delete the profile while bound, and deletes it once unbound', async () => {
    const refused = await a.call(`/api/profiles/lister?basedOn=${await revision()}`, { method: 'DELETE' });
    assert.equal(refused.status, 409);
    assert.ok(error(refused.body).message.includes(extra));
    await putSockets([{ path: extra, profile: 'reader', mode: '660' }]);
    const deleted = await a.call(`/api/profiles/lister?basedOn=${await revision()}`, { method: 'DELETE' });
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(
      (deleted.body as ProfilesResponse).profiles.map((p) => p.name),
      ['default', 'reader'],
    );
  });

  it("removes a socket: its file goes, its connections close, the other socket's stream keeps flowing", async () => {
    const onExtra = dockerStream(extra, ['logs', '-f', '--tail', '1', ticker]);
    await onExtra.waitFor(['tick'], 15_000);
    const state = await putSockets([]);
    assert.deepEqual(
      state.sockets.map((s) => s.path),
      [a.doxy.socket],
    );
    assert.equal(existsSync(extra), false);
    await new Promise<void>((resolve) => {
      if (onExtra.child.exitCode !== null) resolve();
      else onExtra.child.once('exit', () => resolve());
    });
    await assert.rejects(http(extra, '/_ping'));
    await stillFlowing(onProxy);
  });

  it('refuses a bad list with a pointer to the bad entry, and changes nothing', async () => {
    const before = await revision();
    const bad = [
      { path: join(dir, 'a.sock'), profile: 'reader', mode: '660' },
      { path: join(dir, 'b.sock'), profile: 'reader', mode: '660' },
      { path: 'relative.sock', profile: 'reader', mode: '660' },
    ];
    const r = await a.call('/api/sockets', { method: 'PUT', body: { basedOn: before, sockets: bad } });
    assert.equal(r.status, 400);
    assert.equal(error(r.body).where, '/sockets/2/path');
    const unknown = await a.call('/api/sockets', {
      method: 'PUT',
      body: { basedOn: before, sockets: [{ path: join(dir, 'a.sock'), profile: 'nope', mode: '660' }] },
    });
    assert.equal(error(unknown.body).where, '/sockets/0/profile');
    const open = await a.call('/api/sockets', {
      method: 'PUT',
      body: { basedOn: before, sockets: [{ path: join(dir, 'a.sock'), profile: 'reader', mode: '666' }] },
    });
    assert.equal(error(open.body).where, '/sockets/0/mode');
    const proxy = await a.call('/api/sockets', {
      method: 'PUT',
      body: { basedOn: before, sockets: [{ path: a.doxy.socket, profile: 'reader', mode: '660' }] },
    });
    assert.equal(error(proxy.body).where, '/sockets/0');
    const stale = await a.call('/api/sockets', { method: 'PUT', body: { basedOn: before - 1, sockets: [] } });
    assert.equal(stale.status, 409);
    assert.equal(await revision(), before);
    assert.equal(existsSync(join(dir, 'a.sock')), false);
  });

  it('a socket that cannot listen is reported and does not block the others', async () => {
    const notASocket = join(dir, 'plain-file');
    writeFileSync(notASocket, 'x');
    const good = join(dir, 'good.sock');
    const state = await putSockets([
      { path: notASocket, profile: 'reader', mode: '660' },
      { path: good, profile: 'reader', mode: '660' },
    ]);
    const [, failed, ok] = state.sockets;
    assert.equal(failed?.listening, false);
    assert.match(failed?.error ?? '', /not a socket/);
    assert.equal(ok?.listening, true);
    await dockerOk(good, ['ps']);
    await putSockets([]);
  });

  it('exports the whole configuration and imports it back: dry run with per-profile and socket diffs, then applied', async () => {
    const exported = await a.call('/api/export?format=config');
    assert.equal(exported.status, 200);
    const file = exported.body as {
      format: string;
      version: number;
      profiles: { name: string; rules: { pattern: string }[] }[];
      sockets: unknown[];
    };
    assert.equal(file.format, 'doxy-config');
    const imported = join(dir, 'imported.sock');
    const next = {
      ...file,
      profiles: [
        ...file.profiles.map((p) =>
          p.name === 'reader' ? { ...p, rules: p.rules.filter((r) => !r.pattern.includes('logs')) } : p,
        ),
        { name: 'pinger', rules: [] },
      ],
      sockets: [{ path: imported, profile: 'reader', mode: '660' }],
    };
    const dry = await a.call('/api/import?dryRun=1', { method: 'POST', body: JSON.stringify(next) });
    assert.equal(dry.status, 200, dry.text);
    const diff = dry.body as ConfigImportResponse;
    assert.equal(diff.format, 'doxy-config');
    assert.deepEqual(
      diff.profiles.map((p) => [p.name, p.change]),
      [
        ['default', 'same'],
        ['reader', 'changed'],
        ['pinger', 'added'],
      ],
    );
    assert.ok((diff.profiles[1]?.diff.removed.length ?? 0) > 0);
    assert.deepEqual(
      diff.sockets.added.map((s) => s.path),
      [imported],
    );
    assert.equal(existsSync(imported), false, 'a dry run changed something');

    const malformed = await a.call(`/api/import?basedOn=${diff.revision}`, {
      method: 'POST',
      body: JSON.stringify({ ...next, sockets: [{ path: imported, profile: 'ghost', mode: '660' }] }),
    });
    assert.equal(malformed.status, 400);
    assert.equal(error(malformed.body).where, '/sockets/0/profile');
    assert.equal(await revision(), diff.revision);

    const applied = await a.call(`/api/import?basedOn=${diff.revision}`, {
      method: 'POST',
      body: JSON.stringify(next),
    });
    assert.equal(applied.status, 200, applied.text);
    assert.equal((applied.body as ConfigImportResponse).revision, diff.revision + 1);
    assert.match(await dockerOk(imported, ['ps', '--format', '{{.Names}}']), new RegExp(ticker));
    const profiles = ((await a.call('/api/profiles')).body as ProfilesResponse).profiles.map((p) => [
      p.name,
      p.sockets,
    ]);
    assert.deepEqual(profiles, [
      ['default', [a.doxy.socket]],
      ['reader', [imported]],
      ['pinger', []],
    ]);
    await stillFlowing(onProxy);
  });

  it('restores an earlier revision with its sockets', async () => {
    const history = (await a.call('/api/history')).body as {
      revision: number;
      entries: { revision: number; sockets?: { path: string }[] }[];
    };
    const without = history.entries.find(
      (e) => e.revision < history.revision && (e.sockets ?? []).length === 0 && e.revision > 2,
    );
    assert.ok(without);
    const r = await a.call(`/api/history/${without.revision}/restore`, {
      method: 'POST',
      body: { basedOn: history.revision },
    });
    assert.equal(r.status, 200, r.text);
    const state = (await a.call('/api/sockets')).body as SocketsResponse;
    assert.deepEqual(
      state.sockets.map((s) => s.path),
      [a.doxy.socket],
    );
    assert.equal(existsSync(join(dir, 'imported.sock')), false);
  });
});

describe('--socket at start', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-socket-flags-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const base = (): string[] => [
    '--docker-socket',
    daemon,
    '--db-file',
    join(dir, 'db.json'),
    '--proxy-socket',
    join(dir, 'doxy.sock'),
    '--admin-address',
    'none',
  ];

  const CASES: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
    [
      'a profile that is neither a profile nor a preset',
      ['--socket', `${dir}/a.sock=nonesuch`],
      {},
      /^doxy: --socket: .*no profile or preset "nonesuch"/m,
    ],
    ['no profile', ['--socket', `${dir}/a.sock`], {}, /^doxy: --socket: .*is not PATH=PROFILE/m],
    [
      'a world-writable mode',
      ['--socket', `${dir}/a.sock=traefik,mode=777`],
      {},
      /^doxy: --socket: .*every local user/m,
    ],
    [
      'an unknown option',
      ['--socket', `${dir}/a.sock=traefik,user=x`],
      {},
      /^doxy: --socket: .*unknown option "user"/m,
    ],
    [
      'an unknown owner',
      ['--socket', `${dir}/a.sock=traefik,owner=no-such-user-doxy`],
      {},
      /^doxy: --socket: .*no such user/m,
    ],
    [
      'a bad DOXY_SOCKETS',
      [],
      { DOXY_SOCKETS: `${dir}/a.sock=traefik;junk` },
      /^doxy: DOXY_SOCKETS: "junk" is not PATH=PROFILE/m,
    ],
  ];
  for (const [what, args, environment, message] of CASES) {
    it(`${what}: exit 2, naming the flag, and nothing is listened on`, async () => {
      const r = await runDoxy([...base(), ...args], environment);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.equal(existsSync(join(dir, 'a.sock')), false);
    });
  }
});

describe(
  'owner and group when doxy does not run as root',
  { skip: skip || (process.getuid?.() === 0 ? false : 'needs root to start doxy as another user') },
  () => {
    it('a --socket with an owner stops the start with exit 2, naming the flag and why', () => {
      const dir = mkdtempSync(join(tmpdir(), 'doxy-it-nobody-'));
      try {
        chownSync(dir, 65534, 65534);
        const r = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            MAIN,
            '--docker-socket',
            daemon,
            '--db-file',
            join(dir, 'db.json'),
            '--proxy-socket',
            join(dir, 'doxy.sock'),
            '--admin-address',
            'none',
            '--socket',
            `${dir}/a.sock=traefik,owner=0`,
          ],
          {
            uid: 65534,
            gid: 65534,
            cwd: REPO,
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...cleanEnv(), HOME: dir },
          },
        );
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.match(
          r.stderr,
          /^doxy: --socket: .*a\.sock: owner "0" needs doxy to run as root \(it runs as uid 65534\)$/m,
        );
        assert.equal(existsSync(join(dir, 'a.sock')), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('learn mode on one socket', { skip }, () => {
  let a: AdminDoxy;
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-sockets-learn-'));
  const agentSocket = join(dir, 'agent.sock');
  const q = `socket=${encodeURIComponent(agentSocket)}`;
  const revision = async (): Promise<number> => ((await a.call('/api/sockets')).body as SocketsResponse).revision;

  before(async () => {
    a = await startAdminDoxy({ dockerSocket: daemon, dir, args: ['--socket', `${agentSocket}=prometheus-docker`] });
  });
  after(async () => {
    await a?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("forwards what that socket's profile denies, and only on that socket", async () => {
    const started = await a.call(`/api/learn/start?${q}`, { method: 'POST', body: {} });
    assert.equal(started.status, 200, started.text);
    assert.equal((started.body as { socket: string }).socket, agentSocket);
    // Announced with the socket's name, and the warning that it is open meanwhile.
    await waitUntil(() => a.doxy.output().includes(`WARNING: the socket on ${agentSocket} is open`), 'the warning');
    assert.match(a.doxy.output(), new RegExp(`LEARN MODE on ${agentSocket}: requests no rule allows are forwarded`));
    assert.equal(
      ((await a.call('/api/learn')).body as { state: { active: boolean } }).state.active,
      false,
      'the --proxy-socket learns too',
    );
    assert.equal((await http(agentSocket, '/v1.41/info')).status, 200);
    assert.equal((await http(a.doxy.socket, '/v1.41/events?since=1&until=2')).status, 403);
    const learn = (await a.call(`/api/learn?${q}`)).body as { proposals: { method: string; pattern: string }[] };
    assert.deepEqual(
      learn.proposals.map((p) => p.method),
      ['GET'],
    );
  });

  it('accepting adds the rules to the profile the socket is bound to, and enforces again', async () => {
    const learn = (await a.call(`/api/learn?${q}`)).body as { proposals: { method: string; pattern: string }[] };
    const defaultBefore = ((await a.call('/api/rules')).body as { rules: unknown[] }).rules;
    const r = await a.call(`/api/learn/accept?${q}`, {
      method: 'POST',
      body: {
        basedOn: await revision(),
        patterns: learn.proposals.map(({ method, pattern }) => ({ method, pattern })),
      },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((r.body as { profile: string }).profile, 'prometheus-docker');
    assert.deepEqual(((await a.call('/api/rules')).body as { rules: unknown[] }).rules, defaultBefore);
    assert.equal(((await a.call(`/api/learn?${q}`)).body as { state: { active: boolean } }).state.active, false);
    assert.equal((await http(agentSocket, '/v1.41/info')).status, 200);
    assert.equal((await http(agentSocket, '/v1.41/volumes')).status, 403);
    const entries = ((await a.call(`/api/log/search?${q}&text=/info&limit=1`)).body as LogSearchResponse).entries;
    assert.deepEqual([entries[0]?.verdict, entries[0]?.wouldDeny], ['allow', undefined]);
  });

  it('names an unknown socket as the problem', async () => {
    const r = await a.call('/api/learn?socket=/nowhere.sock');
    assert.deepEqual([r.status, error(r.body).code, error(r.body).where], [404, 'NO_SUCH_SOCKET', '?socket']);
  });

  it('removes every socket file when doxy stops', async () => {
    assert.equal(await a.stop(), 0);
    assert.equal(existsSync(agentSocket), false);
    assert.equal(existsSync(a.doxy.socket), false);
  });
});

describe(
  'owner and group of a socket (doxy runs as root here)',
  { skip: skip || (process.getuid?.() === 0 ? false : 'needs root') },
  () => {
    let a: AdminDoxy;
    const dir = mkdtempSync(join(tmpdir(), 'doxy-it-sockets-owner-'));
    const owned = join(dir, 'owned.sock');
    after(async () => {
      await a?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a --socket owner and group are applied, and changed in place through the API', async () => {
      a = await startAdminDoxy({
        dockerSocket: daemon,
        dir,
        args: ['--socket', `${owned}=traefik,owner=65534,group=65534,mode=640`],
      });
      const s = statSync(owned);
      assert.deepEqual([s.uid, s.gid, s.mode & 0o777], [65534, 65534, 0o640]);
      const state = (await a.call('/api/sockets')).body as SocketsResponse;
      const r = await a.call('/api/sockets', {
        method: 'PUT',
        body: { basedOn: state.revision, sockets: [{ path: owned, profile: 'traefik', mode: '660', group: '0' }] },
      });
      assert.equal(r.status, 200, r.text);
      const after = statSync(owned);
      assert.deepEqual([after.ino, after.uid, after.gid, after.mode & 0o777], [s.ino, 0, 0, 0o660]);
    });
  },
);

describe('a store of version 1 (one rule set) under a real doxy', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-store-v1-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'db.json');
  const networksOnly = [
    {
      id: 'ping',
      action: 'allow',
      methods: ['GET', 'HEAD'],
      pattern: '^/(v\\d+\\.\\d+/)?_ping$',
      comment: '',
      enabled: true,
    },
    {
      id: 'nets',
      action: 'allow',
      methods: ['GET'],
      pattern: '^/(v\\d+\\.\\d+/)?networks$',
      comment: '',
      enabled: true,
    },
  ];
  const v1 = `${JSON.stringify({ format: 'doxy-store', version: 1, revision: 4, rules: networksOnly, history: [{ revision: 4, savedAt: '2026-11-01T00:00:00.000Z', reason: 'saved in the admin app', rules: networksOnly }], adminToken: 'k'.repeat(32) }, null, 2)}\n`;

  it('serves its rules as profile "default" and leaves the file alone while nothing is saved', async () => {
    writeFileSync(db, v1, { mode: 0o600 });
    const a = await startAdminDoxy({ dockerSocket: daemon, dir });
    try {
      await dockerOk(a.doxy.socket, ['network', 'ls']);
      assert.equal((await docker(a.doxy.socket, ['ps'])).code, 1);
      const profiles = (await a.call('/api/profiles')).body as ProfilesResponse;
      assert.deepEqual([profiles.revision, profiles.profiles.map((p) => p.name)], [4, ['default']]);
    } finally {
      assert.equal(await a.stop(), 0);
    }
    assert.equal(readFileSync(db, 'utf8'), v1);
  });

  it('is written as version 2 by the first save (a --socket flag here), the old file kept as db.json.v1.bak', async () => {
    const extra = join(dir, 'x.sock');
    const a = await startAdminDoxy({ dockerSocket: daemon, dir, args: ['--socket', `${extra}=homepage`] });
    try {
      await dockerOk(extra, ['ps']);
      await dockerOk(a.doxy.socket, ['network', 'ls']);
    } finally {
      assert.equal(await a.stop(), 0);
    }
    const saved = JSON.parse(readFileSync(db, 'utf8')) as {
      version: number;
      revision: number;
      profiles: { name: string }[];
      sockets: { path: string }[];
      history: { revision: number }[];
    };
    assert.deepEqual(
      [
        saved.version,
        saved.revision,
        saved.profiles.map((p) => p.name),
        saved.sockets.map((s) => s.path),
        saved.history.map((h) => h.revision),
      ],
      [2, 5, ['default', 'homepage'], [extra], [4, 5]],
    );
    assert.equal(readFileSync(`${db}.v1.bak`, 'utf8'), v1);
  });

  it('a version 2 file that does not hold together stops the start with exit 4, naming the file and where', async () => {
    const bad = join(dir, 'bad.json');
    const text = JSON.stringify({
      format: 'doxy-store',
      version: 2,
      revision: 1,
      profiles: [{ name: 'default', rules: [] }],
      sockets: [{ path: join(dir, 'y.sock'), profile: 'gone', mode: '660' }],
      history: [],
      adminToken: 'k'.repeat(32),
    });
    writeFileSync(bad, text);
    const r = await runDoxy([
      '--docker-socket',
      daemon,
      '--db-file',
      bad,
      '--proxy-socket',
      join(dir, 'z.sock'),
      '--admin-address',
      'none',
    ]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`store ${bad.replace(/[.]/g, '\\.')}: /sockets/0/profile: there is no profile "gone"`),
    );
    assert.equal(readFileSync(bad, 'utf8'), text);
  });
});
