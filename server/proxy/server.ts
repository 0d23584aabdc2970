// One filtered socket: an Express app judges each request, then forwards or denies it; upgrades go the same way to
// the hijack path.
import express from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import { explain } from '../../shared/rules/decide.ts';
import type { Decision } from '../../shared/rules/types.ts';
import type { NewLogEntry, RequestLog } from '../log/request-log.ts';
import { limitConnections } from './connections.ts';
import { createProxyCounters, type ProxyCounters } from './counters.ts';
import { closeAfter, deny, denyRaw } from './deny.ts';
import { createForwarder } from './forward.ts';
import { PARSER_MAX_HEADERS_COUNT } from './framing.ts';
import { hijack } from './hijack.ts';
import { judge } from './judge.ts';

export interface ProxyDeps {
  readonly dockerSocket: string;
  /** The rule set in force now; read once per request so that a change applies to the very next one. */
  readonly rules: () => CompiledRuleSet;
  readonly log: RequestLog;
  /** Learn mode: while active(), a request the rules deny is forwarded anyway and observed. */
  readonly learn?: { active(): boolean; observe(o: { method: string; path: string }): void };
  readonly counters?: ProxyCounters;
  /** The socket's name in log entries and metrics (default 'default'). */
  readonly name?: string;
  /** The profile the socket is bound to now (read once per request, like rules); logged with each entry. */
  readonly profile?: () => string;
}

/**
 * Bounds for slow, idle or greedy clients. None of them cuts a live stream: a request in flight has no time limit.
 * - headersTimeoutMs: a request whose header block is not complete by then is answered 408 and closed. Node checks
 *   every connectionsCheckingIntervalMs, so a connection is cut between 10 and 11 seconds after it began waiting.
 * - keepAliveTimeoutMs: a connection idle between requests is closed after this.
 * - maxHeaderBytes: a larger header block is answered 431 (as are more than MAX_HEADER_FIELDS fields, see framing.ts).
 * - maxConnections: client connections held at once on this socket. At the limit a new connection closes the
 *   longest-idle one; only when all are busy (a request, stream or hijack in flight) is the new one refused.
 *   Each busy connection also holds one connection to the daemon, so doxy needs about 2 x maxConnections file
 *   descriptors (Node raises its soft limit to the hard one at start).
 */
export const LIMITS = {
  headersTimeoutMs: 10_000,
  connectionsCheckingIntervalMs: 1_000,
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

/** A denied request that learn mode let through: observed for the proposal and marked in the log. */
function learned(decision: Decision, learn: ProxyDeps['learn']): { wouldDeny?: true } {
  if (decision.verdict !== 'deny') return {};
  learn?.observe({ method: decision.request.method, path: decision.request.path });
  return { wouldDeny: true };
}

export function createProxyServer(deps: ProxyDeps): Server {
  const forward = createForwarder(deps.dockerSocket);
  const counters = deps.counters ?? createProxyCounters();
  const socketName = deps.name ?? 'default';
  const profileOf = deps.profile ?? ((): string => 'default');
  /** The last response in flight on each connection: an upgrade pipelined behind it waits, so that answers keep their order. */
  const lastResponse = new WeakMap<Duplex, ServerResponse>();
  /** Connections that sent an ambiguous request: where the next request starts on them is not certain either. */
  const refused = new WeakSet<Duplex>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // Pipelined behind an ambiguous request: never judged, never forwarded; the refusal already on its way is flushed first.
    if (refused.has(req.socket)) { closeAfter(req.socket); return; }
    lastResponse.set(req.socket, res);
    const started = performance.now();
    const time = new Date().toISOString();
    const j = judge(req, deps.rules(), deps.learn?.active() ?? false);
    const base = { ...entry(j.decision, time, 'http'), socket: socketName, profile: profileOf(), decideMs: performance.now() - started };
    if (!j.forward) {
      const ambiguous = j.decision.verdict === 'refuse';
      if (ambiguous) refused.add(req.socket);
      const bytes = deny(res, j.status, explain(j.decision), ambiguous);
      deps.log.record({ ...base, status: j.status, bytes, durationMs: performance.now() - started });
      return;
    }
    const marked = learned(j.decision, deps.learn);
    const forwardedAt = performance.now();
    counters.openStreams++;
    void forward(req, res, j.request.target, j.framing).then((r) => {
      counters.openStreams--;
      const upstream = r.respondedAt > 0 ? { upstreamMs: r.respondedAt - forwardedAt } : {};
      deps.log.record({ ...base, ...marked, ...upstream, status: r.status, bytes: r.bytes, durationMs: performance.now() - started });
    });
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  // One handler for every request: Express routes nothing here, so the whole request path is onRequest.
  app.use((req: IncomingMessage, res: ServerResponse) => onRequest(req, res));

  const server = createServer({
    maxHeaderSize: LIMITS.maxHeaderBytes,
    requestTimeout: 0,
    headersTimeout: LIMITS.headersTimeoutMs,
    keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
    connectionsCheckingInterval: LIMITS.connectionsCheckingIntervalMs,
  }, app);
  // Node drops header fields past this count without a word; framing.ts refuses a request that reaches it.
  server.maxHeadersCount = PARSER_MAX_HEADERS_COUNT;
  limitConnections(server, LIMITS.maxConnections);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (socket.destroyed || refused.has(socket)) { closeAfter(socket); return; }
    const started = performance.now();
    const time = new Date().toISOString();
    const j = judge(req, deps.rules(), deps.learn?.active() ?? false);
    const base = { ...entry(j.decision, time, 'upgrade'), socket: socketName, profile: profileOf(), decideMs: performance.now() - started };
    if (!j.forward) {
      const bytes = denyRaw(socket, j.status, explain(j.decision));
      deps.log.record({ ...base, status: j.status, bytes, durationMs: performance.now() - started });
      return;
    }
    const marked = learned(j.decision, deps.learn);
    counters.hijacked++;
    void hijack(req, socket, head, j.request.target, j.framing, deps.dockerSocket).then((r) => {
      counters.hijacked--;
      deps.log.record({ ...base, ...marked, status: r.status, bytes: r.bytes, durationMs: performance.now() - started });
    });
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // Node hands over the socket at once, even while a pipelined request before this one is still being answered.
    // The wait is set up only here, not on every request: the hot path keeps one WeakMap write.
    const before = lastResponse.get(socket);
    if (!before || before.writableFinished || before.destroyed) { onUpgrade(req, socket, head); return; }
    let done = false;
    const go = (): void => { if (!done) { done = true; onUpgrade(req, socket, head); } };
    before.once('finish', go);
    before.once('close', go);
  });

  // A malformed request never reaches a handler: answer it in Docker's shape and close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') { socket.destroy(); return; }
    // Already answered as ambiguous: the parser choking on what follows needs no second answer.
    if (refused.has(socket)) { closeAfter(socket); return; }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    denyRaw(socket, status, `doxy: malformed HTTP request (${error.code ?? error.message})`);
  });
  return server;
}
