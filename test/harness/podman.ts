// Starts a private rootful `podman system service` for one test file: its own storage (vfs) and run dirs in a temp dir,
// cgroupfs, events in a file, on a unix socket, with the busybox test image imported through its Docker-compatible API.
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, terminate } from './agents/agent-process.ts';
import type { Run } from './docker-cli.ts';
import { importBusybox, pingSocket, sleep } from './dockerd.ts';

export interface PodmanService {
  readonly socket: string;
  output(): string;
  /** `podman --remote` on the service's own socket. */
  remote(args: readonly string[]): string;
  /** Removes every container, stops the service by pid and removes its directory. */
  stop(): Promise<void>;
}

/** `podman --remote ARGS` on any socket (doxy's or the service's), without a shell; killed after 30 s. */
export function podmanRemote(socket: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'podman',
      ['--remote', '--url', `unix://${socket}`, ...args],
      { timeout: 30_000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function startPodmanService(): Promise<PodmanService> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-podman-'));
  const socket = join(dir, 'podman.sock');
  for (const d of ['root', 'run', 'tmp']) mkdirSync(join(dir, d));
  const child = spawn(
    'podman',
    [
      ...['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp')],
      ...['--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'],
      ...['system', 'service', '--time', '0', `unix://${socket}`],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = captureOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const remote = (args: readonly string[]): string =>
    execFileSync('podman', ['--remote', '--url', `unix://${socket}`, ...args], { encoding: 'utf8' });
  const stop = async (): Promise<void> => {
    // Containers run under conmon, not under the service: they outlive it unless removed first.
    if (child.exitCode === null)
      try {
        remote(['rm', '--force', '--all', '--time', '0']);
      } catch {
        /* the service is not answering: nothing more to do through it */
      }
    await terminate(child, exited);
    // conmon's cleanup of a removed container (`podman container cleanup`, a process of its own) may still be writing
    // under root/libpod, for seconds on a loaded machine: wait until no process names the folder, then remove it.
    for (let i = 0; i < 120 && spawnSync('pgrep', ['-f', dir]).status === 0; i++) await sleep(250);
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  };
  for (let i = 0; i < 150 && child.exitCode === null && !(await pingSocket(socket)); i++) await sleep(200);
  if (!(await pingSocket(socket))) {
    await stop();
    throw new Error(`podman system service did not come up on ${socket}:\n${output().slice(-3000)}`);
  }
  importBusybox(dir, socket);
  return { socket, output, remote, stop };
}
