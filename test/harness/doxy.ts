// Starts doxy as a real process on temp sockets (the way a user runs it) and stops it again.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './dockerd.ts';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(REPO, 'server', 'main.ts');
/** What `npm start` runs: the server bundled by `npm run build:server` (no tsx at run time). */
export const BUNDLE = join(REPO, 'dist', 'server', 'main.js');

/** Builds BUNDLE from the sources, as `npm start` does before it runs it. */
export function buildBundle(): void {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO, stdio: 'inherit', timeout: 120_000 });
}

/** Builds web/dist, the admin app the server serves, as `npm start` does; emptying web/dist first. */
export function buildWeb(): void {
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: REPO, stdio: 'inherit', timeout: 300_000 });
}

export interface DoxyProcess {
  readonly dir: string;
  readonly socket: string;
  readonly dbFile: string;
  readonly child: ChildProcess;
  /** Everything doxy printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface DoxyOptions {
  readonly dockerSocket: string;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Reuse a directory (and so its store) across restarts. */
  readonly dir?: string;
  /** Run BUNDLE (what `npm start` runs; build it first with buildBundle) instead of the sources under tsx. */
  readonly bundle?: boolean;
}

/** Runs doxy to completion (for flags that exit: --help, bad values); returns code and output. */
export function runDoxy(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO,
      env: { ...cleanEnv(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment without DOXY_* variables, so that a test sees only what it sets. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DOXY_')) env[k] = v;
  return env;
}

export async function startDoxy(options: DoxyOptions): Promise<DoxyProcess> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'doxy-test-'));
  const socket = join(dir, 'doxy.sock');
  const dbFile = join(dir, 'db.json');
  const args = [
    '--docker-socket',
    options.dockerSocket,
    '--proxy-socket',
    socket,
    '--db-file',
    dbFile,
    '--admin-address',
    'none',
    ...(options.args ?? []),
  ];
  const program = options.bundle ? [BUNDLE] : ['--import', 'tsx', MAIN];
  const child = spawn(process.execPath, [...program, ...args], { cwd: REPO, env: { ...cleanEnv(), ...options.env } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !out.includes('listening on'); i++) {
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  if (!out.includes('listening on') || !existsSync(socket)) {
    child.kill('SIGKILL');
    throw new Error(`doxy did not start:\n${out}`);
  }
  return {
    dir,
    socket,
    dbFile,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      // The SIGKILL timer is cleared on exit: left running it would hold the test file's process open for its 10 s,
      // which summed over the suite's files was minutes of CI's time limit.
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited.finally(() => clearTimeout(kill));
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
