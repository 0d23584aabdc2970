// Bounds the client connections of one proxy socket without letting idle ones starve new clients.
// At the limit, a new connection closes the longest-idle one (no request in flight: between keep-alive requests, or
// headers not yet complete); a connection with a request, stream or hijack in flight is never cut. Only when every
// connection is busy is the new one closed at once.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export function limitConnections(server: Server, max: number): void {
  /** Requests in flight per connection; an upgraded connection counts as busy until it closes. */
  const inFlight = new Map<Socket, number>();
  /** Connections with nothing in flight, oldest idle first (a Set keeps insertion order). */
  const idle = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    if (inFlight.size >= max) {
      const oldest = idle.values().next();
      if (oldest.done) { socket.destroy(); return; }
      oldest.value.destroy();
      idle.delete(oldest.value);
      inFlight.delete(oldest.value);
    }
    inFlight.set(socket, 0);
    idle.add(socket);
    socket.once('close', () => { inFlight.delete(socket); idle.delete(socket); });
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (!inFlight.has(socket)) return;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    idle.delete(socket);
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (!inFlight.has(socket)) return;
      inFlight.set(socket, left);
      if (left === 0) idle.add(socket);
    });
  });

  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    idle.delete(socket as Socket);
  });
}
