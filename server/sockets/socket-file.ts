// Changes the socket file doxy made, never anything else at its path. In a directory others can write, the socket can
// be swapped for a link to any file between two calls; so the path is opened without following a link (O_PATH |
// O_NOFOLLOW), the descriptor is checked to be the socket made at listen time (device and inode), and the change goes
// through that descriptor (/proc/self/fd/N names exactly that inode). Whatever else is there is refused, not changed.
import { chmodSync, chownSync, closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';

/** Linux's O_PATH, which Node does not export: a descriptor that names a file (a socket too) without opening it for I/O. */
const O_PATH = 0o10000000;

/** Which file a socket is: recorded when doxy listens, compared before every change. */
export interface SocketIdentity {
  readonly dev: number;
  readonly ino: number;
}

export interface SocketChange {
  readonly mode?: number;
  readonly owner?: { readonly uid: number; readonly gid: number };
}

function kindOf(s: Stats): string {
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFile()) return 'a regular file';
  if (s.isDirectory()) return 'a directory';
  if (s.isSocket()) return 'another socket';
  return 'another kind of file';
}

/** Runs `use` on a descriptor of the file at `path` itself (a link is not followed; libuv adds O_CLOEXEC), then closes it. */
function withDescriptor<T>(path: string, use: (fd: number, stats: Stats) => T): T {
  let fd: number;
  try {
    fd = openSync(path, O_PATH | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path} is gone (removed by someone else)` : (error as Error).message);
  }
  try {
    return use(fd, fstatSync(fd));
  } finally {
    closeSync(fd);
  }
}

/** The identity of the socket just made at `path`; throws when something else (a link planted in the meantime) is there. */
export function identifySocket(path: string): SocketIdentity {
  return withDescriptor(path, (_fd, stats) => {
    if (!stats.isSocket())
      throw new Error(`${path} is ${kindOf(stats)}, not the socket doxy made; doxy changes nothing there`);
    return { dev: stats.dev, ino: stats.ino };
  });
}

/** Whether the socket at `path` is still the one `identity` names (lstat: a link there is not it). */
export function isSameSocket(stats: Stats, identity: SocketIdentity): boolean {
  return stats.isSocket() && stats.dev === identity.dev && stats.ino === identity.ino;
}

/** Applies `change` to the socket doxy made at `path`; refuses, changing nothing, when it is not that socket any more. */
export function changeSocketFile(path: string, identity: SocketIdentity, change: SocketChange): void {
  withDescriptor(path, (fd, stats) => {
    if (!isSameSocket(stats, identity))
      throw new Error(
        `${path} is ${kindOf(stats)}, not the socket doxy made (it was replaced); doxy changes nothing there: remove the socket and add it again`,
      );
    const self = `/proc/self/fd/${fd}`;
    if (change.mode !== undefined) chmodSync(self, change.mode);
    if (change.owner !== undefined) chownSync(self, change.owner.uid, change.owner.gid);
  });
}
