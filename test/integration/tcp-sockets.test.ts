// A TCP socket with an allow-list, judged on the real daemon: the docker CLI through tcp://127.0.0.1:PORT (reads,
// a followed log, exec -i, a refused write), a client from a source address not listed cut at connect, the client
// address in the log and the socket in the metrics, and the refusal of a non-loopback socket nobody guards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { LogSearchResponse } from '../../shared/protocol/log.ts';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import { freePort, startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import {
  docker,
  dockerOk,
  dockerStream,
  removeAll,
  startContainer,
  uniqueName,
  waitUntil,
} from '../harness/docker-cli.ts';
import { runDoxy } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { pingFrom, psLogsExec, TICK } from '../harness/tcp-client.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

/** Reads, exec (create, start, resize, inspect) and attach; nothing else. */
const READS_AND_EXEC = [
  'allow GET,HEAD .*',
  'allow POST ^/(v[0-9.]+/)?containers/[^/]+/exec$',
  'allow POST ^/(v[0-9.]+/)?exec/[^/]+/(start|resize)$',
  'allow POST ^/(v[0-9.]+/)?containers/[^/]+/attach$',
  '',
].join('\n');

describe('a TCP socket on 127.0.0.1 with allow-from', { skip }, () => {
  let a: AdminDoxy;
  let port = 0;
  let tcp = '';
  /** More sockets: one whose allow-from is a host name, one on IPv6 loopback, one dual-stack on every address. */
  let byNamePort = 0;
  let v6Port = 0;
  let dualPort = 0;
  const box = uniqueName('tcp-box');
  const net = uniqueName('tcp-net');
  const learnt = uniqueName('tcp-learnt');

  before(async () => {
    await startContainer(daemon, image, box, TICK);
    port = await freePort();
    tcp = `tcp://127.0.0.1:${port}`;
    byNamePort = await freePort();
    v6Port = await freePort();
    dualPort = await freePort();
    a = await startAdminDoxy({
      dockerSocket: daemon,
      patterns: READS_AND_EXEC,
      args: [
        '--debug',
        '--socket',
        `${tcp}=default,allow-from=127.0.0.1/32`,
        '--socket',
        `tcp://127.0.0.1:${byNamePort}=default,allow-from=localhost`,
        '--socket',
        `tcp://[::1]:${v6Port}=default,allow-from=::1/128`,
        '--socket',
        `tcp://[::]:${dualPort}=default,allow-from=127.0.0.1/32,allow-from=::1`,
      ],
    });
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: [box], networks: [net, learnt] });
  });

  it('says at start who may connect', () => {
    assert.match(
      a.doxy.output(),
      new RegExp(`socket ${tcp}: profile default, allow-from 127\\.0\\.0\\.1/32 \\(flag\\)`),
    );
  });

  it('serves docker ps, logs -f and exec -i to the docker CLI', async () => {
    await psLogsExec(a.doxy.socket, ['-H', tcp], box);
  });

  it('runs exec -it (a terminal, from script(1)) through the TCP socket', async () => {
    const command = `docker -H ${tcp} exec -it ${box} sh -c 'test -t 0 && test -t 1 && echo tty-ok'`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, DOCKER_CONFIG: '/nonexistent-doxy-test' },
      encoding: 'utf8',
      timeout: 30_000,
      input: '',
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /tty-ok\r?\n/);
  });

  it('attaches to a running container (a hijacked stream)', async () => {
    const attach = dockerStream(a.doxy.socket, ['-H', tcp, 'attach', '--no-stdin', box]);
    try {
      const first = Number(/tick (\d+)/.exec(await attach.waitFor(['tick ']))?.[1]);
      await attach.waitFor([`tick ${first + 2}\n`]);
    } finally {
      await attach.kill();
    }
  });

  it("refuses a write with doxy's message", async () => {
    const r = await docker(a.doxy.socket, ['-H', tcp, 'network', 'create', net]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy: POST \/v[\d.]+\/networks\/create is denied: no rule allows it/);
  });

  it('cuts a client whose address is not listed at connect, and says so', async () => {
    assert.match(await pingFrom(port, '127.0.0.1'), /^HTTP\/1\.1 200 OK[\s\S]*OK$/);
    assert.equal(await pingFrom(port, '127.0.0.2'), '', 'a refused client gets nothing back');
    await waitUntil(
      () =>
        a.doxy
          .output()
          .includes(`doxy: ${tcp}: refused a client at 127.0.0.2: 127.0.0.2 is not in allow-from (127.0.0.1/32)`),
      'the refusal line',
    );
  });

  it('admits the addresses an allow-from host name resolves to (localhost), and no other', async () => {
    assert.match(await pingFrom(byNamePort, '127.0.0.1'), /^HTTP\/1\.1 200 OK/);
    assert.equal(await pingFrom(byNamePort, '127.0.0.2'), '');
    await waitUntil(
      () => a.doxy.output().includes('refused a client at 127.0.0.2: 127.0.0.2 is not in allow-from (localhost)'),
      'the refusal line',
    );
  });

  it('serves IPv6 clients by IPv6 blocks, and IPv4 clients of a dual-stack listener by IPv4 blocks', async () => {
    assert.match(await pingFrom(v6Port, '::1', '::1'), /^HTTP\/1\.1 200 OK/);
    assert.match(await pingFrom(dualPort, '::1', '::1'), /^HTTP\/1\.1 200 OK/);
    assert.match(await pingFrom(dualPort, '127.0.0.1'), /^HTTP\/1\.1 200 OK/);
    assert.equal(await pingFrom(dualPort, '127.0.0.2'), '');
    await waitUntil(
      () => a.doxy.output().includes(`doxy: tcp://[::]:${dualPort}: refused a client at 127.0.0.2:`),
      'the refusal line, with the IPv4 address',
    );
  });

  it('learns on the TCP socket: a denied write goes through, is proposed, and is denied again once stopped', async () => {
    const q = `socket=${encodeURIComponent(tcp)}`;
    const started = await a.call(`/api/learn/start?${q}`, { method: 'POST', body: {} });
    assert.equal(started.status, 200, started.text);
    await dockerOk(a.doxy.socket, ['-H', tcp, 'network', 'create', learnt]);
    const learn = (await a.call(`/api/learn?${q}`)).body as { proposals: { method: string; pattern: string }[] };
    assert.ok(
      learn.proposals.some((p) => p.method === 'POST' && p.pattern.includes('networks')),
      JSON.stringify(learn.proposals),
    );
    assert.equal((await a.call(`/api/learn/stop?${q}`, { method: 'POST' })).status, 200);
    const again = await docker(a.doxy.socket, ['-H', tcp, 'network', 'create', `${learnt}-2`]);
    assert.match(again.stderr, /networks\/create is denied/);
  });

  it('records the client address in the log and names the socket in the metrics', async () => {
    await dockerOk(a.doxy.socket, ['-H', tcp, 'version']);
    await waitUntil(
      () => /GET \/v[\d.]+\/version allow .* client=127\.0\.0\.1/.test(a.doxy.output()),
      'the debug line',
    );
    let entries: LogSearchResponse['entries'] = [];
    for (let i = 0; i < 40 && entries.length === 0; i++) {
      const r = await a.call(`/api/log/search?socket=${encodeURIComponent(tcp)}&text=/version`);
      entries = (r.body as LogSearchResponse).entries;
      if (entries.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(entries[0]?.client, '127.0.0.1');
    assert.equal(entries[0]?.socket, tcp);
    const metrics = await a.call('/metrics');
    assert.match(
      metrics.text,
      new RegExp(`doxy_requests_total\\{socket="tcp://127\\.0\\.0\\.1:${port}",verdict="allow"`),
    );
  });

  it('shows the socket in GET /api/sockets and refuses an unguarded one on 0.0.0.0, naming the field', async () => {
    const got = (await a.call('/api/sockets')).body as SocketsResponse;
    const mine = got.sockets.find((s) => s.path === tcp);
    assert.deepEqual([mine?.listening, mine?.allowFrom], [true, ['127.0.0.1/32']]);
    const open = `tcp://0.0.0.0:${await freePort()}`;
    const r = await a.call('/api/sockets', {
      method: 'PUT',
      body: { basedOn: got.revision, sockets: [...got.sockets, { path: open, profile: 'default', mode: '660' }] },
    });
    assert.equal(r.status, 400);
    const problem = (r.body as ApiError).error;
    assert.equal(problem.where, `/sockets/${got.sockets.length}/allowFrom`);
    assert.match(problem.message, /reachable from other machines with neither allow-from nor a client CA/);
  });

  it('cuts an open connection that a changed allow-from no longer admits, without a restart', async () => {
    const kept = connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((resolve) => kept.once('close', () => resolve()));
    let got = '';
    kept.on('data', (d: Buffer) => {
      got += d.toString();
    });
    kept.on('error', () => undefined);
    await new Promise<void>((resolve) => kept.once('connect', () => resolve()));
    kept.write('GET /_ping HTTP/1.1\r\nHost: doxy\r\n\r\n');
    await waitUntil(() => got.endsWith('OK'), 'the first answer on the kept connection');
    const state = (await a.call('/api/sockets')).body as SocketsResponse;
    const sockets = state.sockets.map((s) => (s.path === tcp ? { ...s, allowFrom: ['127.0.0.2/32'] } : s));
    const r = await a.call('/api/sockets', { method: 'PUT', body: { basedOn: state.revision, sockets } });
    assert.equal(r.status, 200, r.text);
    await closed;
    await waitUntil(
      () =>
        a.doxy
          .output()
          .includes(`doxy: ${tcp}: cut a connection of 127.0.0.1: 127.0.0.1 is not in allow-from (127.0.0.2/32)`),
      'the line saying so',
    );
    assert.equal(await pingFrom(port, '127.0.0.1'), '');
    assert.match(await pingFrom(port, '127.0.0.2'), /^HTTP\/1\.1 200 OK/);
  });
});

describe('a TCP socket beyond loopback with no guard', () => {
  it('is refused at start (exit 2), naming the flag and saying why', async () => {
    const r = await runDoxy([
      '--proxy-socket',
      join(tmpdir(), `doxy-unguarded-${process.pid}.sock`),
      '--admin-address',
      'none',
      '--socket',
      'tcp://0.0.0.0:2375=default',
    ]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--socket: "tcp:\/\/0\.0\.0\.0:2375=default": tcp:\/\/0\.0\.0\.0:2375 is reachable from other machines with neither allow-from nor a client CA \(tls-ca\): anyone who reaches the port would drive the Docker API/,
    );
  });
});
