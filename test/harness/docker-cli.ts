// Drives the real docker CLI against a unix socket (doxy's or the daemon's), every wait bounded.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
