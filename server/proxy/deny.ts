// Every answer doxy gives itself goes through here, in Docker's error shape: {"message": "..."}; on a path of
// Podman's libpod API in Podman's (its client reads "cause" and "response" too; the docker CLI reads only "message").
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLibpodPath } from '../../shared/rules/canonical.ts';
import { explain } from '../../shared/rules/decide.ts';
import type { Decision } from '../../shared/rules/types.ts';

/** The docker CLI prints the message cleanly only when Content-Type is exactly application/json. */
function body(message: string): Buffer {
  return Buffer.from(`${JSON.stringify({ message })}\n`);
}

/** Podman's error model (pkg/errorhandling ErrorModel): a short cause, the message, and the status again. */
function libpodBody(cause: string, message: string, status: number): Buffer {
  return Buffer.from(`${JSON.stringify({ cause, message, response: status })}\n`);
}

export interface Refusal {
  readonly message: string;
  readonly body: Buffer;
}

/**
 * decide() hands out one frozen decision for a request it has seen before, so the answer to a repeated denial is
 * serialised once and sent again as it is.
 */
const refusals = new WeakMap<Decision, Refusal>();

/** What the client is told about a decision that is not forwarded (`status`: what it is answered with). */
export function refusalOf(decision: Decision, status: number): Refusal {
  let r = refusals.get(decision);
  if (r === undefined) {
    const message = explain(decision);
    const refused = decision.verdict === 'refuse';
    const libpod = isLibpodPath(refused ? decision.target : decision.request.path);
    const cause = refused ? 'ambiguous request refused by doxy' : 'denied by doxy';
    r = { message, body: libpod ? libpodBody(cause, message, status) : body(message) };
    refusals.set(decision, r);
  }
  return r;
}

/** Answers `body` (one of doxy's own) on an ordinary request; `close` ends the connection after it. */
export function answer(res: ServerResponse, status: number, b: Buffer, close = false): number {
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const length = String(b.length);
  res.writeHead(
    status,
    close
      ? ['Content-Type', 'application/json', 'Content-Length', length, 'Connection', 'close']
      : ['Content-Type', 'application/json', 'Content-Length', length],
  );
  res.end(b);
  return b.length;
}

/** Answers on an ordinary request; `close` ends the connection after it (nothing that follows on it is read). */
export function deny(res: ServerResponse, status: number, message: string, close = false): number {
  return answer(res, status, body(message), close);
}

/**
 * Ends a raw connection after `data` is flushed, and then closes it outright: the HTTP server keeps its sockets
 * half-open, so a client that never closes its side would otherwise hold the connection for ever.
 */
export function closeAfter(socket: Duplex, data?: Buffer): void {
  if (socket.destroyed) return;
  if (socket.writableFinished || (!socket.writable && !socket.writableEnded)) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  if (!socket.writableEnded) socket.end(data);
}

/** The same answer on a raw socket (the upgrade path, where no ServerResponse exists); closes the connection. */
export function denyRaw(socket: Duplex, status: number, message: string | Buffer): number {
  const b = typeof message === 'string' ? body(message) : message;
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`;
  closeAfter(socket, Buffer.concat([Buffer.from(head, 'latin1'), b]));
  return b.length;
}
