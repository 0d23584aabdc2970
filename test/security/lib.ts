// What the security suites share beyond raw HTTP (test/harness/raw-http.ts): direct questions to the daemon (was a
// container or network made? which events happened?) and the proxy under test as a real process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { formatPatternFile } from '../../shared/rules/pattern-file.ts';
import { sleep } from '../harness/dockerd.ts';
import { REPO, cleanEnv, startDoxy } from '../harness/doxy.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';

/** Marks everything a suite makes on the daemon, so that after() removes exactly that. */
export const RUN_LABEL = 'doxy.security';
export const RUN_ID = `run-${process.pid}-${Date.now().toString(36)}`;

/** How long a question to the daemon may take (a forced remove under load is slow). */
const DAEMON_MS = 30_000;

// ---------- the daemon, asked directly on its own socket ----------

/** Ids of the containers (running or not) that carry `label=value`. */
export async function containersLabelled(socket: string, label: string, value: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${label}=${value}`] }));
  const a = await http(socket, `/containers/json?all=1&filters=${filters}`, { timeoutMs: DAEMON_MS });
  return (JSON.parse(a.body) as { Id: string }[]).map((c) => c.Id);
}

export async function networkNamed(socket: string, name: string): Promise<boolean> {
  const a = await http(socket, `/networks/${encodeURIComponent(name)}`, { timeoutMs: DAEMON_MS });
  return a.status === 200;
}

/** A create body for a container of this run, labelled so that the daemon can say whether it was made. */
export function containerConfig(
  image: string,
  tag: string,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    Image: image,
    Cmd: ['true'],
    Labels: { [RUN_LABEL]: RUN_ID, 'doxy.case': tag },
    HostConfig: { NetworkMode: 'none' },
    ...extra,
  };
}

export async function createContainer(socket: string, config: Record<string, unknown>): Promise<string> {
  const a = await http(socket, '/containers/create', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(config),
    timeoutMs: DAEMON_MS,
  });
  if (a.status !== 201) throw new Error(`create: ${a.status} ${a.body}`);
  return (JSON.parse(a.body) as { Id: string }).Id;
}

/** Removes every container and network this run made. */
export async function cleanDaemon(socket: string): Promise<void> {
  for (const id of await containersLabelled(socket, RUN_LABEL, RUN_ID))
    await http(socket, `/containers/${id}?force=1&v=1`, { method: 'DELETE', timeoutMs: DAEMON_MS });
  const nets = await http(socket, '/networks', { timeoutMs: DAEMON_MS });
  for (const n of JSON.parse(nets.body) as { Name: string }[])
    if (n.Name.startsWith(`doxysec-${process.pid}-`))
      await http(socket, `/networks/${n.Name}`, { method: 'DELETE', timeoutMs: DAEMON_MS });
}

/** A network name of this run; cleanDaemon removes it. */
export function networkName(tag: string): string {
  return `doxysec-${process.pid}-${tag}`;
}

export interface DaemonEvent {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes?: Record<string, string> };
}

/** The daemon's own record of what happened between two times (seconds, with fractions). */
export async function daemonEvents(
  socket: string,
  since: number,
  until: number,
  filters: Readonly<Record<string, readonly string[]>> = {},
): Promise<DaemonEvent[]> {
  const q = `since=${since.toFixed(3)}&until=${until.toFixed(3)}&filters=${encodeURIComponent(JSON.stringify(filters))}`;
  const a = await http(socket, `/events?${q}`, { timeoutMs: DAEMON_MS });
  return a.body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DaemonEvent);
}

export function now(): number {
  return Date.now() / 1000;
}

// ---------- the proxy under test ----------

export interface ProxyUnderTest {
  readonly socket: string;
  readonly pid: number;
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** `DOXY_SECURITY_PROXY=naive` runs the suites against naive-proxy.ts, to show what they catch. */
export const NAIVE = process.env.DOXY_SECURITY_PROXY === 'naive';

/** Starts doxy (or the naive proxy) on a temp socket with `patternText` as its pattern file, or the built-in rules when null. */
export async function startProxy(
  dockerSocket: string,
  patternText: string | null,
  args: readonly string[] = [],
): Promise<ProxyUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-sec-'));
  const patternArgs: string[] = [];
  if (patternText !== null) {
    const file = join(dir, 'rules.pattern');
    writeFileSync(file, patternText);
    patternArgs.push('--pattern-file', file);
  }
  if (NAIVE) return startNaive(dir, dockerSocket, patternText ?? formatPatternFile(BUILTIN_RULES));
  const d = await startDoxy({ dockerSocket, args: [...patternArgs, ...args], dir });
  const pid = d.child.pid ?? -1;
  return {
    socket: d.socket,
    pid,
    output: d.output,
    alive: () => d.child.exitCode === null && d.child.signalCode === null,
    stop: async () => {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startNaive(dir: string, dockerSocket: string, patternText: string): Promise<ProxyUnderTest> {
  const socket = join(dir, 'doxy.sock');
  const file = join(dir, 'rules.pattern');
  writeFileSync(file, patternText);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'test', 'security', 'naive-proxy.ts'), dockerSocket, socket, file],
    { cwd: REPO, env: cleanEnv() },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(50);
  return {
    socket,
    pid: child.pid ?? -1,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      child.kill('SIGKILL');
      await sleep(100);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process in KiB, from /proc. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** Waits until `check` holds, polling; false when `timeoutMs` passed first. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(everyMs);
  }
}

/**
 * Opens a connection and resolves once it is up. A unix socket answers EAGAIN while its accept queue is full (the
 * proxy is busy on a loaded machine): like a patient client, try again a little later, within a bound.
 */
export async function open(path: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = connect({ path });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || attempt >= 50) throw error;
      await sleep(20 * (attempt + 1));
    }
  }
}

export interface Pinger {
  stop(): Promise<{ count: number; worstMs: number; failed: number }>;
}

/** Pings through the proxy socket back to back until stopped, keeping the slowest answer. */
export function pingAll(socket: string): Pinger {
  let running = true;
  let count = 0;
  let failed = 0;
  let worstMs = 0;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const x = await exchange(socket, req('GET', '/_ping', { Connection: 'close' }), { timeoutMs: 10_000 });
      worstMs = Math.max(worstMs, performance.now() - t);
      if (statuses(x)[0] === 200) count++;
      else failed++;
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { count, worstMs, failed };
    },
  };
}

/** The proxy still answers: a plain GET /_ping gets 200. */
export async function pings(socket: string): Promise<boolean> {
  const x = await exchange(socket, req('GET', '/_ping', { Connection: 'close' }), { timeoutMs: 5000 });
  return statuses(x)[0] === 200;
}

/** The `doxy.case` labels of the containers this run made, to name in a failure which case got through. */
export async function casesMade(socket: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${RUN_LABEL}=${RUN_ID}`] }));
  const a = await http(socket, `/containers/json?all=1&filters=${filters}`, { timeoutMs: DAEMON_MS });
  return (JSON.parse(a.body) as { Labels: Record<string, string> }[]).map((c) => c.Labels['doxy.case'] ?? '?').sort();
}

// ---------- tar, for bodies whose bytes the daemon keeps (PUT /containers/{id}/archive) ----------

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar archive holding one regular file. */
export function tarOf(name: string, data: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(data.length, 12), 124, 'latin1');
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

/** The content of the first regular file in a tar archive. */
export function firstFileOf(tar: Buffer): Buffer | null {
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) return null;
    const size = parseInt(h.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(h[156] ?? 0);
    if (type === '0' || type === '\0') return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

/** Reads a file out of a container directly on the daemon, or null when it is not there. */
export async function readContainerFile(socket: string, id: string, path: string): Promise<Buffer | null> {
  const a = await http(socket, `/containers/${id}/archive?path=${encodeURIComponent(path)}`, { timeoutMs: DAEMON_MS });
  return a.status === 200 ? firstFileOf(a.bytes) : null;
}

/** Mulberry32: the same "random" numbers in [0, 1) on every run for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
