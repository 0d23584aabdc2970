// Puts a server on a unix socket: never world-writable, a stale file from a dead process replaced, a live one left alone,
// and nothing but the socket it made ever changed or removed (a link planted at the path is never followed).
import { lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { listenCause } from './listen-cause.ts';
import { changeSocketFile, identifySocket, isSameSocket, type SocketIdentity } from '../sockets/socket-file.ts';

/**
 * Connections the kernel queues before doxy accepts them. A unix socket does not make a client wait when the queue is
 * full: its connect fails with EAGAIN. Node's 511 is easily filled by a burst while doxy is busy; the kernel caps this
 * at net.core.somaxconn.
 */
const BACKLOG = 4096;

export class ListenError extends Error {
  readonly code = 'DOXY_LISTEN';
}

function probe(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface UnixListener {
  /** The socket file made (device and inode), for later changes to check against. */
  readonly identity: SocketIdentity;
  /** Closes the server and removes the socket file it made (only that file). */
  readonly close: () => Promise<void>;
}

/** Listens on `path` with `mode`. */
export async function listenUnix(server: Server, path: string, mode: number): Promise<UnixListener> {
  let existing;
  try {
    existing = lstatSync(path);
  } catch {
    existing = null;
  }
  if (existing) {
    if (!existing.isSocket()) throw new ListenError(`${path} exists and is not a socket; doxy will not replace it`);
    if (await probe(path))
      throw new ListenError(`${path} is in use by a live process; stop it or choose another --proxy-socket`);
    unlinkSync(path);
  }
  // The socket is born owner-only (umask), then widened to `mode`: it is never briefly open to everyone.
  // listen() binds synchronously, so the umask is restored before anything else can run.
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const previous = process.umask(0o177);
  try {
    server.listen({ path, backlog: BACKLOG });
  } finally {
    process.umask(previous);
  }
  try {
    await listening;
  } catch (error) {
    throw new ListenError(`cannot listen on ${path}: ${listenCause(path, error)}`);
  }
  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    try {
      if (isSameSocket(lstatSync(path), identity)) unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
  let identity: SocketIdentity = { dev: -1, ino: -1 };
  try {
    identity = identifySocket(path);
    changeSocketFile(path, identity, { mode });
  } catch (error) {
    await close();
    throw new ListenError(`cannot listen on ${path}: ${(error as Error).message}`);
  }
  return { identity, close };
}
