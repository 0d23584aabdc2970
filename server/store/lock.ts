// A lock file beside the store, so that two processes never interleave read-compare-write-rename and lose a save.
// Its names are predictable (the pid is in one), so no link planted at them is ever followed.
import { constants } from 'node:fs';
import { link, lstat, open, unlink } from 'node:fs/promises';
import { readNoFollow } from '../fs/no-follow.ts';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } = constants;

/** Writes a new file of ours; whatever already has the name (a link to a file of root's, say) is removed, never written through. */
async function writeNew(path: string, text: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      await unlink(path);
    }
  }
}

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
    await writeNew(mine, String(process.pid));
    try {
      await link(mine, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // doxy's lock is always a regular file (a hard link): a symbolic link there was planted, and is removed (the
      // link only; what it points at is never touched).
      if ((await lstat(lock).catch(() => null))?.isSymbolicLink()) {
        await unlink(lock).catch(() => undefined);
        continue;
      }
      const owner = Number((await readNoFollow(lock)).trim());
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        // Read again right before removing, so that a lock another waiter just took over is left alone.
        const still = Number((await readNoFollow(lock)).trim());
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
