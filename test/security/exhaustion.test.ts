// Resource exhaustion: pipelined bursts, long streams, a daemon that does not answer, promised bodies that never
// arrive (on a unix socket and on a mutual-TLS one), and TLS handshakes that never finish. doxy serves a connection's
// requests one at a time, holds a bounded number of daemon connections (counted here by a forwarder in front of the
// daemon socket), answers 503 when its queue is full and 408 when a body stalls, holds a bounded number of pending
// handshakes, and keeps serving new clients, with its memory and descriptors read from /proc.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { HANDSHAKE_CROWDED } from '../../server/proxy/listen-tcp.ts';
import { LIMITS } from '../../server/proxy/server.ts';
import { freePort } from '../harness/admin.ts';
import { makeCa, makeCert } from '../harness/certs.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';
import { NAIVE, open, pings, rssKiB, startProxy, waitFor, type ProxyUnderTest } from './lib.ts';
import { createSocketForwarder, type SocketForwarder } from './socket-forwarder.ts';

const { env, skip } = dockerEnv();

const V = '(v\\d+\\.\\d+/)?';
const RULES = [
  `allow GET,HEAD ^/${V}_ping$`,
  `allow GET ^/${V}(events|info)$`,
  `allow POST ^/${V}containers/[\\w.-]+/attach$`,
].join('\n');

/** Bounds for a loaded 2-core machine. */
const RSS_MIB = 300;
const NEW_CLIENT_MS = 3000;

/** A forwarder in front of the daemon that counts the connections doxy opens, and a proxy behind it. */
async function proxyBehindCounter(
  docker: string,
  args: readonly string[] = [],
): Promise<{ proxy: ProxyUnderTest; daemon: SocketForwarder; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-sec-count-'));
  const daemon = createSocketForwarder(docker, join(dir, 'docker.sock'));
  await daemon.start();
  const proxy = await startProxy(daemon.path, RULES, args);
  return {
    proxy,
    daemon,
    close: async () => {
      await proxy.stop();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How long a fresh client waits for a ping through the proxy (Infinity when it is refused or not answered). */
async function pingMs(socket: string): Promise<number> {
  const started = performance.now();
  try {
    return (await pings(socket)) ? performance.now() - started : Infinity;
  } catch {
    return Infinity;
  }
}

/** Samples doxy's RSS (MiB) until stopped; the highest seen. */
function watchRss(pid: number): { stop(): number } {
  let peak = 0;
  const sample = (): void => {
    try {
      peak = Math.max(peak, rssKiB(pid) / 1024);
    } catch {
      /* exited: the test says so */
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

describe('pipelined bursts and long streams', { skip }, () => {
  let setup: Awaited<ReturnType<typeof proxyBehindCounter>>;
  const docker = env?.socket ?? '';

  before(async () => {
    setup = await proxyBehindCounter(docker);
  });
  after(async () => {
    await setup?.close();
  });

  it('25 000 pipelined pings that are never read: one daemon connection, bounded memory, new clients served', async (t) => {
    const { proxy, daemon } = setup;
    assert.ok(await pings(proxy.socket));
    const before = rssKiB(proxy.pid) / 1024;
    const rss = watchRss(proxy.pid);
    const burst = await open(proxy.socket);
    burst.on('error', () => undefined);
    // Never read: what doxy answers piles up in the socket buffers, then doxy must stop reading.
    burst.pause();
    burst.write(Buffer.from('GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(25_000), 'latin1'));
    let slowest = 0;
    try {
      for (let i = 0; i < 8; i++) {
        await sleep(500);
        slowest = Math.max(slowest, await pingMs(proxy.socket));
      }
      const daemonPing = performance.now();
      const direct = await http(docker, '/_ping', { timeoutMs: 10_000 });
      const daemonMs = performance.now() - daemonPing;
      const peakRss = rss.stop();
      const c = daemon.connections();
      t.diagnostic(
        `daemon connections from doxy: ${c.peak} at most at once, ${c.total} in all; doxy RSS ${before.toFixed(0)} MiB before, ${peakRss.toFixed(0)} MiB at most; slowest new client ${slowest.toFixed(0)} ms; the daemon's own ping ${daemonMs.toFixed(0)} ms`,
      );
      assert.equal(direct.status, 200);
      // The burst's connection and the pings' ones: a handful, never one per request.
      assert.ok(c.peak <= 8, `doxy held ${c.peak} daemon connections at once`);
      assert.ok(peakRss < RSS_MIB, `doxy's RSS reached ${peakRss.toFixed(0)} MiB`);
      assert.ok(slowest < NEW_CLIENT_MS, `a new client waited ${slowest.toFixed(0)} ms`);
      assert.ok(proxy.alive());
    } finally {
      rss.stop();
      burst.destroy();
    }
    assert.ok(await pings(proxy.socket));
  });

  it('pipelined requests are answered in order, each after the one before', async () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      req(i % 2 ? 'GET' : 'POST', i % 2 ? '/_ping' : '/networks/create'),
    );
    const x = await exchange(setup.proxy.socket, [...many, req('GET', '/_ping', { Connection: 'close' })], {
      timeoutMs: 10_000,
    });
    assert.deepEqual(
      statuses(x),
      Array.from({ length: 51 }, (_, i) => (i % 2 || i === 50 ? 200 : 403)),
    );
  });

  // doxy reads a connection ahead of the request in service only as far as one read of the socket goes; a client that
  // writes more than LIMITS.maxPipelined requests at once is closed rather than held in memory request by request.
  const PING = 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n';

  it(`a pipelined burst under the read-ahead cap (${LIMITS.maxPipelined}) is answered in full, in order`, async () => {
    const n = LIMITS.maxPipelined / 2;
    const x = await exchange(
      setup.proxy.socket,
      Buffer.from(PING.repeat(n - 1) + req('GET', '/_ping', { Connection: 'close' }), 'latin1'),
      { timeoutMs: 60_000 },
    );
    const got = statuses(x);
    assert.equal(got.length, n, `${got.length} of ${n} answered`);
    assert.ok(
      got.every((s) => s === 200),
      `not all 200: ${[...new Set(got)].join(', ')}`,
    );
  });

  it(`a connection that pipelines past the read-ahead cap is closed, doxy's memory stays bounded, others are served`, async (t) => {
    const { proxy } = setup;
    const n = 100_000;
    const before = rssKiB(proxy.pid) / 1024;
    const rss = watchRss(proxy.pid);
    const started = performance.now();
    try {
      const burst = exchange(proxy.socket, Buffer.from(PING.repeat(n), 'latin1'), { timeoutMs: 30_000 });
      await sleep(100);
      const other = await pingMs(proxy.socket);
      const x = await burst;
      const closedMs = performance.now() - started;
      const peakRss = rss.stop();
      const got = statuses(x);
      t.diagnostic(
        `${n} pipelined pings in one write: ${got.length} answered, closed after ${closedMs.toFixed(0)} ms; a new client answered in ${other.toFixed(0)} ms; doxy RSS ${before.toFixed(0)} MiB before, ${peakRss.toFixed(0)} MiB at most`,
      );
      assert.equal(x.closed, true, `the connection was not closed: ${got.length} of ${n} answered in 30 s`);
      // What was answered before the close is whole and in order; the rest was never judged nor forwarded.
      assert.ok(got.length < LIMITS.maxPipelined, `${got.length} answered`);
      assert.ok(
        got.every((s) => s === 200),
        `not all 200: ${[...new Set(got)].join(', ')}`,
      );
      assert.ok(peakRss < RSS_MIB, `doxy's RSS reached ${peakRss.toFixed(0)} MiB`);
      assert.ok(other < NEW_CLIENT_MS, `a new client waited ${other.toFixed(0)} ms`);
      assert.ok(proxy.alive());
    } finally {
      rss.stop();
    }
    assert.ok(await pings(proxy.socket));
  });

  it(`more long streams than daemon places (--daemon-connections 4) do not hold up short requests`, async () => {
    const small = await proxyBehindCounter(docker, ['--daemon-connections', '4', '--daemon-queue', '8']);
    const streams: Socket[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const s = await open(small.proxy.socket);
        s.on('error', () => undefined);
        let head = '';
        s.on('data', (d: Buffer) => {
          head += d.toString('latin1');
        });
        s.write(req('GET', '/events'));
        streams.push(s);
        assert.ok(await waitFor(() => head.startsWith('HTTP/1.1 200'), 5000), `stream ${i}: no head`);
      }
      const answers = await Promise.all(Array.from({ length: 10 }, () => pingMs(small.proxy.socket)));
      assert.ok(
        answers.every((ms) => ms < NEW_CLIENT_MS),
        `pings took ${answers.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      );
    } finally {
      for (const s of streams) s.destroy();
      await small.close();
    }
  });
});

describe('a daemon that does not answer', { skip }, () => {
  let setup: Awaited<ReturnType<typeof proxyBehindCounter>>;
  const docker = env?.socket ?? '';

  before(async () => {
    setup = await proxyBehindCounter(docker, ['--daemon-connections', '2', '--daemon-queue', '3']);
    // doxy asks the daemon which engine it is at start, on a connection of its own: cut mid-question, it would ask
    // the hanging daemon again and hold one more connection there than the requests this suite counts.
    const { proxy, daemon } = setup;
    if (!NAIVE)
      assert.ok(await waitFor(() => / is Docker /.test(proxy.output()), 15_000), 'doxy never named the engine');
    assert.ok(await waitFor(() => daemon.connections().open === 0, 15_000), 'doxy kept a start-up connection open');
    await setup.daemon.stop();
    await setup.daemon.start('hang');
  });
  after(async () => {
    await setup?.close();
  });

  it('holds --daemon-connections requests at the daemon, queues --daemon-queue more, and answers 503 beyond', async () => {
    const { proxy, daemon } = setup;
    const waiting: Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const s = await open(proxy.socket);
        s.on('error', () => undefined);
        s.write(req('GET', '/_ping'));
        waiting.push(s);
      }
      // Generous for a loaded 2-core machine: the bound is what is asserted, not the speed.
      assert.ok(await waitFor(() => daemon.connections().open === 2, 15_000), 'doxy did not reach the daemon');
      const x = await exchange(proxy.socket, req('GET', '/_ping', { Connection: 'close' }), { timeoutMs: 5000 });
      assert.deepEqual(statuses(x), [503]);
      assert.equal(x.responses[0]?.headers['content-type'], 'application/json');
      assert.match(
        x.responses[0]?.body.toString() ?? '',
        /"message":"doxy: too many requests waiting for the Docker daemon/,
      );
      await sleep(300);
      assert.equal(daemon.connections().peak, 2);
    } finally {
      for (const s of waiting) s.destroy();
    }
    assert.ok(proxy.alive());
  });
});

/** How a flood reaches the proxy: opens a client connection, and says whether a fresh client gets its ping answered. */
interface Transport {
  open(): Promise<Socket>;
  pings(): Promise<boolean>;
}

const STALLED: readonly { name: string; bytes: string }[] = [
  { name: 'Content-Length: 10 and no body', bytes: 'GET /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n' },
  {
    name: 'a chunked body never ended',
    bytes: 'GET /_ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n',
  },
  {
    name: 'an upgrade whose body never comes',
    bytes: 'GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 10\r\n\r\nabc',
  },
];

/**
 * 1100 connections (more than LIMITS.maxConnections) that each send a request of `kinds` whose body never comes: a
 * fresh client is served within a few seconds, doxy never holds a daemon connection per stalled one, and its memory
 * stays bounded.
 */
async function floodStalledBodies(
  transport: Transport,
  setup: { proxy: ProxyUnderTest; daemon: SocketForwarder },
  kinds: readonly { bytes: string }[],
): Promise<string> {
  const { proxy, daemon } = setup;
  const flood: Socket[] = [];
  const rss = watchRss(proxy.pid);
  try {
    for (let batch = 0; batch < 11; batch++) {
      const opened = await Promise.all(Array.from({ length: 100 }, () => transport.open()));
      for (const [i, s] of opened.entries()) {
        s.on('error', () => undefined);
        s.write(kinds[i % kinds.length]?.bytes ?? '');
        flood.push(s);
      }
    }
    const started = performance.now();
    // Others are waiting: a stalled body then gets bodyCrowdedMs, not bodyIdleMs.
    const bound = LIMITS.bodyCrowdedMs + 2 * LIMITS.connectionsCheckingIntervalMs + 5000;
    const served = await waitFor(() => transport.pings(), bound, 250);
    const ms = performance.now() - started;
    const peakRss = rss.stop();
    const c = daemon.connections();
    assert.ok(served, `no new client was served within ${(ms / 1000).toFixed(0)} s`);
    // The daemon places (64 by default) and the new clients': never one per stalled connection.
    assert.ok(c.peak <= 72, `doxy held ${c.peak} daemon connections at once`);
    assert.ok(peakRss < RSS_MIB, `doxy's RSS reached ${peakRss.toFixed(0)} MiB`);
    assert.ok(proxy.alive());
    return `a new client was served after ${ms.toFixed(0)} ms; daemon connections from doxy: ${c.peak} at most at once; doxy RSS ${peakRss.toFixed(0)} MiB at most`;
  } finally {
    rss.stop();
    for (const s of flood) s.destroy();
  }
}

describe('promised bodies that never arrive', { skip }, () => {
  let setup: Awaited<ReturnType<typeof proxyBehindCounter>>;
  const docker = env?.socket ?? '';
  /** doxy checks every second; a few more for a loaded machine. */
  const CUT_MS = LIMITS.bodyIdleMs + LIMITS.connectionsCheckingIntervalMs + 4000;

  before(async () => {
    setup = await proxyBehindCounter(docker);
  });
  after(async () => {
    await setup?.close();
  });

  for (const s of STALLED) {
    it(`${s.name}: 408 in Docker's shape, then the connection is closed`, async () => {
      const started = performance.now();
      const x = await exchange(setup.proxy.socket, s.bytes, { timeoutMs: CUT_MS });
      const ms = performance.now() - started;
      assert.deepEqual([x.closed, statuses(x)], [true, [408]], x.text.slice(0, 300));
      assert.match(x.responses[0]?.body.toString() ?? '', /"message":"doxy: the request body stalled/);
      assert.ok(ms >= LIMITS.bodyIdleMs - 500, `cut after ${ms.toFixed(0)} ms`);
    });
  }

  for (const [kind, kinds] of [
    ['all three kinds', STALLED],
    ['upgrades only', STALLED.slice(2)],
  ] as const)
    it(`a flood of 1100 of them (${kind}) does not lock out a new client for long`, async (t) => {
      const unix = { open: () => open(setup.proxy.socket), pings: () => pings(setup.proxy.socket) };
      t.diagnostic(await floodStalledBodies(unix, setup, kinds));
    });
});

// A TCP socket with mutual TLS gets the same connection limit and stall watch as a unix one, and bounds the
// handshakes a client may leave pending (each holds a descriptor and TLS state for up to headersTimeoutMs).
describe('a mutual-TLS socket', { skip }, () => {
  let setup: Awaited<ReturnType<typeof proxyBehindCounter>>;
  const docker = env?.socket ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'doxy-sec-tls-'));
  let port = 0;
  let client: { ca: Buffer; cert: Buffer; key: Buffer };

  /** A client with a certificate of the socket's CA, resolved once its handshake is done (within 10 s). */
  const openTls = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connectTls({ host: '127.0.0.1', port, ...client });
      s.setTimeout(10_000, () => s.destroy(new Error('no TLS handshake within 10 s')));
      s.once('secureConnect', () => {
        s.setTimeout(0);
        resolve(s);
      });
      s.once('error', reject);
    });
  /** Whether a fresh mutual-TLS client gets a ping answered 200 (false when refused, cut or not answered in 10 s). */
  const tlsPings = async (): Promise<boolean> => {
    let s: Socket;
    try {
      s = await openTls();
    } catch {
      return false;
    }
    return new Promise((resolve) => {
      let got = '';
      s.on('data', (d: Buffer) => {
        got += d.toString('latin1');
      });
      s.on('error', () => undefined);
      s.once('close', () => resolve(got.startsWith('HTTP/1.1 200')));
      s.setTimeout(10_000, () => s.destroy());
      s.write(req('GET', '/_ping', { Connection: 'close' }));
    });
  };
  /** A raw TCP connection to the TLS port, resolved once it is up. */
  const openTcp = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connectTcp({ host: '127.0.0.1', port });
      s.setTimeout(10_000, () => s.destroy(new Error('not connected within 10 s')));
      s.once('connect', () => {
        s.setTimeout(0);
        resolve(s);
      });
      s.once('error', reject);
    });

  before(async () => {
    const ca = makeCa(dir, 'exhaustion-ca');
    const server = makeCert(dir, ca, 'doxy', 'server');
    const files = makeCert(dir, ca, 'client', 'client');
    client = { ca: readFileSync(ca.cert), cert: readFileSync(files.cert), key: readFileSync(files.key) };
    port = await freePort();
    setup = await proxyBehindCounter(docker, [
      '--socket',
      `tcp://127.0.0.1:${port}=default,tls-cert=${server.cert},tls-key=${server.key},tls-ca=${ca.cert}`,
    ]);
    assert.ok(await waitFor(tlsPings, 10_000, 250), `the mutual-TLS socket does not answer:\n${setup.proxy.output()}`);
  });
  after(async () => {
    await setup?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${2 * LIMITS.maxHandshakes} stalled handshakes: doxy holds ${LIMITS.maxHandshakes} of them at most, and a new client is served at once`, async (t) => {
    const { proxy } = setup;
    const fds = (): number => readdirSync(`/proc/${proxy.pid}/fd`).length;
    const before = fds();
    let peakFds = before;
    const sampler = setInterval(() => {
      peakFds = Math.max(peakFds, fds());
    }, 100);
    const rss = watchRss(proxy.pid);
    const flood: Socket[] = [];
    let closedByDoxy = 0;
    try {
      for (let batch = 0; batch < (2 * LIMITS.maxHandshakes) / 128; batch++) {
        const opened = await Promise.all(Array.from({ length: 128 }, openTcp));
        for (const [i, s] of opened.entries()) {
          s.on('error', () => undefined);
          s.once('close', () => closedByDoxy++);
          // Half send nothing; half the start of a ClientHello (a record header promising 512 bytes) and no more.
          if (i % 2) s.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
          flood.push(s);
        }
      }
      // doxy has taken every connection of the flood from the kernel's queue: the oldest ones made room.
      const settled = await waitFor(() => closedByDoxy >= flood.length - LIMITS.maxHandshakes, 5000);
      const started = performance.now();
      const served = await tlsPings();
      const ms = performance.now() - started;
      peakFds = Math.max(peakFds, fds());
      const peakRss = rss.stop();
      t.diagnostic(
        `${flood.length} stalled handshakes: ${closedByDoxy} closed by doxy; doxy's descriptors ${before} before, ${peakFds} at most; RSS ${peakRss.toFixed(0)} MiB at most; a new client served in ${ms.toFixed(0)} ms`,
      );
      assert.ok(settled, `doxy closed ${closedByDoxy} of ${flood.length} pending handshakes`);
      assert.ok(served, 'the new mutual-TLS client was not served');
      assert.ok(ms < NEW_CLIENT_MS, `a new client waited ${ms.toFixed(0)} ms`);
      // Those pending, the new client's, and the few doxy holds anyway (store, daemon, worker, admin).
      assert.ok(peakFds <= before + LIMITS.maxHandshakes + 16, `doxy held ${peakFds} descriptors`);
      assert.ok(peakRss < RSS_MIB, `doxy's RSS reached ${peakRss.toFixed(0)} MiB`);
      assert.match(proxy.output(), new RegExp(`refused a client at 127\\.0\\.0\\.1: ${HANDSHAKE_CROWDED}`));
      assert.ok(proxy.alive());
    } finally {
      clearInterval(sampler);
      rss.stop();
      for (const s of flood) s.destroy();
    }
    assert.ok(await tlsPings());
  });

  it('a flood of 1100 promised bodies that never arrive does not lock out a new client for long', async (t) => {
    const tls = { open: openTls, pings: tlsPings };
    t.diagnostic(await floodStalledBodies(tls, setup, STALLED));
  });
});
