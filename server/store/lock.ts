// A lock file beside the store, so that two processes never interleave read-compare-write-rename and lose a save.
import { link, readFile, unlink, writeFile } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` holding `${file}.lock`; a lock left by a dead process is taken over, a live one waited for (bounded). */
export async function withLock<T>(file: string, work: () => Promise<T>, waitMs = 5_000): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    // The lock appears whole or not at all (link of a file that already holds our pid), so it always names its owner.
    const mine = `${lock}.${process.pid}`;
    await writeFile(mine, String(process.pid), { mode: 0o600 });
    try {
      await link(mine, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        // Read again right before removing, so that a lock another waiter just took over is left alone.
        const still = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
        if (still === owner) await unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by process ${owner || '?'}`);
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    } finally {
      await unlink(mine).catch(() => undefined);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
