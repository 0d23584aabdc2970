// Writes each log entry as a JSON line next to the store, rotated by size into a bounded number of files,
// so that the request history survives a restart. Writing is batched and never blocks the proxy.
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import type { LogEntry } from '../../shared/protocol/log.ts';
import { readNoFollow } from '../fs/no-follow.ts';

export interface DurableLogOptions {
  readonly file: string;
  /** Rotate when the current file passes this size. */
  readonly maxBytes?: number;
  /** Files kept in all: the current one plus maxFiles - 1 rotated ones (file.1 is the newest). */
  readonly maxFiles?: number;
  readonly flushMs?: number;
}

export interface LogQuery {
  readonly from?: string;
  readonly to?: string;
  readonly verdict?: LogEntry['verdict'];
  readonly method?: string;
  readonly text?: string;
  /** The socket's path (entries name the socket they came through). */
  readonly socket?: string;
  readonly profile?: string;
  readonly limit?: number;
}

export interface DurableLog {
  /** The current file; rotated ones are file.1 (newest) and on. */
  readonly file: string;
  append(entry: LogEntry): void;
  /** Writes what is queued; resolves when it is on disk. */
  flush(): Promise<void>;
  /** Entries matching the query, newest first, from every kept file. */
  search(query: LogQuery): Promise<LogEntry[]>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Lines waiting for the disk, those of writes in flight included. A disk that stalls would otherwise let the queue
 * grow with every request; past this, entries are counted and left out (the in-memory log still has them).
 */
export const MAX_QUEUED_LINES = 50_000;
export const DEFAULT_MAX_FILES = 5;

// The log's names are predictable (`<db>.requests.jsonl`): a link planted there must never make doxy, often root, write
// to or read from the file it points at. O_NOFOLLOW makes open fail with ELOOP instead.
const { O_APPEND, O_CREAT, O_NOFOLLOW, O_RDONLY, O_WRONLY } = constants;

const LINK_ERROR = new Error('is a symbolic link; doxy does not write through links (remove it)');

async function appendNoFollow(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw LINK_ERROR;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

function matches(e: LogEntry, q: LogQuery): boolean {
  if (q.from && e.time < q.from) return false;
  if (q.to && e.time > q.to) return false;
  if (q.verdict && e.verdict !== q.verdict) return false;
  if (q.method && e.method !== q.method) return false;
  if (q.text && !e.path.includes(q.text)) return false;
  if (q.socket && e.socket !== q.socket) return false;
  if (q.profile && e.profile !== q.profile) return false;
  return true;
}

/** Parses one line; a torn last line (a crash mid-write) is skipped, never fatal. */
function parseLine(line: string): LogEntry | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'time' in value && 'path' in value
      ? (value as LogEntry)
      : null;
  } catch {
    return null;
  }
}

/** The file's last byte, read alone (the file may be megabytes long). */
async function lastByte(file: string, size: number): Promise<number> {
  const handle = await open(file, O_RDONLY | O_NOFOLLOW);
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] ?? -1;
  } finally {
    await handle.close();
  }
}

export function createDurableLog(options: DurableLogOptions): DurableLog {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_MAX_FILES);
  const files = Array.from({ length: maxFiles }, (_, i) => (i === 0 ? options.file : `${options.file}.${i}`));
  let pending: string[] = [];
  /** Lines appended and not yet written (pending, plus those of writes in flight); and those left out meanwhile. */
  let queued = 0;
  let dropped = 0;
  let size = -1;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const rotate = async (): Promise<void> => {
    await unlink(files[maxFiles - 1] ?? '').catch(() => undefined);
    for (let i = maxFiles - 2; i >= 0; i--) await rename(files[i] ?? '', files[i + 1] ?? '').catch(() => undefined);
    size = 0;
  };

  const write = async (lines: string[]): Promise<void> => {
    let text = lines.join('');
    if (size < 0) {
      const info = await lstat(options.file).catch(() => null);
      if (info?.isSymbolicLink()) throw LINK_ERROR;
      size = info?.size ?? 0;
      // A crash can leave a torn last line: start on a fresh line so that only that one entry is lost.
      if (size > 0 && (await lastByte(options.file, size)) !== 0x0a) text = `\n${text}`;
    }
    if (size > 0 && size + text.length > maxBytes)
      await (maxFiles > 1
        ? rotate()
        : unlink(options.file).then(
            () => {
              size = 0;
            },
            () => {
              size = 0;
            },
          ));
    await appendNoFollow(options.file, text);
    size += Buffer.byteLength(text);
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const lines = pending;
    pending = [];
    if (dropped > 0) {
      process.stderr.write(`doxy: request log ${options.file}: the disk is behind; ${dropped} entries were left out\n`);
      dropped = 0;
    }
    if (lines.length > 0) {
      writing = writing
        .then(() => write(lines))
        .catch((error: Error) => {
          process.stderr.write(`doxy: request log ${options.file}: ${error.message}\n`);
        })
        .finally(() => {
          queued -= lines.length;
        });
    }
    return writing;
  };

  return {
    file: options.file,
    append(entry) {
      if (queued >= MAX_QUEUED_LINES) {
        dropped++;
        return;
      }
      queued++;
      pending.push(`${JSON.stringify(entry)}\n`);
      timer ??= setTimeout(() => void flush(), options.flushMs ?? 200);
    },
    flush,
    async search(query) {
      await flush();
      const limit = query.limit ?? 1000;
      const found: LogEntry[] = [];
      for (const file of files) {
        const text = await readNoFollow(file);
        const lines = text.split('\n');
        for (let i = lines.length - 1; i >= 0 && found.length < limit; i--) {
          const e = parseLine(lines[i] ?? '');
          if (e && matches(e, query)) found.push(e);
        }
        if (found.length >= limit) break;
      }
      return found;
    },
    close: flush,
  };
}
