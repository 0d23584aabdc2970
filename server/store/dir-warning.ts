// Whether others could plant files beside the store (a link at the request log's or the lock's name, a store of
// their own): doxy refuses to follow links there, but says at start that the directory is not private.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const STICKY = 0o1000;

/** Why the directory holding `dbFile` is writable by someone other than doxy's user, or null when it is not. */
export function storeDirWarning(dbFile: string, uid: number | undefined = process.getuid?.()): string | null {
  const dir = dirname(resolve(dbFile));
  let info;
  try {
    info = statSync(dir);
  } catch {
    return null; // made by the store with mode 0700
  }
  const perm = (info.mode & 0o777).toString(8).padStart(3, '0');
  // In a sticky directory (/tmp) others may add names but not replace or remove ours.
  if ((info.mode & 0o022) !== 0 && (info.mode & STICKY) === 0)
    return `store directory ${dir} is writable by ${info.mode & 0o002 ? 'every user' : 'its group'} (mode ${perm}, no sticky bit): others can plant files beside the store; use a directory only doxy's user can write (chmod go-w ${dir})`;
  if (uid !== undefined && info.uid !== uid && info.uid !== 0)
    return `store directory ${dir} is owned by uid ${info.uid}, not doxy's user (uid ${uid}): its owner can plant files beside the store; use a directory of doxy's user`;
  return null;
}
