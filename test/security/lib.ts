// What the security suites share: exact bytes over a raw socket, a reader for what came back, direct questions to the
// daemon (was a container or network made? which events happened?) and the proxy under test as a real process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { formatPatternFile } from '../../shared/rules/pattern-file.ts';
import { sleep } from '../harness/dockerd.ts';
import { REPO, cleanEnv, startDoxy } from '../harness/doxy.ts';

/** Marks everything a suite makes on the daemon, so that after() removes exactly that. */
export const RUN_LABEL = 'doxy.security';
export const RUN_ID = `run-${process.pid}-${Date.now().toString(36)}`;

// ---------- raw bytes ----------

export interface Parsed {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface Exchange {
  readonly data: Buffer;
  readonly text: string;
  /** The other side closed the connection (as opposed to our timeout or `until`). */
  readonly closed: boolean;
  readonly responses: readonly Parsed[];
}

export interface ExchangeOptions {
  /** Give up (and destroy the socket) after this long. */
  readonly timeoutMs?: number;
  /** Pause between the parts written. */
  readonly gapMs?: number;
  /** Stop as soon as what came back satisfies this. */
  readonly until?: (text: string) => boolean;
  /** Half-close our side after the last part. */
  readonly halfClose?: boolean;
}

/** Writes `parts` to a unix socket byte for byte and collects what comes back until close, `until` or the timeout. */
export function exchange(
  path: string,
  parts: string | Buffer | readonly (string | Buffer)[],
  options: ExchangeOptions = {},
): Promise<Exchange> {
  const list = typeof parts === 'string' || Buffer.isBuffer(parts) ? [parts] : parts;
  const { timeoutMs = 5000, gapMs = 0, until, halfClose = false } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ path });
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      resolve({ data, text: data.toString('latin1'), closed, responses: parseResponses(data) });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (until && until(Buffer.concat(chunks).toString('latin1'))) finish(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const [i, p] of list.entries()) {
          if (i > 0 && gapMs > 0) await sleep(gapMs);
          if (socket.destroyed) return;
          socket.write(p);
        }
        if (halfClose && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** Splits what came back into HTTP responses (Content-Length, chunked, or up to the close). */
export function parseResponses(data: Buffer): Parsed[] {
  const out: Parsed[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at, 'latin1');
    if (end === -1) break;
    const lines = data.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) break;
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const status = Number(m[1]);
    let pos = end + 4;
    if (status >= 100 && status < 200 && status !== 101) {
      at = pos;
      continue;
    }
    let body: Buffer;
    if (status === 101) {
      body = data.subarray(pos);
      pos = data.length;
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      body = data.subarray(pos, pos + n);
      pos += n;
    } else if ((headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const eol = data.indexOf('\r\n', pos, 'latin1');
        if (eol === -1) {
          pos = data.length;
          break;
        }
        const size = parseInt(data.subarray(pos, eol).toString('latin1'), 16);
        pos = eol + 2;
        if (!(size > 0)) {
          pos = Math.min(data.length, pos + 2);
          break;
        }
        parts.push(data.subarray(pos, pos + size));
        pos += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      body = data.subarray(pos);
      pos = data.length;
    }
    out.push({ status, headers, body });
    at = pos;
  }
  return out;
}

export function statuses(x: Exchange): number[] {
  return x.responses.map((r) => r.status);
}

/** An HTTP/1.1 request as bytes; `Content-Length` is added for a body unless `headers` frame it themselves. */
export function req(
  method: string,
  target: string,
  headers: Readonly<Record<string, string | number>> = {},
  body?: string | Buffer,
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: docker'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  const framed = Object.keys(headers).some((k) => /^(content-length|transfer-encoding)$/i.test(k));
  const b = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
  if (!framed && body !== undefined) lines.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

/** A chunked body; `ext` is written after each chunk size (e.g. `;name=value`). */
export function chunked(parts: readonly (string | Buffer)[], ext = ''): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    const b = Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1');
    out.push(Buffer.from(`${b.length.toString(16)}${ext}\r\n`, 'latin1'), b, Buffer.from('\r\n', 'latin1'));
  }
  out.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(out);
}

// ---------- the daemon, asked directly on its own socket ----------

export interface ApiAnswer {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  json<T = unknown>(): T;
}

export function api(
  socket: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {};
    if (payload) {
      headers['Content-Type'] = Buffer.isBuffer(body) ? 'application/x-tar' : 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const r = request({ socketPath: socket, method, path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          body: b,
          headers: res.headers,
          json: <T>() => JSON.parse(b.toString('utf8')) as T,
        });
      });
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(payload);
  });
}

/** Ids of the containers (running or not) that carry `label=value`. */
export async function containersLabelled(socket: string, label: string, value: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${label}=${value}`] }));
  const a = await api(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  return a.json<{ Id: string }[]>().map((c) => c.Id);
}

export async function networkNamed(socket: string, name: string): Promise<boolean> {
  const a = await api(socket, 'GET', `/networks/${encodeURIComponent(name)}`);
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
  const a = await api(socket, 'POST', '/containers/create', config);
  if (a.status !== 201) throw new Error(`create: ${a.status} ${a.body.toString()}`);
  return a.json<{ Id: string }>().Id;
}

/** Removes every container and network this run made. */
export async function cleanDaemon(socket: string): Promise<void> {
  for (const id of await containersLabelled(socket, RUN_LABEL, RUN_ID))
    await api(socket, 'DELETE', `/containers/${id}?force=1&v=1`);
  const nets = await api(socket, 'GET', '/networks');
  for (const n of nets.json<{ Name: string }[]>())
    if (n.Name.startsWith(`doxysec-${process.pid}-`)) await api(socket, 'DELETE', `/networks/${n.Name}`);
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
  const a = await api(socket, 'GET', `/events?${q}`);
  return a.body
    .toString('utf8')
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

/** The proxy still answers: a plain GET /_ping gets 200. */
export async function pings(socket: string): Promise<boolean> {
  const x = await exchange(socket, req('GET', '/_ping', { Connection: 'close' }), { timeoutMs: 5000 });
  return statuses(x)[0] === 200;
}

/** The `doxy.case` labels of the containers this run made, to name in a failure which case got through. */
export async function casesMade(socket: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${RUN_LABEL}=${RUN_ID}`] }));
  const a = await api(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  return a
    .json<{ Labels: Record<string, string> }[]>()
    .map((c) => c.Labels['doxy.case'] ?? '?')
    .sort();
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
  const a = await api(socket, 'GET', `/containers/${id}/archive?path=${encodeURIComponent(path)}`);
  return a.status === 200 ? firstFileOf(a.body) : null;
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
