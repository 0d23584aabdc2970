// Starts bench/bare-forwarder.ts the way doxy runs in the bench: bundled by esbuild, under plain node (no tsx, no
// loader thread), its own process, so that its RSS and CPU are read from /proc exactly like doxy's.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'bare-forwarder.ts');
const START_TIMEOUT_MS = 20_000;

export interface BareProcess {
  readonly socket: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startBare(dir: string, dockerSocket: string, env: NodeJS.ProcessEnv): Promise<BareProcess> {
  const program = join(dir, 'bare-forwarder.mjs');
  buildSync({
    entryPoints: [SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: program,
    logLevel: 'warning',
  });
  const socket = join(dir, 'bare.sock');
  const child: ChildProcess = spawn(process.execPath, [program, socket, dockerSocket], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare forwarder did not start')), START_TIMEOUT_MS);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare forwarder exited with ${code}`));
    });
  });
  return {
    socket,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
