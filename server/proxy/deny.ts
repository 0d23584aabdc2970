// Every answer doxy gives itself goes through here, in Docker's error shape: {"message": "..."}.
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** The docker CLI prints the message cleanly only when Content-Type is exactly application/json. */
function body(message: string): Buffer {
  return Buffer.from(`${JSON.stringify({ message })}\n`);
}

export function deny(res: ServerResponse, status: number, message: string): number {
  const b = body(message);
  if (res.headersSent) { res.destroy(); return 0; }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': b.length });
  res.end(b);
  return b.length;
}

/** The same answer on a raw socket (the upgrade path, where no ServerResponse exists); closes the connection. */
export function denyRaw(socket: Duplex, status: number, message: string): number {
  const b = body(message);
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`;
  if (socket.writable) socket.end(Buffer.concat([Buffer.from(head, 'latin1'), b]));
  else socket.destroy();
  return b.length;
}
