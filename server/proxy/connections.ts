// Bounds the client connections of one proxy socket without letting idle ones starve new clients.
// At the limit, a new connection closes the longest-idle one (no request in flight: between keep-alive requests, or
// headers not yet complete); a connection with a request, stream or hijack in flight is never cut. Only when every
// connection is busy is the new one closed at once.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ConnectionLimit {
  /** Every place is taken by a connection with something in flight: the next new one would be refused. */
  full(): boolean;
}

export function limitConnections(server: Server, max: number): ConnectionLimit {
  /** Requests in flight per connection; an upgraded connection counts as busy until it closes. */
  const inFlight = new Map<Socket, number>();
  /** Connections with nothing in flight, oldest idle first (a Set keeps insertion order). */
  const idle = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    if (inFlight.size >= max) {
      const oldest = idle.values().next();
      if (oldest.done) {
        socket.destroy();
        return;
      }
      oldest.value.destroy();
      idle.delete(oldest.value);
      inFlight.delete(oldest.value);
    }
    inFlight.set(socket, 0);
    idle.add(socket);
    socket.once('close', () => {
      inFlight.delete(socket);
      idle.delete(socket);
    });
  });

  // One listener for every response, made once: `this` is the response, its connection is its request's socket.
  function release(this: ServerResponse): void {
    const socket = this.req.socket;
    const left = inFlight.get(socket);
    if (left === undefined) return;
    inFlight.set(socket, left - 1);
    if (left === 1) idle.add(socket);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const busy = inFlight.get(socket);
    if (busy === undefined) return;
    inFlight.set(socket, busy + 1);
    idle.delete(socket);
    res.on('close', release);
  });

  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    idle.delete(socket as Socket);
  });
  return { full: () => inFlight.size >= max && idle.size === 0 };
}
