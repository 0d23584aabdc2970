// Stops an agent's process by its pid: SIGTERM, then SIGKILL if it is still there after 10 s.
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
