// Every answer doxy gives itself goes through here, in Docker's error shape: {"message": "..."}.
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** The docker CLI prints the message cleanly only when Content-Type is exactly application/json. */
function body(message: string): Buffer {
  return Buffer.from(`${JSON.stringify({ message })}\n`);
}

/** Answers on an ordinary request; `close` ends the connection after it (nothing that follows on it is read). */
export function deny(res: ServerResponse, status: number, message: string, close = false): number {
  const b = body(message);
  if (res.headersSent) { res.destroy(); return 0; }
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': b.length };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(b);
  return b.length;
}

/**
 * Ends a raw connection after `data` is flushed, and then closes it outright: the HTTP server keeps its sockets
 * half-open, so a client that never closes its side would otherwise hold the connection for ever.
 */
export function closeAfter(socket: Duplex, data?: Buffer): void {
  if (socket.destroyed) return;
  if (socket.writableFinished || (!socket.writable && !socket.writableEnded)) { socket.destroy(); return; }
  socket.once('finish', () => socket.destroy());
  if (!socket.writableEnded) socket.end(data);
}

/** The same answer on a raw socket (the upgrade path, where no ServerResponse exists); closes the connection. */
export function denyRaw(socket: Duplex, status: number, message: string): number {
  const b = body(message);
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`;
  closeAfter(socket, Buffer.concat([Buffer.from(head, 'latin1'), b]));
  return b.length;
}
