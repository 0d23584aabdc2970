// Forwards granted ordinary requests to the daemon with http-proxy-middleware over a keep-alive agent.
import type { RequestHandler } from 'express';
import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createProxyMiddleware, type Plugin } from 'http-proxy-middleware';
import { deny } from './deny.ts';

/** Hop-by-hop headers: they describe one connection, so they are never copied to the next. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** What the filter hands the forwarder for one request, and what it reads back for the log. */
export interface Forwarding {
  /** The canonical target decided on; the upstream request must carry exactly this. */
  readonly target: string;
  bytes: number;
  upstreamError: boolean;
}

const forwardings = new WeakMap<IncomingMessage, Forwarding>();

export function markForwarding(req: IncomingMessage, f: Forwarding): void {
  forwardings.set(req, f);
}

export function unreachable(dockerSocket: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  return `doxy: cannot reach the Docker daemon at ${dockerSocket} (${code})`;
}

function relay(proxyRes: IncomingMessage, res: ServerResponse, f: Forwarding | undefined): void {
  const raw = proxyRes.rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, raw[i + 1] ?? '');
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
  // A stream (events, logs -f) may not send a byte for a long time: its head must reach the client now.
  let wrote = false;
  if (proxyRes.headers['content-length'] === undefined) {
    setImmediate(() => { if (!wrote && !res.destroyed) res.flushHeaders(); });
  }
  proxyRes.on('data', (chunk: Buffer) => {
    wrote = true;
    if (f) f.bytes += chunk.length;
  });
  proxyRes.on('error', () => res.destroy());
  proxyRes.on('aborted', () => res.destroy());
  res.on('close', () => { if (!proxyRes.complete) proxyRes.destroy(); });
  proxyRes.pipe(res);
}

export function createForwarder(dockerSocket: string): RequestHandler {
  // Reusing daemon connections doubles throughput, and without keep-alive some POST bodies fail with EPIPE.
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' });
  const plugin: Plugin = (proxy) => {
    proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage, res: ServerResponse) => {
      const f = forwardings.get(req);
      // Defence in depth: what goes upstream must be the very target that was decided on.
      if (!f || proxyReq.path !== f.target) {
        proxyReq.destroy();
        deny(res, 500, `doxy: internal error: upstream target ${JSON.stringify(proxyReq.path)} differs from the decided one`);
        return;
      }
      proxyReq.removeHeader('connection');
      proxyReq.removeHeader('keep-alive');
      proxyReq.removeHeader('proxy-connection');
    });
    proxy.on('proxyRes', (proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) => relay(proxyRes, res, forwardings.get(req)));
    proxy.on('error', (error: Error, req: IncomingMessage, res: ServerResponse | NodeJS.WritableStream) => {
      const f = forwardings.get(req);
      if (f) f.upstreamError = true;
      if (!('writeHead' in res)) return;
      if (res.headersSent) res.destroy();
      else if (!req.destroyed) deny(res, 502, unreachable(dockerSocket, error));
    });
  };
  return createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: { socketPath: dockerSocket } as unknown as string,
    agent,
    selfHandleResponse: true,
    // toProxy keeps req.url verbatim instead of re-parsing it with url.parse.
    toProxy: true,
    xfwd: false,
    ejectPlugins: true,
    plugins: [plugin],
  }) as unknown as RequestHandler;
}
