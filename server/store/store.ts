// The rule store: the active rule set, its revision and history, kept in a lowdb JSON file.
import { Low } from 'lowdb';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Rule } from '../../shared/rules/types.ts';
import { StoreError, ValidatingFileAdapter } from './file-adapter.ts';
import { withLock } from './lock.ts';
import { HISTORY_LIMIT, STORE_FORMAT, STORE_VERSION, type HistoryEntry, type StoreData } from './schema.ts';

export interface SaveResult {
  readonly ok: boolean;
  /** The revision now in force (the new one on success, the current one on a conflict). */
  readonly revision: number;
}

export interface Store {
  readonly file: string;
  rules(): readonly Rule[];
  revision(): number;
  adminToken(): string;
  history(): readonly HistoryEntry[];
  /** Saves a whole ordered set if `basedOn` is still the current revision; a stale revision saves nothing. */
  save(rules: readonly Rule[], basedOn: number, reason: string): Promise<SaveResult>;
  /** Called after every successful save, with the new rules. */
  onChange(listener: (rules: readonly Rule[], revision: number) => void): void;
}

export function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Opens the store, creating it with `initial` rules when the file does not exist. A corrupt file throws StoreError. */
export async function openStore(file: string, initial: readonly Rule[], now: () => Date = () => new Date()): Promise<Store> {
  const adapter = new ValidatingFileAdapter(file);
  const db = new Low<StoreData>(adapter, {} as StoreData);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await removeStaleTemps(file);
  // Created under the lock: two processes starting on a new store agree on one revision 1 and one token.
  await withLock(file, async () => {
    await db.read();
    if (db.data && 'format' in db.data) return;
    const savedAt = now().toISOString();
    db.data = {
      format: STORE_FORMAT, version: STORE_VERSION, revision: 1, rules: initial,
      history: [{ revision: 1, savedAt, reason: 'built-in rules', rules: initial }],
      adminToken: randomBytes(24).toString('base64url'),
    };
    await db.write();
  });
  const listeners: ((rules: readonly Rule[], revision: number) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const data = (): StoreData => db.data;

  const save = (rules: readonly Rule[], basedOn: number, reason: string): Promise<SaveResult> =>
    withLock(file, () => saveLocked(rules, basedOn, reason)).catch((error: unknown) => {
      throw error instanceof StoreError ? error : new StoreError('STORE_IO', file, (error as Error).message);
    });

  const saveLocked = async (rules: readonly Rule[], basedOn: number, reason: string): Promise<SaveResult> => {
    // Another process may have saved since we read: compare with the file, not only with memory.
    const onDisk = await adapter.read();
    if (onDisk && onDisk.revision !== data().revision) {
      throw new StoreError('STORE_CONFLICT', file, `changed on disk by another writer (revision ${onDisk.revision}, doxy holds ${data().revision}); restart doxy to load it`);
    }
    if (basedOn !== data().revision) return { ok: false, revision: data().revision };
    const revision = data().revision + 1;
    const entry: HistoryEntry = { revision, savedAt: now().toISOString(), reason, rules };
    const next: StoreData = { ...data(), revision, rules, history: [...data().history, entry].slice(-HISTORY_LIMIT) };
    await adapter.write(next);
    db.data = next;
    for (const l of listeners) l(next.rules, revision);
    return { ok: true, revision };
  };

  return {
    file,
    rules: () => data().rules,
    revision: () => data().revision,
    adminToken: () => data().adminToken,
    history: () => data().history,
    save: (rules, basedOn, reason) => {
      const run = queue.then(() => save(rules, basedOn, reason));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange: (l) => { listeners.push(l); },
  };
}

/** Temp files of writers that died mid-save (`db.json.PID.TIME.tmp`): the store itself was never touched by them. */
async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  for (const name of await readdir(dirname(file)).catch(() => [] as string[])) {
    const m = name.startsWith(prefix) ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = true;
    try { process.kill(pid, 0); } catch (error) { alive = (error as NodeJS.ErrnoException).code === 'EPERM'; }
    if (!alive) await unlink(join(dirname(file), name)).catch(() => undefined);
  }
}
