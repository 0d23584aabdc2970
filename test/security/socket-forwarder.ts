// A stand-in for the daemon that the tests can take away: a unix socket that pipes each connection to the real
// daemon socket, stopped (live connections cut) and started again at will. The shared dockerd is never touched.
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** 'hang' accepts each connection and never answers nor forwards a byte: a daemon that does not answer. */
export type ForwarderMode = 'pipe' | 'reset' | 'hang';

export interface SocketForwarder {
  readonly path: string;
  /** Listens again; in 'reset' mode each connection is accepted and closed at once, before a byte is answered. */
  start(mode?: ForwarderMode): Promise<void>;
  /** Stops listening, removes the socket file and cuts every live connection, mid-stream or not. */
  stop(): Promise<void>;
  /** Connections from the proxy open now, the most open at once, and all accepted since start. */
  connections(): { open: number; peak: number; total: number };
}

export function createSocketForwarder(target: string, path: string): SocketForwarder {
  let server: Server | null = null;
  const live = new Set<Socket>();
  const clients = new Set<Socket>();
  let peak = 0;
  let total = 0;
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
        // Counted from this start: what the proxy did before (its start-up questions to the daemon) is not counted.
        peak = 0;
        total = 0;
        server = createServer((client) => {
          track(client);
          clients.add(client);
          client.once('close', () => clients.delete(client));
          total++;
          peak = Math.max(peak, clients.size);
          if (mode === 'reset') {
            client.destroy();
            return;
          }
          if (mode === 'hang') return;
          const up = connect({ path: target });
          track(up);
          client.pipe(up);
          up.pipe(client);
          up.once('close', () => client.destroy());
          client.once('close', () => up.destroy());
        });
        server.once('error', reject);
        // A deep accept queue, as doxy's own: a burst of connections from the proxy is never refused here.
        server.listen({ path, backlog: 4096 }, () => resolve());
      }),
    connections: () => ({ open: clients.size, peak, total }),
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
