// Reading files whose names others may predict (beside the store): a link planted at the name is never followed.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The file's text; '' when it is missing, unreadable or a symbolic link (O_NOFOLLOW refuses it with ELOOP). */
export async function readNoFollow(path: string): Promise<string> {
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
