// The rule store: the active rule set, its revision and history, kept in a lowdb JSON file.
import { Low } from 'lowdb';
import { randomBytes } from 'node:crypto';
import type { Rule } from '../../shared/rules/types.ts';
import { StoreError, ValidatingFileAdapter } from './file-adapter.ts';
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
  await db.read();
  if (!db.data || !('format' in db.data)) {
    const savedAt = now().toISOString();
    db.data = {
      format: STORE_FORMAT, version: STORE_VERSION, revision: 1, rules: initial,
      history: [{ revision: 1, savedAt, reason: 'built-in rules', rules: initial }],
      adminToken: randomBytes(24).toString('base64url'),
    };
    await db.write();
  }
  const listeners: ((rules: readonly Rule[], revision: number) => void)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const data = (): StoreData => db.data;

  const save = async (rules: readonly Rule[], basedOn: number, reason: string): Promise<SaveResult> => {
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
