// Drives the real docker CLI and raw HTTP against a unix socket (doxy's or the daemon's), every wait bounded.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDoxy, type DoxyProcess } from './doxy.ts';

export interface Run {
  /** Exit code; null when the process was killed (a timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DockerOptions {
  /** Written to the CLI's stdin, which is then closed. */
  readonly input?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/** A name no other test run uses: `doxy-it-<what>-<random>` (it holds `-`, and `.` when `what` does). */
export function uniqueName(what: string): string {
  return `doxy-it-${what}-${randomBytes(4).toString('hex')}`;
}

function dockerEnvFor(socket: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // No DOCKER_* from the machine running the tests (context, TLS, config dir with credential helpers).
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DOCKER_')) env[k] = v;
  return { ...env, DOCKER_CONFIG: '/nonexistent-doxy-test', ...extra, DOCKER_HOST: `unix://${socket}` };
}

/** Runs `docker ARGS` against `socket` without a shell; killed after `timeoutMs`. */
export function docker(socket: string, args: readonly string[], options: DockerOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'docker',
      args,
      {
        env: dockerEnvFor(socket, options.env),
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** Like docker(), but fails the test unless the command exits 0. */
export async function dockerOk(socket: string, args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const r = await docker(socket, args, options);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A long-running docker command (logs -f, events, attach) whose output is read while it runs. */
export interface DockerStream {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves once stdout contains every one of `texts`; rejects after `timeoutMs` with what was seen. */
  waitFor(texts: readonly string[], timeoutMs?: number): Promise<string>;
  /** SIGKILLs the CLI (no signal is proxied to the container) and waits for it to exit. */
  kill(): Promise<void>;
}

export function dockerStream(socket: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): DockerStream {
  const child = spawn('docker', args, { env: dockerEnvFor(socket, env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A guard for a test that fails before kill(): never leave a CLI behind.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  guard.unref();
  return {
    child,
    output: () => out,
    waitFor: (texts, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!texts.every((t) => out.includes(t))) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(out);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `docker ${args.join(' ')}: no ${JSON.stringify(texts)} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    kill: async () => {
      clearTimeout(guard);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface HttpOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

/** One HTTP request on a unix socket; the whole body is read (use it for bounded answers only). */
export function http(socket: string, path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        timeout: options.timeoutMs ?? 10_000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new Error(
          `${options.method ?? 'GET'} ${path} on ${socket}: no answer within ${options.timeoutMs ?? 10_000} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Only the status line and headers of a response (a stream's head); the connection is closed as soon as they arrive. */
export function httpHead(
  socket: string,
  path: string,
  timeoutMs: number,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, method, agent: false }, (res) => {
      clearTimeout(timer);
      req.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path}: no response head within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/**
 * Writes `raw` on one connection (an array: each part 100 ms after the previous one, so that they arrive as separate reads)
 * and collects what comes back until `until` holds, the peer closes, or `timeoutMs` passes (a rejection).
 */
export function rawExchange(
  socket: string,
  raw: string | readonly string[],
  until: (received: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ path: socket });
    let received = '';
    const timers: NodeJS.Timeout[] = [];
    const clear = (): void => {
      for (const t of timers) clearTimeout(t);
    };
    const finish = (): void => {
      clear();
      s.destroy();
      resolve(received);
    };
    timers.push(
      setTimeout(() => {
        clear();
        s.destroy();
        reject(new Error(`no complete answer within ${timeoutMs} ms; received:\n${received}`));
      }, timeoutMs),
    );
    s.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (until(received)) finish();
    });
    s.on('end', finish);
    s.on('error', (error) => {
      clear();
      reject(error);
    });
    const parts = typeof raw === 'string' ? [raw] : raw;
    parts.forEach((part, i) =>
      timers.push(
        setTimeout(() => {
          if (!s.destroyed) s.write(part);
        }, i * 100),
      ),
    );
  });
}

/** Splits raw HTTP/1.1 responses (Content-Length framed) into status and body. */
export function parseResponses(raw: string): { status: number; headers: string; body: string }[] {
  const out: { status: number; headers: string; body: string }[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const headers = rest.slice(0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1] ?? '0');
    if (rest.length < end + 4 + length) break;
    out.push({ status: Number(headers.slice(9, 12)), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

/** Whether the daemon knows an object: `kind` is container, image, network or volume (asked on the daemon's own socket). */
export async function exists(
  daemon: string,
  kind: 'container' | 'image' | 'network' | 'volume',
  name: string,
): Promise<boolean> {
  const r = await docker(daemon, [kind, 'inspect', name], { timeoutMs: 15_000 });
  return r.code === 0;
}

/** Removes containers, images and networks by name on the daemon's own socket, ignoring those already gone. */
export async function removeAll(
  daemon: string,
  what: { containers?: readonly string[]; images?: readonly string[]; networks?: readonly string[] },
): Promise<void> {
  if (what.containers?.length) await docker(daemon, ['rm', '-f', ...what.containers], { timeoutMs: 30_000 });
  if (what.images?.length) await docker(daemon, ['rmi', '-f', ...what.images], { timeoutMs: 30_000 });
  if (what.networks?.length) await docker(daemon, ['network', 'rm', ...what.networks], { timeoutMs: 30_000 });
}

/** Starts a container on the daemon's own socket (no network) running `command`; returns its name. */
export async function startContainer(
  daemon: string,
  image: string,
  name: string,
  command: readonly string[],
): Promise<string> {
  await dockerOk(daemon, ['run', '-d', '--network', 'none', '--name', name, image, ...command]);
  return name;
}

/** A pattern file that grants every method on every path. */
export const ALLOW_ALL = '# every method, every path\nallow * .*\n';

/** Starts doxy with a pattern file holding `patterns`; stop() also removes the file. */
export async function startDoxyWithPatterns(
  daemon: string,
  patterns: string,
  args: readonly string[] = [],
): Promise<DoxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-patterns-'));
  const file = join(dir, 'doxy.pattern');
  writeFileSync(file, patterns);
  try {
    const doxy = await startDoxy({ dockerSocket: daemon, args: ['--pattern-file', file, ...args] });
    return {
      ...doxy,
      stop: async () => {
        const code = await doxy.stop();
        rmSync(dir, { recursive: true, force: true });
        return code;
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Polls `check` every 50 ms until it returns true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
  }
}
