// One filtered socket: an Express app (filter, then forward) plus the upgrade path, both deciding through judge().
import express from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import { explain } from '../../shared/rules/decide.ts';
import type { Decision } from '../../shared/rules/types.ts';
import type { NewLogEntry, RequestLog } from '../log/request-log.ts';
import { deny, denyRaw } from './deny.ts';
import { createForwarder, markForwarding, type Forwarding } from './forward.ts';
import { hijack } from './hijack.ts';
import { judge } from './judge.ts';

export interface ProxyDeps {
  readonly dockerSocket: string;
  /** The rule set in force now; read once per request so that a change applies to the very next one. */
  readonly rules: () => CompiledRuleSet;
  readonly log: RequestLog;
}

/** Bounds for slow or idle clients; none of them cuts a live stream. */
export const LIMITS = {
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 1024,
} as const;

function entry(decision: Decision, time: string, kind: NewLogEntry['kind']): Omit<NewLogEntry, 'status' | 'bytes' | 'durationMs'> {
  if (decision.verdict === 'refuse') {
    return { time, method: decision.method.slice(0, 32), path: decision.target.slice(0, 512), verdict: 'refuse', ruleId: null, reason: decision.reason, kind };
  }
  return {
    time, method: decision.request.method, path: decision.request.path, verdict: decision.verdict,
    ruleId: decision.rule?.id ?? null, reason: decision.verdict === 'allow' ? '' : explain(decision), kind,
  };
}

export function createProxyServer(deps: ProxyDeps): Server {
  const forward = createForwarder(deps.dockerSocket);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);

  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const decision = judge(req, deps.rules());
    const base = entry(decision, time, 'http');
    if (decision.verdict !== 'allow') {
      const status = decision.verdict === 'refuse' ? 400 : 403;
      const bytes = deny(res, status, explain(decision));
      deps.log.record({ ...base, status, bytes, durationMs: performance.now() - started });
      return;
    }
    const f: Forwarding = { target: decision.request.target, bytes: 0, upstreamError: false };
    markForwarding(req, f);
    req.url = decision.request.target;
    res.once('close', () => {
      deps.log.record({ ...base, status: res.statusCode, bytes: f.bytes, durationMs: performance.now() - started });
    });
    next();
  });
  app.use(forward);

  const server = createServer({ maxHeaderSize: LIMITS.maxHeaderBytes, requestTimeout: 0, headersTimeout: LIMITS.headersTimeoutMs, keepAliveTimeout: LIMITS.keepAliveTimeoutMs }, app);
  server.maxConnections = LIMITS.maxConnections;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const decision = judge(req, deps.rules());
    const base = entry(decision, time, 'upgrade');
    socket.on('error', () => socket.destroy());
    if (decision.verdict !== 'allow') {
      const status = decision.verdict === 'refuse' ? 400 : 403;
      const bytes = denyRaw(socket, status, explain(decision));
      deps.log.record({ ...base, status, bytes, durationMs: performance.now() - started });
      return;
    }
    void hijack(req, socket, head, decision.request.target, deps.dockerSocket).then((r) => {
      deps.log.record({ ...base, status: r.status, bytes: r.bytes, durationMs: performance.now() - started });
    });
  });

  // A malformed request never reaches a handler: answer it in Docker's shape and close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') { socket.destroy(); return; }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    denyRaw(socket, status, `doxy: malformed HTTP request (${error.code ?? error.message})`);
  });
  return server;
}
