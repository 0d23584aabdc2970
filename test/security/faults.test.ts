// Faults and load: slow, stalled, greedy and broken clients, and a daemon that goes away. doxy stays up, bounds what
// a client can hold, never buffers a response a client does not read, and serves again when the daemon is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../../server/proxy/server.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';
import {
  cleanDaemon,
  containerConfig,
  createContainer,
  open,
  pings,
  prng,
  rssKiB,
  startProxy,
  waitFor,
  type ProxyUnderTest,
} from './lib.ts';
import { createSocketForwarder, type SocketForwarder } from './socket-forwarder.ts';

const { env, skip } = dockerEnv();

const V = '(v\\d+\\.\\d+/)?';
const RULES = [
  `allow GET,HEAD ^/${V}_ping$`,
  `allow GET ^/${V}(containers/json|events|info)$`,
  `allow POST ^/${V}containers/[\\w.-]+/attach$`,
].join('\n');

describe('slow, stalled and greedy clients', { skip }, () => {
  let proxy: ProxyUnderTest;
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    proxy = await startProxy(docker, RULES);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  it('headers that never finish, or never start, are cut after the headers timeout with 408', async () => {
    // Node checks every connectionsCheckingIntervalMs; a few seconds more for a loaded machine.
    const bound = LIMITS.headersTimeoutMs + LIMITS.connectionsCheckingIntervalMs + 4000;
    const [partial, silent] = await Promise.all([
      exchange(proxy.socket, ['GET /_ping HTTP/1.1\r\nHost: d\r\nX-Slow: '], { timeoutMs: bound }),
      exchange(proxy.socket, [], { timeoutMs: bound }),
    ]);
    assert.deepEqual([partial.closed, statuses(partial)], [true, [408]]);
    assert.deepEqual([silent.closed, statuses(silent)], [true, [408]]);
  });

  it('a header block over the limit is answered 431', async () => {
    const x = await exchange(
      proxy.socket,
      req('GET', '/_ping', { 'X-Big': 'a'.repeat(LIMITS.maxHeaderBytes + 1), Connection: 'close' }),
    );
    assert.deepEqual(statuses(x), [431]);
  });

  // A container that writes 256 MiB to stdout once attached; with no log driver, only the attached client gets it.
  const TOTAL = 256 * 1024 * 1024;
  for (const [name, headers] of [
    ['ordinary path', {}],
    ['hijack path (Upgrade: tcp)', { Connection: 'Upgrade', Upgrade: 'tcp' }],
  ] as const) {
    it(`a client that stops reading a 256 MiB attach stream (${name}) does not make doxy buffer it`, async (t) => {
      const id = await createContainer(
        docker,
        containerConfig(image, `stall-${name.split(' ')[0] ?? ''}`, {
          Cmd: ['sh', '-c', 'sleep 2; dd if=/dev/zero bs=65536 count=4096 2>/dev/null; sleep 300'],
          AttachStdout: true,
          HostConfig: { NetworkMode: 'none', LogConfig: { Type: 'none', Config: {} } },
        }),
      );
      assert.equal((await http(docker, `/containers/${id}/start`, { method: 'POST' })).status, 204);
      const before = rssKiB(proxy.pid);
      const s = await open(proxy.socket);
      let got = 0;
      try {
        s.write(req('POST', `/containers/${id}/attach?stream=1&stdout=1`, { ...headers, 'Content-Length': 0 }));
        // Read the head and the first bytes, then stop reading altogether.
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no attach output within 20 s')), 20_000);
          s.once('data', (d: Buffer) => {
            got += d.length;
            s.pause();
            clearTimeout(t);
            resolve();
          });
        });
        await sleep(4000);
        const stalled = rssKiB(proxy.pid);
        // Then read it all: the whole 256 MiB was there to be buffered.
        s.on('data', (d: Buffer) => {
          got += d.length;
        });
        s.resume();
        const drained = await waitFor(() => got >= TOTAL, 90_000, 100);
        const grewMiB = (stalled - before) / 1024;
        t.diagnostic(
          `doxy RSS ${(before / 1024).toFixed(1)} MiB before, ${(stalled / 1024).toFixed(1)} MiB after 4 s stalled (+${grewMiB.toFixed(1)} MiB); ${(got / 1048576).toFixed(0)} MiB read after`,
        );
        assert.ok(drained, `only ${got} of ${TOTAL} bytes came through after the stall`);
        assert.ok(grewMiB < 64, `doxy's RSS grew by ${grewMiB.toFixed(1)} MiB while the client was not reading`);
      } finally {
        s.destroy();
        await http(docker, `/containers/${id}?force=1`, { method: 'DELETE' });
      }
    });
  }

  it(`thousands of idle connections are held to ${LIMITS.maxConnections}, and a new client is still served`, async () => {
    const sockets: Socket[] = [];
    let closedByDoxy = 0;
    try {
      for (let batch = 0; batch < 20; batch++) {
        const opened = await Promise.all(Array.from({ length: 100 }, () => open(proxy.socket)));
        for (const s of opened) {
          s.on('error', () => undefined);
          s.once('close', () => {
            closedByDoxy++;
          });
          sockets.push(s);
        }
      }
      // Half of them idle in the middle of their headers, like a slow client.
      for (const s of sockets.slice(0, 1000)) s.write('GET /_ping HTTP/1.1\r\n');
      assert.ok(await pings(proxy.socket), 'a new client was not served');
      const held = await waitFor(() => sockets.length - closedByDoxy <= LIMITS.maxConnections, 30_000);
      assert.ok(held, `${sockets.length - closedByDoxy} idle connections are still open`);
      assert.ok(proxy.alive());
    } finally {
      for (const s of sockets) s.destroy();
    }
  });

  it('garbage, resets and half-open connections do not bring doxy down', async () => {
    const random = prng(0x5eed);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const crafted: readonly (string | Buffer)[] = [
      Buffer.from('16030100a5010000a10303', 'hex'), // a TLS ClientHello
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', // the HTTP/2 preface
      '\0\0\0\0\r\n\r\n',
      `GET /${'a'.repeat(100_000)}`,
      'GET /_ping HTTP/1.1\r\n' + 'X: y\r\n'.repeat(5000),
      'GET /_ping HTTP/9.9\r\n\r\n',
      'GET /_ping HTTP/1.1\r\nHost: d\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'POST /containers/x/attach HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 10\r\n\r\nabc',
    ];
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++)
      jobs.push(exchange(proxy.socket, [bytes(1 + Math.floor(random() * 2000))], { timeoutMs: 1000 }));
    for (const c of crafted)
      jobs.push(
        exchange(proxy.socket, [c], { timeoutMs: 1000 }),
        exchange(proxy.socket, [c], { timeoutMs: 1000, halfClose: true }),
      );
    // Resets (a unix socket has no RST: the client closes with the answer unread): mid-headers, mid-body, mid-stream.
    const reset = async (parts: readonly (string | Buffer)[], afterMs: number): Promise<void> => {
      const s = await open(proxy.socket);
      s.on('error', () => undefined);
      for (const p of parts) s.write(p);
      await sleep(afterMs);
      s.destroy();
    };
    for (let i = 0; i < 20; i++) {
      jobs.push(reset(['GET /_ping HTTP/1.1\r\nHo'], 10));
      jobs.push(
        reset([req('POST', '/containers/x/attach', { 'Content-Length': 1000 }, 'x'.repeat(10)).subarray(0, 120)], 10),
      );
      jobs.push(reset([req('GET', '/events')], 50));
      jobs.push(reset([req('GET', '/containers/json?all=1'), req('GET', '/info')], 0));
    }
    // Half-open: the client ends its side after a complete request and still reads the answer.
    jobs.push(exchange(proxy.socket, [req('GET', '/_ping')], { timeoutMs: 2000, halfClose: true }));
    await Promise.all(jobs);
    assert.ok(proxy.alive(), 'doxy exited');
    assert.ok(await pings(proxy.socket), 'doxy no longer answers');
    assert.doesNotMatch(proxy.output(), /Uncaught|TypeError|RangeError|ERR_[A-Z_]+ at /);
  });
});

describe('the daemon goes away and comes back', { skip }, () => {
  let proxy: ProxyUnderTest;
  let forwarder: SocketForwarder;
  let dir = '';
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-sec-fwd-'));
    forwarder = createSocketForwarder(docker, join(dir, 'docker.sock'));
    await forwarder.start();
    proxy = await startProxy(forwarder.path, RULES);
  });
  after(async () => {
    await proxy?.stop();
    await forwarder?.stop();
    rmSync(dir, { recursive: true, force: true });
    await cleanDaemon(docker);
  });

  it('between requests: 502 naming the socket, doxy keeps running, and serves again once the daemon is back', async () => {
    assert.ok(await pings(proxy.socket));
    await forwarder.stop();
    const x = await exchange(proxy.socket, req('GET', '/_ping', { Connection: 'close' }));
    assert.equal(statuses(x)[0], 502);
    assert.match(
      x.responses[0]?.body.toString() ?? '',
      new RegExp(`cannot reach the Docker daemon at ${forwarder.path}`),
    );
    assert.ok(proxy.alive());
    await forwarder.start();
    assert.ok(await pings(proxy.socket), 'the first request after the daemon came back failed');
  });

  it('a daemon that accepts and hangs up at once: 502, and doxy keeps running', async () => {
    await forwarder.stop();
    await forwarder.start('reset');
    try {
      const x = await exchange(proxy.socket, req('GET', '/info', { Connection: 'close' }));
      assert.equal(statuses(x)[0], 502, x.text.slice(0, 300));
      assert.ok(proxy.alive());
    } finally {
      await forwarder.stop();
      await forwarder.start();
    }
    assert.ok(await pings(proxy.socket));
  });

  it('mid-stream (GET /events): the client sees the stream end, doxy keeps running and serves again', async () => {
    const s = await open(proxy.socket);
    let text = '';
    let closed = false;
    s.once('close', () => (closed = true));
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    s.on('error', () => undefined);
    s.write(req('GET', '/events'));
    assert.ok(await waitFor(() => text.startsWith('HTTP/1.1 200'), 30_000), 'no stream head');
    await forwarder.stop();
    const ended = await waitFor(() => closed, 30_000);
    s.destroy();
    assert.ok(ended, 'the client stream stayed open after the daemon went away');
    assert.ok(!text.includes('\r\n0\r\n\r\n'), 'the cut stream was ended as if complete');
    assert.ok(proxy.alive());
    await forwarder.start();
    assert.ok(await pings(proxy.socket));
  });

  it('mid-hijack (attach): the client connection closes, doxy keeps running and serves again', async () => {
    const id = await createContainer(
      docker,
      containerConfig(image, 'away-hijack', { Cmd: ['cat'], OpenStdin: true, AttachStdin: true, AttachStdout: true }),
    );
    assert.equal((await http(docker, `/containers/${id}/start`, { method: 'POST' })).status, 204);
    const s = await open(proxy.socket);
    let text = '';
    let closed = false;
    s.once('close', () => (closed = true));
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    s.on('error', () => undefined);
    s.write(
      req('POST', `/containers/${id}/attach?stream=1&stdin=1&stdout=1`, {
        Connection: 'Upgrade',
        Upgrade: 'tcp',
        'Content-Length': 0,
      }),
    );
    assert.ok(await waitFor(() => text.startsWith('HTTP/1.1 101'), 30_000), `no 101: ${text.slice(0, 200)}`);
    s.write('still here\n');
    assert.ok(await waitFor(() => text.includes('still here'), 30_000), 'the hijacked stream did not echo');
    await forwarder.stop();
    const ended = await waitFor(() => closed, 30_000);
    s.destroy();
    assert.ok(ended, 'the hijacked connection stayed open after the daemon went away');
    assert.ok(proxy.alive());
    await forwarder.start();
    assert.ok(await pings(proxy.socket));
  });
});
