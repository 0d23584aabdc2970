// Puts a server on a unix socket: never world-writable, a stale file from a dead process replaced, a live one left alone.
import { chmodSync, lstatSync, statSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import type { Server } from 'node:http';

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

/** Listens on `path` with `mode`; returns a function that closes the server and removes the socket file it made. */
export async function listenUnix(server: Server, path: string, mode: number): Promise<() => Promise<void>> {
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
    throw new ListenError(`cannot listen on ${path}: ${(error as Error).message}`);
  }
  chmodSync(path, mode);
  const ino = statSync(path).ino;
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    try {
      if (statSync(path).ino === ino) unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
}
