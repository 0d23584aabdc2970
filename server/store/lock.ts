// A lock file beside the store, so that two processes never interleave read-compare-write-rename and lose a save.
import { open, readFile, unlink } from 'node:fs/promises';

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
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      // An empty lock is one being written right now; only a lock naming a dead process is stale.
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) { await unlink(lock).catch(() => undefined); continue; }
      if (Date.now() > deadline) throw new Error(`${lock} is held by process ${owner || '?'}`);
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
