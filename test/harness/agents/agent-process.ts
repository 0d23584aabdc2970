// An agent's process: what it printed, and stopping it by its pid (SIGTERM, then SIGKILL after 10 s).
import type { ChildProcess } from 'node:child_process';

/** Resolves once `child` has exited; `exited` is its exit promise, made when it was spawned (it may be over already). */
export async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  const pid = child.pid ?? -1;
  if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** Everything `child` prints on stdout and stderr, as it came, so far. */
export function captureOutput(child: ChildProcess): () => string {
  let out = '';
  const add = (d: Buffer): void => {
    out += d.toString();
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}
