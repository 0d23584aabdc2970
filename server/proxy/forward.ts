// Forwards a granted ordinary request to the daemon with http-proxy-middleware over a keep-alive agent, and relays
// the answer with backpressure. doxy keeps three things to itself: the target (the decided one, checked again here),
// the framing of the body (http-proxy's own sent a DELETE or OPTIONS with a chunked body as "Content-Length: 0"
// followed by the raw body, which the daemon read as a second, unchecked request) and the response relay.
import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyMiddleware, type Plugin } from 'http-proxy-middleware';
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

/** The client's headers in their order and spelling, without those named (lower-case) in `drop`. */
export function copyHeaders(req: IncomingMessage, drop: ReadonlySet<string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (drop.has(name.toLowerCase())) continue;
    const value = raw[i + 1] ?? '';
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
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

/** What one forwarded request carries through http-proxy's events. */
interface Pending {
  readonly target: string;
  readonly framing: Framing;
  readonly result: ForwardResult;
}

/** Replaces the upstream framing headers with doxy's own reading of the request. */
function frame(proxyReq: ClientRequest, req: IncomingMessage, framing: Framing): void {
  // Content-Length is kept unless replaced: removing it makes Node frame an empty POST body as chunked.
  for (const name of proxyReq.getHeaderNames()) if (name !== 'content-length' && HOP_BY_HOP.has(name)) proxyReq.removeHeader(name);
  if (framing.kind === 'length') proxyReq.setHeader('Content-Length', String(framing.length));
  if (framing.kind === 'chunked') {
    proxyReq.removeHeader('content-length');
    proxyReq.setHeader('Transfer-Encoding', 'chunked');
  }
  if (framing.kind === 'none') {
    // No body: a Content-Length can only be "0" here (the client's, or the one http-proxy adds to DELETE/OPTIONS).
    const length = proxyReq.getHeader('content-length');
    if (length !== undefined && String(length) !== '0') { proxyReq.destroy(); req.socket.destroy(); return; }
    // Headers declared no body, so none is read: a byte arriving anyway means the parser and doxy disagree.
    req.once('data', () => { proxyReq.destroy(); req.socket.destroy(); });
  }
}

export function createForwarder(dockerSocket: string): Forwarder {
  // Reusing daemon connections doubles throughput, and without keep-alive some POST bodies fail with EPIPE.
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' });
  const pending = new WeakMap<IncomingMessage, Pending>();

  const plugin: Plugin = (proxy) => {
    proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage, res: ServerResponse) => {
      const p = pending.get(req);
      // Defence in depth: what goes upstream must be the very target that was decided on.
      if (!p || proxyReq.path !== p.target) {
        proxyReq.destroy();
        deny(res, 500, `doxy: internal error: upstream target ${JSON.stringify(proxyReq.path)} differs from the decided one`);
        return;
      }
      frame(proxyReq, req, p.framing);
      // The client went away (or the answer is complete): a half-sent request must never go back to the pool.
      res.once('close', () => { if (!res.writableFinished) proxyReq.destroy(); });
      proxyReq.on('upgrade', (_upRes: IncomingMessage, socket: Duplex) => {
        // Only the upgrade path may hand a connection over; never the ordinary one.
        socket.destroy();
        p.result.status = 502;
        p.result.upstreamError = true;
        deny(res, 502, 'doxy: the daemon switched protocols on an ordinary request; the upgrade path is the only one that may');
      });
    });
    proxy.on('proxyRes', (upRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) => {
      const p = pending.get(req);
      if (!p) { upRes.destroy(); res.destroy(); return; }
      p.result.respondedAt = performance.now();
      res.once('close', () => { if (!upRes.complete) upRes.destroy(); });
      relay(upRes, res, p.result);
    });
    proxy.on('error', (error: Error, req: IncomingMessage, res: ServerResponse | Duplex) => {
      const p = pending.get(req);
      if (p) p.result.upstreamError = true;
      if (!('writeHead' in res)) return;
      if (res.headersSent) { res.destroy(); return; }
      if (!res.destroyed) {
        if (p) p.result.status = 502;
        deny(res, 502, unreachable(dockerSocket, error));
      }
    });
  };

  const middleware = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: { socketPath: dockerSocket } as unknown as string,
    agent,
    // doxy relays the answer itself: stream heads flushed at once, hop-by-hop headers dropped, bytes counted.
    selfHandleResponse: true,
    // toProxy keeps req.url verbatim instead of re-parsing it with url.parse.
    toProxy: true,
    xfwd: false,
    // No default plugins: no logger, and errors are answered in Docker's shape by the plugin above.
    ejectPlugins: true,
    plugins: [plugin],
  });

  return (req, res, target, framing) => new Promise<ForwardResult>((resolve) => {
    const result: ForwardResult = { status: 0, bytes: 0, upstreamError: false, respondedAt: 0 };
    pending.set(req, { target, framing, result });
    req.url = target;
    res.once('close', () => resolve(result));
    void middleware(req, res, () => { deny(res, 500, 'doxy: internal error: the forwarder declined a decided request'); });
  });
}
