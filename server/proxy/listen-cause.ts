// Why listen() on a unix socket path failed, naming the real cause: libuv reports a missing directory as EACCES
// ("permission denied"), which sends a user, root included, after permissions that are fine.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export function listenCause(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'EACCES' && code !== 'ENOENT' && code !== 'ENOTDIR') return message;
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code;
    if (why === 'ENOENT') return `the directory ${dir} does not exist (create it first)`;
    if (why === 'ENOTDIR') return `${dir} is not a directory`;
  }
  return message;
}
