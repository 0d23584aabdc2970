// The configuration store: every profile and socket under one revision, its history, and the admin token, in a
// lowdb JSON file written atomically under a lock.
import { Low } from 'lowdb';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { findProfile, type Configuration } from '../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import type { Profile, SocketSpec } from '../../shared/profiles/types.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { StoreError, ValidatingFileAdapter } from './file-adapter.ts';
import { withLock } from './lock.ts';
import { HISTORY_LIMIT, STORE_FORMAT, STORE_VERSION, type HistoryEntry, type StoreData } from './schema.ts';

export type { Configuration };

export interface SaveResult {
  readonly ok: boolean;
  /** The revision now in force (the new one on success, the current one on a conflict). */
  readonly revision: number;
}

export interface Store {
  readonly file: string;
  revision(): number;
  adminToken(): string;
  history(): readonly HistoryEntry[];
  config(): Configuration;
  profiles(): readonly Profile[];
  sockets(): readonly SocketSpec[];
  /** A profile's rules ('default' when not named); [] when there is no such profile. */
  rules(profile?: string): readonly Rule[];
  /** Saves a whole configuration (validated by the caller) if `basedOn` is still the current revision; a stale one saves nothing. */
  save(config: Configuration, basedOn: number, reason: string): Promise<SaveResult>;
  /** Called after every successful save, with the new configuration; the save answers once each listener is done. */
  onChange(listener: (config: Configuration, revision: number) => void | Promise<void>): void;
}

export function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sameConfig(a: Configuration, b: Configuration): boolean {
  return JSON.stringify([a.profiles, a.sockets]) === JSON.stringify([b.profiles, b.sockets]);
}

/**
 * Opens the store, creating it with `initial` rules as profile 'default' when the file does not exist. A version 1
 * file is migrated in memory and written as version 2 by the next save, which first copies it to `FILE.v1.bak`
 * (an older doxy can be given that one back). A corrupt file throws StoreError.
 */
export async function openStore(
  file: string,
  initial: readonly Rule[],
  now: () => Date = () => new Date(),
): Promise<Store> {
  const adapter = new ValidatingFileAdapter(file);
  const db = new Low<StoreData>(adapter, {} as StoreData);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await removeStaleTemps(file);
  // Created under the lock: two processes starting on a new store agree on one revision 1 and one token.
  await withLock(file, async () => {
    await db.read();
    if (db.data && 'format' in db.data) return;
    const savedAt = now().toISOString();
    const profiles = [{ name: DEFAULT_PROFILE, rules: initial }];
    db.data = {
      format: STORE_FORMAT,
      version: STORE_VERSION,
      revision: 1,
      profiles,
      sockets: [],
      history: [{ revision: 1, savedAt, reason: 'built-in rules', profiles, sockets: [] }],
      adminToken: randomBytes(24).toString('base64url'),
    };
    await db.write();
  });
  let backupV1 = await isVersion1(file);
  const listeners: ((config: Configuration, revision: number) => void | Promise<void>)[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const data = (): StoreData => db.data;
  const config = (): Configuration => ({ profiles: data().profiles, sockets: data().sockets });

  const save = async (next: Configuration, basedOn: number, reason: string): Promise<SaveResult> => {
    const result = await withLock(file, () => saveLocked(next, basedOn, reason)).catch((error: unknown) => {
      throw error instanceof StoreError ? error : new StoreError('STORE_IO', file, (error as Error).message);
    });
    // Outside the lock: taking the change in (compiling the rules in force) holds up no other writer.
    if (result.ok) await Promise.all(listeners.map((l) => l(config(), result.revision)));
    return result;
  };

  const saveLocked = async (next: Configuration, basedOn: number, reason: string): Promise<SaveResult> => {
    // Another process may have saved since we read: compare with the file, not only with memory.
    const onDisk = await adapter.readRevision();
    if (onDisk !== null && onDisk !== data().revision) {
      throw new StoreError(
        'STORE_CONFLICT',
        file,
        `changed on disk by another writer (revision ${onDisk}, doxy holds ${data().revision}); restart doxy to load it`,
      );
    }
    if (basedOn !== data().revision) return { ok: false, revision: data().revision };
    const revision = data().revision + 1;
    const profiles = [...next.profiles];
    const sockets = [...next.sockets];
    const entry: HistoryEntry = { revision, savedAt: now().toISOString(), reason, profiles, sockets };
    const written: StoreData = {
      ...data(),
      version: STORE_VERSION,
      revision,
      profiles,
      sockets,
      history: [...data().history, entry].slice(-HISTORY_LIMIT),
    };
    if (backupV1) {
      await copyFile(file, `${file}.v1.bak`, constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      backupV1 = false;
    }
    await adapter.write(written);
    db.data = written;
    return { ok: true, revision };
  };

  return {
    file,
    revision: () => data().revision,
    adminToken: () => data().adminToken,
    history: () => data().history,
    config,
    profiles: () => data().profiles,
    sockets: () => data().sockets,
    rules: (profile = DEFAULT_PROFILE) => findProfile(config(), profile)?.rules ?? [],
    save: (next, basedOn, reason) => {
      const run = queue.then(() => save(next, basedOn, reason));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange: (l) => {
      listeners.push(l);
    },
  };
}

async function isVersion1(file: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { version?: unknown }).version === 1;
  } catch {
    return false;
  }
}

/** Temp files of writers that died mid-save (`db.json.PID.TIME.tmp`): the store itself was never touched by them. */
async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  for (const name of await readdir(dirname(file)).catch(() => [] as string[])) {
    const m = name.startsWith(prefix) ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) await unlink(join(dirname(file), name)).catch(() => undefined);
  }
}
