// Forwards a granted ordinary request to the daemon over a keep-alive agent, and relays the answer with backpressure.
// Hand-made on purpose: what goes upstream is the decided target, the client's end-to-end headers and a body framed by
// doxy itself. (http-proxy rewrote framing on its own: a DELETE or OPTIONS with a chunked body went up as
// "Content-Length: 0" followed by the raw body, which the daemon read as a second, unchecked request.)
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { deny } from './deny.ts';
import type { Framing } from './framing.ts';

/** Hop-by-hop headers describe one connection, so they are never copied to the next; the framing ones are set anew. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer', 'http2-settings']);

export interface ForwardResult {
  status: number;
  /** Response body bytes relayed to the client. */
  bytes: number;
  upstreamError: boolean;
  /** performance.now() when the daemon's response head arrived; 0 when none did. */
  respondedAt: number;
}

export type Forwarder = (req: IncomingMessage, res: ServerResponse, target: string, framing: Framing) => Promise<ForwardResult>;

export function unreachable(dockerSocket: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  return `doxy: cannot reach the Docker daemon at ${dockerSocket} (${code})`;
}

/** The client's end-to-end headers, in their order and spelling, plus the framing doxy decided. */
function upstreamHeaders(req: IncomingMessage, framing: Framing): OutgoingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    const value = raw[i + 1] ?? '';
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  if (framing.kind === 'length') headers['Content-Length'] = String(framing.length);
  if (framing.kind === 'chunked') headers['Transfer-Encoding'] = 'chunked';
  return headers;
}

function relay(upRes: IncomingMessage, res: ServerResponse, result: ForwardResult): void {
  const raw = upRes.rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (name.toLowerCase() !== 'content-length' && HOP_BY_HOP.has(name.toLowerCase())) continue;
    headers.push(name, raw[i + 1] ?? '');
  }
  result.status = upRes.statusCode ?? 502;
  res.writeHead(result.status, upRes.statusMessage, headers);
  // A stream (events, logs -f) may not send a byte for a long time: its head must reach the client now.
  let wrote = false;
  if (upRes.headers['content-length'] === undefined) {
    setImmediate(() => { if (!wrote && !res.destroyed) res.flushHeaders(); });
  }
  upRes.on('data', (chunk: Buffer) => {
    wrote = true;
    result.bytes += chunk.length;
  });
  upRes.on('error', () => res.destroy());
  upRes.on('aborted', () => res.destroy());
  // pipe() pauses the daemon's side while the client is not reading: nothing is buffered here.
  upRes.pipe(res);
}

export function createForwarder(dockerSocket: string): Forwarder {
  // Reusing daemon connections doubles throughput, and without keep-alive some POST bodies fail with EPIPE.
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' });
  return (req, res, target, framing) => new Promise<ForwardResult>((resolve) => {
    const result: ForwardResult = { status: 0, bytes: 0, upstreamError: false, respondedAt: 0 };
    const upstream = request({ socketPath: dockerSocket, agent, method: req.method, path: target, headers: upstreamHeaders(req, framing) });
    res.once('close', () => {
      // The client went away (or the answer is complete): a half-sent request must never go back to the pool.
      if (!res.writableFinished) upstream.destroy();
      resolve(result);
    });
    upstream.on('response', (upRes) => {
      result.respondedAt = performance.now();
      res.once('close', () => { if (!upRes.complete) upRes.destroy(); });
      relay(upRes, res, result);
    });
    upstream.on('upgrade', (_upRes, socket: Duplex) => {
      // Only the upgrade path may hand a connection over; never the ordinary one.
      socket.destroy();
      result.status = 502;
      result.upstreamError = true;
      deny(res, 502, 'doxy: the daemon switched protocols on an ordinary request; the upgrade path is the only one that may');
    });
    upstream.on('error', (error) => {
      result.upstreamError = true;
      if (res.headersSent) { res.destroy(); return; }
      if (!res.destroyed) { result.status = 502; deny(res, 502, unreachable(dockerSocket, error)); }
    });
    if (framing.kind === 'none') {
      // Headers declared no body, so none is read: a byte arriving anyway means the parser and doxy disagree.
      req.once('data', () => { upstream.destroy(); req.socket.destroy(); });
      upstream.end();
      return;
    }
    req.once('close', () => { if (!req.complete) upstream.destroy(); });
    req.pipe(upstream);
  });
}
