// A store path doxy cannot create or write (a missing home folder, a read-only or foreign directory): said in words
// that name --db-file, rather than a bare `EACCES: permission denied, mkdir ...` and exit 70.
import { existsSync } from 'node:fs';
import { BootError, EXIT } from '../boot-errors.ts';

const PATH_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR']);

/** The BootError to throw for a file-system failure on the store's path, or null for any other failure. */
export function storePathError(dbFile: string, error: unknown): BootError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === undefined || !PATH_ERRORS.has(code)) return null;
  const home = process.env.HOME;
  const why =
    home && dbFile.startsWith(`${home}/`) && !existsSync(home)
      ? `the home folder ${home} does not exist`
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'a folder on the path cannot be created'
          : `uid ${process.getuid?.() ?? '?'} may not write there`;
  return new BootError(
    EXIT.store,
    `cannot create or write the store ${dbFile}: ${why} (${code}); choose a writable path with --db-file PATH (or DOXY_DB_FILE)`,
  );
}
