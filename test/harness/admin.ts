// Starts doxy with its admin app on a free loopback port and a known token, and talks HTTP to it and to its proxy socket.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './dockerd.ts';
import type { LogEntry, LogSearchResponse } from '../../shared/protocol/log.ts';
import { startDoxy, type DoxyProcess } from './doxy.ts';

export const TOKEN = 'test-admin-token-0123456789abcdef';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
}

export interface Call {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
  /** Send the token as a Bearer header (default true). */
  readonly auth?: boolean;
}

export interface AdminDoxy {
  readonly doxy: DoxyProcess;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** An admin server request; Host is the admin address unless headers say otherwise. */
  call(path: string, call?: Call): Promise<Answer>;
  /** A request through doxy's proxy socket. */
  proxy(method: string, path: string): Promise<Answer>;
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function send(
  options: { socketPath?: string; port?: number; method: string; path: string; headers: Record<string, string> },
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ ...options, host: '127.0.0.1', timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${options.method} ${options.path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface AdminOptions {
  readonly dockerSocket?: string;
  /** Reuse a directory (and so its store) across restarts. */
  readonly dir?: string;
  readonly args?: readonly string[];
  /** Run the bundle `npm start` runs instead of the sources (see buildBundle). */
  readonly bundle?: boolean;
  /** The default profile's rules, as a pattern file (--pattern-file; in a folder of its own, removed at stop). */
  readonly patterns?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Options for node itself (see DoxyOptions.nodeArgs). */
  readonly nodeArgs?: readonly string[];
}

export async function startAdminDoxy(options: AdminOptions = {}): Promise<AdminDoxy> {
  const port = await freePort();
  const patternDir = options.patterns === undefined ? null : mkdtempSync(join(tmpdir(), 'doxy-admin-patterns-'));
  const removePatterns = (): void => {
    if (patternDir) rmSync(patternDir, { recursive: true, force: true });
  };
  const patternArgs: string[] = [];
  if (patternDir) {
    const file = join(patternDir, 'doxy.pattern');
    writeFileSync(file, options.patterns ?? '');
    patternArgs.push('--pattern-file', file);
  }
  let doxy: DoxyProcess;
  try {
    doxy = await startDoxy({
      dockerSocket: options.dockerSocket ?? '/nonexistent/docker.sock',
      ...(options.dir ? { dir: options.dir } : {}),
      ...(options.bundle ? { bundle: true } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      args: ['--admin-address', `127.0.0.1:${port}`, '--admin-token', TOKEN, ...patternArgs, ...(options.args ?? [])],
    });
  } catch (error) {
    removePatterns();
    throw error;
  }
  // Bounds a hang only, as startDoxy's wait for 'listening on' does.
  for (let i = 0; i < 600 && !doxy.output().includes('admin app at'); i++) await sleep(50);
  if (!doxy.output().includes(`admin app at http://127.0.0.1:${port}/?token=`)) {
    await doxy.stop();
    removePatterns();
    throw new Error(`doxy did not start its admin app:\n${doxy.output()}`);
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    doxy,
    port,
    base,
    call(path, call = {}) {
      const headers: Record<string, string> = {
        Host: `127.0.0.1:${port}`,
        ...(call.auth === false ? {} : { Authorization: `Bearer ${TOKEN}` }),
      };
      let body: string | undefined;
      if (typeof call.body === 'string') body = call.body;
      else if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['Content-Type'] = 'application/json';
      }
      return send({ port, method: call.method ?? 'GET', path, headers: { ...headers, ...call.headers } }, body);
    },
    proxy: (method, path) => send({ socketPath: doxy.socket, method, path, headers: {} }),
    stop: async () => {
      const code = await doxy.stop();
      removePatterns();
      return code;
    },
  };
}

/**
 * The log entries a search finds, once there are at least `count`: an entry is written when its exchange ends, which
 * may be a moment after the client saw the answer, so a search polls until then (within a deadline, then answers what
 * it has, for the test's assertion to show).
 */
export async function logEntries(
  a: AdminDoxy,
  query: string,
  count = 1,
  timeoutMs = 10_000,
): Promise<readonly LogEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { entries } = (await a.call(`/api/log/search?${query}`)).body as LogSearchResponse;
    if (entries.length >= count || Date.now() > until) return entries;
    await sleep(50);
  }
}
