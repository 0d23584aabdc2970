// A lowdb adapter that validates what it reads and writes atomically (temp file, fsync, rename), mode 0600.
import type { Adapter } from 'lowdb';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkConfiguration } from '../../shared/profiles/configuration.ts';
import { zodProblems } from '../../shared/rules/ruleset-json.ts';
import { migrateV1 } from './migrate.ts';
import { storeSchema, storeSchemaV1, type StoreData } from './schema.ts';

/** The store file cannot be used; the message names the file and what is wrong, and the file is left as it is. */
export class StoreError extends Error {
  readonly code: string;
  constructor(
    code: 'STORE_CORRUPT' | 'STORE_CONFLICT' | 'STORE_IO',
    readonly file: string,
    message: string,
  ) {
    super(`store ${file}: ${message}`);
    this.code = code;
  }
}

export class ValidatingFileAdapter implements Adapter<StoreData> {
  constructor(readonly file: string) {}

  async read(): Promise<StoreData | null> {
    const text = await this.text();
    return text === null ? null : parseStore(text, this.file);
  }

  /**
   * Only the revision on disk, to tell whether another process saved: every save asks, and a full read would check
   * every rule of every profile again on the thread that serves the sockets. A file that is not a store still throws.
   */
  async readRevision(): Promise<number | null> {
    const text = await this.text();
    if (text === null) return null;
    let revision: unknown;
    try {
      revision = (JSON.parse(text) as { revision?: unknown }).revision;
    } catch {
      revision = undefined;
    }
    if (typeof revision !== 'number') return parseStore(text, this.file).revision;
    return revision;
  }

  private async text(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('STORE_IO', this.file, (error as Error).message);
    }
  }

  async write(data: StoreData): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.file);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw new StoreError('STORE_IO', this.file, (error as Error).message);
    }
    // The rename is durable only once the directory entry is on disk too.
    const dir = await open(dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

/** Reads a store file of version 2, or of version 1 (migrated); anything else throws STORE_CORRUPT naming what and where. */
export function parseStore(text: string, file: string): StoreData {
  const corrupt = (where: string | undefined, message: string | undefined): StoreError =>
    new StoreError('STORE_CORRUPT', file, `${where}: ${message}; fix or move the file, doxy will not overwrite it`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      'STORE_CORRUPT',
      file,
      `not valid JSON (${(error as Error).message}); fix or move the file, doxy will not overwrite it`,
    );
  }
  const v1 = typeof json === 'object' && json !== null && (json as { version?: unknown }).version === 1;
  let data: StoreData;
  if (v1) {
    const parsed = storeSchemaV1.safeParse(json);
    if (!parsed.success) {
      const first = zodProblems(parsed.error)[0];
      throw corrupt(first?.where, first?.message);
    }
    data = migrateV1(parsed.data);
  } else {
    const parsed = storeSchema.safeParse(json);
    if (!parsed.success) {
      const first = zodProblems(parsed.error)[0];
      throw corrupt(first?.where, first?.message);
    }
    data = parsed.data;
  }
  const config = checkConfiguration({ profiles: data.profiles, sockets: data.sockets });
  if (!config.ok) {
    const first = config.problems[0];
    const rule = ruleAt(data, first?.where ?? '');
    // Pointers name the place in the file as it is: a version 1 file holds its rules at /rules.
    const where = v1 ? first?.where.replace(/^\/profiles\/0\/rules/, '/rules') : first?.where;
    if (!rule) throw corrupt(where, first?.message);
    // A rule that no longer compiles (a pattern over the cost limit that an older doxy accepted) cannot be left out:
    // a deny rule skipped would let through what it denies. So doxy stops, and says which rule to edit.
    throw new StoreError(
      'STORE_CORRUPT',
      file,
      `${rule}, ${where}: ${first?.message}; edit or remove that rule in the file and start again, doxy will not overwrite it`,
    );
  }
  return data;
}

/** `profile "p", rule 3 (id "x")` for a pointer into a profile's rules; null for any other place. */
function ruleAt(data: StoreData, where: string): string | null {
  const m = /^\/profiles\/(\d+)\/rules\/(\d+)(\/|$)/.exec(where);
  if (!m) return null;
  const profile = data.profiles[Number(m[1])];
  const rule = profile?.rules[Number(m[2])];
  return profile && rule ? `profile "${profile.name}", rule ${m[2]} (id "${rule.id}")` : null;
}
