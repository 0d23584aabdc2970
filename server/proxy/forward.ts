// Forwards a granted ordinary request to the daemon with http-proxy-middleware over a keep-alive agent, and relays
// the answer with backpressure. doxy keeps three things to itself: the target (the decided one, checked again here),
// the framing of the body (http-proxy's own sent a DELETE or OPTIONS with a chunked body as "Content-Length: 0"
// followed by the raw body, which the daemon read as a second, unchecked request) and the response relay.
// Every listener here is made once per socket, not per request: a request's state travels on its response object.
import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyMiddleware, type Plugin, type RequestHandler } from 'http-proxy-middleware';
import { deny } from './deny.ts';
import type { Exchange } from './exchange.ts';
import { HOP_BY_HOP } from './hop-by-hop.ts';
import type { ProxyResponse } from './messages.ts';
import { relayRewritten } from './rewrite-response.ts';

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

/** The daemon's response, with the client's response it is relayed to. */
interface UpstreamResponse extends IncomingMessage {
  relayedTo?: ProxyResponse;
}

// The relay's listeners, shared by every request: `this` is the stream that fired, and the other side hangs off it.
// One 'data' listener does what pipe() and a byte counter did with two (an emit to two listeners copies the list).
function onUpstreamData(this: UpstreamResponse, chunk: Buffer): void {
  const res = this.relayedTo;
  if (!res?.exchange) return;
  res.exchange.bytes += chunk.length;
  // The client is not reading: the daemon's side waits (nothing piles up in doxy) until the client drains.
  if (!res.write(chunk)) this.pause();
}

function onUpstreamEnd(this: UpstreamResponse): void {
  this.relayedTo?.end();
}

function destroyClient(this: UpstreamResponse): void {
  this.relayedTo?.destroy();
}

function onClientDrain(this: ProxyResponse): void {
  this.exchange?.upstreamResponse?.resume();
}

function flushHead(res: ProxyResponse): void {
  if (!res.destroyed && (res.exchange?.bytes ?? 0) === 0) res.flushHeaders();
}

function relay(upRes: UpstreamResponse, res: ProxyResponse, x: Exchange): void {
  // rawHeaders, not headers: the latter is an object Node builds on first use.
  const raw = upRes.rawHeaders;
  const headers: string[] = [];
  let sized = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (name === 'content-length') sized = true;
    else if (HOP_BY_HOP.has(name)) continue;
    headers.push(raw[i] ?? '', raw[i + 1] ?? '');
  }
  x.status = upRes.statusCode ?? 502;
  res.writeHead(x.status, upRes.statusMessage, headers);
  // A stream (events, logs -f) may not send a byte for a long time: its head must reach the client now.
  if (!sized) setImmediate(flushHead, res);
  upRes.relayedTo = res;
  upRes.on('data', onUpstreamData);
  upRes.on('end', onUpstreamEnd);
  upRes.on('error', destroyClient);
  upRes.on('aborted', destroyClient);
  res.on('drain', onClientDrain);
}

/** Replaces the upstream framing headers with doxy's own reading of the request. */
function frame(proxyReq: ClientRequest, req: IncomingMessage, x: Exchange): void {
  // Content-Length is kept unless replaced: removing it makes Node frame an empty POST body as chunked.
  for (const name of proxyReq.getHeaderNames())
    if (name !== 'content-length' && HOP_BY_HOP.has(name)) proxyReq.removeHeader(name);
  if (x.body !== null) {
    // The body policy read the client's body: the daemon gets the text it checked, and nothing else. The client's
    // request has ended, so http-proxy's pipe of it only ends this one.
    proxyReq.setHeader('Content-Length', String(x.body.length));
    if (x.body.length > 0) proxyReq.write(x.body);
    return;
  }
  const framing = x.framing;
  if (framing.kind === 'length') proxyReq.setHeader('Content-Length', String(framing.length));
  if (framing.kind === 'chunked') {
    proxyReq.removeHeader('content-length');
    proxyReq.setHeader('Transfer-Encoding', 'chunked');
  }
  if (framing.kind === 'none') {
    // No body: a Content-Length can only be "0" here (the client's, or the one http-proxy adds to DELETE/OPTIONS).
    const length = proxyReq.getHeader('content-length');
    if (length !== undefined && String(length) !== '0') {
      proxyReq.destroy();
      req.socket.destroy();
      return;
    }
    // Headers declared no body, so none is read: a byte arriving anyway means the parser and doxy disagree.
    req.once('data', () => {
      proxyReq.destroy();
      req.socket.destroy();
    });
  }
}

/**
 * The Express middleware that forwards a request already judged: its response's `exchange` holds the decided target
 * and framing, and receives the status, the bytes relayed and when the daemon answered.
 */
export function createForwarder(
  dockerSocket: string,
  answered: (x: Exchange) => void,
): RequestHandler<IncomingMessage, ServerResponse> {
  // Reusing daemon connections doubles throughput, and without keep-alive some POST bodies fail with EPIPE. How many
  // are open at once is bounded before a request gets here (daemon-gate.ts); idle ones kept are bounded here.
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' });

  const plugin: Plugin = (proxy) => {
    proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage, response: ServerResponse) => {
      const res = response as ProxyResponse;
      const x = res.exchange;
      // Defence in depth: what goes upstream must be the very target that was decided on.
      if (!x || proxyReq.path !== x.target) {
        proxyReq.destroy();
        deny(
          res,
          500,
          `doxy: internal error: upstream target ${JSON.stringify(proxyReq.path)} differs from the decided one`,
        );
        return;
      }
      frame(proxyReq, req, x);
      // Cut when the client goes away first (see the socket's close handler): a half-sent request never goes back to the pool.
      x.upstreamRequest = proxyReq;
      proxyReq.on('upgrade', (_upRes: IncomingMessage, socket: Duplex) => {
        // Only the upgrade path may hand a connection over; never the ordinary one.
        socket.destroy();
        x.status = 502;
        x.upstreamError = true;
        deny(
          res,
          502,
          'doxy: the daemon switched protocols on an ordinary request; the upgrade path is the only one that may',
        );
      });
    });
    proxy.on('proxyRes', (upRes: IncomingMessage, _req: IncomingMessage, response: ServerResponse) => {
      const res = response as ProxyResponse;
      const x = res.exchange;
      if (!x) {
        upRes.destroy();
        res.destroy();
        return;
      }
      x.respondedAt = performance.now();
      x.upstreamResponse = upRes;
      answered(x);
      // An answer doxy rewrites (redaction) is read whole; every other one streams through as it comes.
      if (x.rewrite !== null && relayRewritten(upRes, res, x, x.rewrite)) return;
      relay(upRes, res, x);
    });
    proxy.on('error', (error: Error, _req: IncomingMessage, response: ServerResponse | Duplex) => {
      if (!('writeHead' in response)) return;
      const res = response as ProxyResponse;
      const x = res.exchange;
      if (x) {
        x.upstreamError = true;
        answered(x);
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (!res.destroyed) {
        if (x) x.status = 502;
        deny(res, 502, unreachable(dockerSocket, error));
      }
    });
  };

  return createProxyMiddleware<IncomingMessage, ServerResponse>({
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
}

/** When the client's side is over: what is still open to the daemon for it is cut, never left half-done in the pool. */
export function cutUpstream(res: ProxyResponse, x: Exchange): void {
  if (x.upstreamRequest && !res.writableFinished) x.upstreamRequest.destroy();
  if (x.upstreamResponse && !x.upstreamResponse.complete) x.upstreamResponse.destroy();
}
