// One layer of doxy's forwarding stack, alone in its own process, for bench/layers.ts to measure.
// `tsx bench/layer-server.ts VARIANT LISTEN_SOCKET DOCKER_SOCKET`; prints "ready" once it listens.
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRequestLog, type RequestLog } from '../server/log/request-log.ts';
import { createProxyServer } from '../server/proxy/server.ts';
import { compileRuleSet } from '../shared/rules/compile.ts';
import { BENCH_RULES } from './bench-rules.ts';

export const VARIANTS = [
  'node-answer',
  'express-answer',
  'node-proxy',
  'express-node-proxy',
  'express-hpm',
  'doxy-no-log',
  'doxy',
] as const;
export type Variant = (typeof VARIANTS)[number];

function answer(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
  res.end('OK');
}

/** The least a Node proxy does: one keep-alive agent, the request and the response piped through. */
function nodeProxy(docker: string): RequestListener {
  const agent = new Agent({ keepAlive: true });
  return (req, res) => {
    const up = request(
      { socketPath: docker, method: req.method, path: req.url, headers: req.headers, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
}

function inExpress(handler: RequestListener): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use((req: IncomingMessage, res: ServerResponse) => handler(req, res));
  return app as unknown as RequestListener;
}

function listener(variant: Variant, docker: string): RequestListener | null {
  switch (variant) {
    case 'node-answer':
      return answer;
    case 'express-answer':
      return inExpress(answer);
    case 'node-proxy':
      return nodeProxy(docker);
    case 'express-node-proxy':
      return inExpress(nodeProxy(docker));
    case 'express-hpm': {
      const app = express();
      app.use(
        createProxyMiddleware({
          target: { socketPath: docker } as unknown as string,
          agent: new Agent({ keepAlive: true }),
          toProxy: true,
        }),
      );
      return app as unknown as RequestListener;
    }
    default:
      return null;
  }
}

const silentLog: RequestLog = { record: () => undefined, recent: () => [], subscribe: () => () => undefined };

function main(): void {
  const [variant, listen, docker] = process.argv.slice(2) as [Variant, string, string];
  if (!VARIANTS.includes(variant) || !listen || !docker)
    throw new Error(`usage: layer-server.ts ${VARIANTS.join('|')} LISTEN_SOCKET DOCKER_SOCKET`);
  rmSync(listen, { force: true });
  const plain = listener(variant, docker);
  let server;
  if (plain) {
    server = createServer(plain);
  } else {
    const compiled = compileRuleSet(BENCH_RULES);
    if (!compiled.ok) throw new Error('bench rules do not compile');
    server = createProxyServer({
      dockerSocket: docker,
      rules: () => compiled.value,
      log: variant === 'doxy' ? createRequestLog() : silentLog,
    });
  }
  server.listen(listen, () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => process.exit(0));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
