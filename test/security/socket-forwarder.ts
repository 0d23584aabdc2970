// A stand-in for the daemon that the tests can take away: a unix socket that pipes each connection to the real
// daemon socket, stopped (live connections cut) and started again at will. The shared dockerd is never touched.
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ForwarderMode = 'pipe' | 'reset';

export interface SocketForwarder {
  readonly path: string;
  /** Listens again; in 'reset' mode each connection is accepted and closed at once, before a byte is answered. */
  start(mode?: ForwarderMode): Promise<void>;
  /** Stops listening, removes the socket file and cuts every live connection, mid-stream or not. */
  stop(): Promise<void>;
}

export function createSocketForwarder(target: string, path: string): SocketForwarder {
  let server: Server | null = null;
  const live = new Set<Socket>();
  const track = (s: Socket): void => {
    live.add(s);
    s.once('close', () => live.delete(s));
    s.on('error', () => s.destroy());
  };
  return {
    path,
    start: (mode = 'pipe') =>
      new Promise((resolve, reject) => {
        rmSync(path, { force: true });
        server = createServer((client) => {
          track(client);
          if (mode === 'reset') {
            client.destroy();
            return;
          }
          const up = connect({ path: target });
          track(up);
          client.pipe(up);
          up.pipe(client);
          up.once('close', () => client.destroy());
          client.once('close', () => up.destroy());
        });
        server.once('error', reject);
        server.listen(path, () => resolve());
      }),
    stop: () =>
      new Promise((resolve) => {
        const s = server;
        server = null;
        for (const c of live) c.destroy();
        if (!s) {
          resolve();
          return;
        }
        s.close(() => {
          rmSync(path, { force: true });
          resolve();
        });
      }),
  };
}
