// One filtered socket: each request is judged as it arrives; a denial is answered at once, a granted request goes
// through the Express app to http-proxy-middleware, and an upgrade is judged the same way and goes to the hijack path.
import express from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SeenBody } from '../../shared/learn/propose-policy.ts';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import type { CanonicalRequest, Decision } from '../../shared/rules/types.ts';
import type { EngineWatch } from '../health/engine-watch.ts';
import type { NewLogEntry, RequestLog } from '../log/request-log.ts';
import { limitConnections, type ConnectionLimit } from './connections.ts';
import { createProxyCounters, type ProxyCounters } from './counters.ts';
import { createBodyWatch, watchRequestBody } from './body-watch.ts';
import { busyMessage, createDaemonGate, DAEMON_DEFAULTS, type DaemonGate } from './daemon-gate.ts';
import { answer, closeAfter, deny, denyRaw, refusalOf } from './deny.ts';
import { Exchange, logEntryOf } from './exchange.ts';
import { createForwarder, cutUpstream } from './forward.ts';
import { PARSER_MAX_HEADERS_COUNT } from './framing.ts';
import { hijack } from './hijack.ts';
import { judge, type Judgement } from './judge.ts';
import { messageClasses, type ProxyResponse } from './messages.ts';
import type { Owners } from './owners.ts';
import { libpodRefusal, policeBody, policedUpgradeMessage, policing, stamped, type Policing } from './police-body.ts';
import { redactedUpgradeMessage, redaction } from './redaction.ts';
import { conflictRewrite, connectPolicing, referencesPolicing, scopedTarget } from './scoping.ts';
import { scopeStep, type ScopeStep } from '../../shared/scope/scope-step.ts';
import type { OwnedObject } from '../../shared/scope/owner-label.ts';

export interface ProxyDeps {
  readonly dockerSocket: string;
  /** The rule set of a profile in force now; read once per request so that a change applies to the very next one. */
  readonly rules: (profile: string) => CompiledRuleSet;
  readonly log: RequestLog;
  /** Learn mode: while active(), a request the rules deny is forwarded anyway and observed. */
  readonly learn?: {
    active(): boolean;
    observe(o: { method: string; path: string }): void;
    /** The body of a policed request forwarded while learning: what the body policy it proposes must admit. */
    observeBody?(b: SeenBody): void;
  };
  readonly counters?: ProxyCounters;
  /** The socket's name in log entries and metrics (default 'default'). */
  readonly name?: string;
  /** The profile a request on this connection gets now (read once per request, like rules); logged with each entry. */
  readonly profile?: (connection: Duplex) => string;
  /** Who is on a TCP connection (address, certificate CN), for the log; nothing on a unix socket. */
  readonly client?: (connection: Duplex) => { readonly address: string; readonly cn: string | null } | undefined;
  /** Bounds the requests outstanding at the daemon; shared by every socket of a doxy (default: one of this socket's own). */
  readonly gate?: DaemonGate;
  /** Told when the daemon stops answering, so that the engine behind it is identified again when it is back. */
  readonly engine?: Pick<EngineWatch, 'lost'>;
  /**
   * The body policy of a profile (null: none), read once per policed request (see police-body.ts), never for another one:
   * such a request's body is read, checked and replaced by the text checked before anything reaches the daemon.
   */
  readonly policy?: (profile: string) => BodyPolicy | null;
  /**
   * Whether a profile redacts the secrets in answers (see shared/redact), read once per request for a redacted
   * operation only; absent, every profile does.
   */
  readonly redact?: (profile: string) => boolean;
  /**
   * Whether a profile is scoped to the objects made through it (see shared/scope), read once per request; with
   * `owners`, where their owners are looked up. Absent, no profile is.
   */
  readonly scoped?: (profile: string) => boolean;
  readonly owners?: Owners;
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
  /** TLS handshakes pending at once on one TCP socket; at the limit a new one closes the oldest (see listen-tcp.ts). */
  maxHandshakes: 1024,
  /**
   * Requests pipelined on one connection and read ahead of the one being served (one read of the socket holds up to
   * a few thousand small ones); a connection that has more waiting is closed.
   */
  maxPipelined: 4096,
  /** A request body (or an upgrade request's body) that makes no progress for this long is answered 408. */
  bodyIdleMs: 10_000,
  /** The same while others wait for a place at the daemon or for a connection (see body-watch.ts). */
  bodyCrowdedMs: 1_000,
} as const;

const NO_SCOPE: ScopeStep = { kind: 'none' };

/** A denied request that learn mode let through is observed for the proposal. */
function observe(decision: Decision, learn: ProxyDeps['learn']): boolean {
  if (decision.verdict !== 'deny') return false;
  learn?.observe({ method: decision.request.method, path: decision.request.path });
  return true;
}

export function createProxyServer(deps: ProxyDeps): Server {
  const counters = deps.counters ?? createProxyCounters();
  const gate = deps.gate ?? createDaemonGate(DAEMON_DEFAULTS.connections, DAEMON_DEFAULTS.queue);
  // Set once the server exists; until then nothing is watched.
  let connections: ConnectionLimit = { full: () => false };
  const bodies = createBodyWatch({
    idleMs: LIMITS.bodyIdleMs,
    crowdedMs: LIMITS.bodyCrowdedMs,
    everyMs: LIMITS.connectionsCheckingIntervalMs,
    crowded: () => gate.queued > 0 || connections.full(),
  });
  /** The daemon answered (or the request is over): its place at the daemon goes to the next request waiting. */
  const answered = (x: Exchange): void => {
    if (!x.holdsDaemon) return;
    x.holdsDaemon = false;
    gate.leave();
  };
  const socketName = deps.name ?? 'default';
  const learning = (): boolean => deps.learn?.active() ?? false;
  const profileOf = deps.profile ?? ((): string => 'default');
  /** The last response in flight on each connection: an upgrade pipelined behind it waits, so that answers keep their order. */
  const lastResponse = new WeakMap<Duplex, ServerResponse>();
  /** Connections that sent an ambiguous request: where the next request starts on them is not certain either. */
  const refused = new WeakSet<Duplex>();
  /** Requests that sent `Expect: 100-continue`: told to send their body only once doxy means to read it. */
  const expecting = new WeakSet<IncomingMessage>();

  /** Judges a request and keeps what is needed for its log entry. */
  const exchangeOf = (req: IncomingMessage, kind: NewLogEntry['kind']): { x: Exchange; j: Judgement } => {
    const started = performance.now();
    const profile = profileOf(req.socket);
    const j = judge(req, deps.rules(profile), learning());
    // A denial learn mode forwards keeps its reason for the log; its status would have been 403.
    const reason = j.decision.verdict === 'allow' ? '' : refusalOf(j.decision, j.forward ? 403 : j.status).message;
    const x = new Exchange(started, kind, j.decision, performance.now() - started, socketName, profile, reason);
    x.client = deps.client?.(req.socket);
    return { x, j };
  };
  const record = (x: Exchange): void => {
    deps.log.record(logEntryOf(x, performance.now() - x.started));
  };

  // One listener for every forwarded response, made once: the request's state travels on the response.
  function onForwardedClose(this: ProxyResponse): void {
    const x = this.exchange;
    if (!x) return;
    if (x.upstreamError && x.status === 502) deps.engine?.lost();
    counters.openStreams--;
    answered(x);
    cutUpstream(this, x);
    record(x);
  }

  // Express serves only requests already granted, and its one middleware forwards them (http-proxy-middleware).
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use(createForwarder(deps.dockerSocket, answered));
  // Given to Express, so that it makes no final handler of its own per request; the forwarder passes a request on
  // only on an internal error.
  const handle = app as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const forward = (req: IncomingMessage, res: ProxyResponse): void => {
    handle(req, res, () => {
      deny(res, 500, 'doxy: internal error: the forwarder declined a decided request');
    });
  };

  /** Connections handed to the upgrade path. */
  const upgraded = new WeakSet<Duplex>();
  /** Requests read ahead on a connection, waiting for the one in service to finish: one at a time, as the daemon does. */
  const waiting = new WeakMap<Duplex, [IncomingMessage, ServerResponse][]>();

  /** The request in service on `socket` is over: the next one read ahead is served, or the socket is read again. */
  const next = (socket: Duplex): void => {
    const queue = waiting.get(socket);
    const following = queue?.shift();
    if (following) {
      serve(following[0], following[1]);
      return;
    }
    waiting.delete(socket);
    // An upgraded connection belongs to its hijack now, which reads it when it is ready.
    if (!upgraded.has(socket)) socket.resume();
  };
  // One listener for every response, made once: `this` is the response, its connection is its request's socket.
  function onServed(this: ServerResponse): void {
    // 'finish' and then 'close' both come for most responses: only the first one moves on.
    if ((this as ProxyResponse).served) return;
    (this as ProxyResponse).served = true;
    next(this.req.socket);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    lastResponse.set(socket, res);
    const queue = waiting.get(socket);
    if (queue === undefined) {
      waiting.set(socket, []);
      serve(req, res);
      return;
    }
    // Another request is in service: this one waits, and the socket is not read further meanwhile (what one read
    // brought is parsed already, so a few thousand may still come; more than that closes the connection).
    if (queue.length >= LIMITS.maxPipelined) {
      socket.destroy();
      return;
    }
    queue.push([req, res]);
    socket.pause();
  };

  const serve = (req: IncomingMessage, response: ServerResponse): void => {
    const res = response as ProxyResponse;
    // The client is gone: what it had read ahead is dropped unjudged.
    if (req.socket.destroyed) {
      waiting.delete(req.socket);
      return;
    }
    res.once('finish', onServed);
    res.once('close', onServed);
    // Pipelined behind an ambiguous request: never judged, never forwarded; the refusal already on its way is flushed first.
    if (refused.has(req.socket)) {
      closeAfter(req.socket);
      return;
    }
    const { x, j } = exchangeOf(req, 'http');
    // A denial never touches Express or the daemon: a ready-made body, written at once.
    if (!j.forward) {
      const ambiguous = j.decision.verdict === 'refuse';
      if (ambiguous) refused.add(req.socket);
      x.status = j.status;
      x.bytes = answer(res, j.status, refusalOf(j.decision, j.status).body, ambiguous);
      record(x);
      return;
    }
    x.wouldDeny = observe(j.decision, deps.learn);
    x.target = j.request.target;
    x.framing = j.framing;
    // The scoping step: the target a scoped profile's request goes to, or the answer it gets instead.
    const step = scopeOf(j.request, x.profile);
    x.rewrite =
      redaction(j.request, x.profile, deps.redact) ?? (step.kind === 'none' ? null : conflictRewrite(j.request));
    res.exchange = x;
    req.url = j.request.target;
    if (j.framing.kind !== 'none') watchRequestBody(bodies, req, res);
    if (step.kind === 'none' || step.kind === 'stamp') {
      afterScope(req, res, x, j, step.kind === 'stamp' ? step.object : null);
      return;
    }
    void scopedTarget(step, j.request, j.framing, x.profile, deps.owners as Owners).then(
      (s) => {
        if (res.destroyed || res.writableEnded) {
          record(x);
          return;
        }
        if (!s.ok) {
          const close = j.framing.kind !== 'none';
          x.status = s.status;
          x.reason = s.message;
          x.bytes = deny(res, s.status, s.message, close);
          if (close) closeAfter(req.socket);
          record(x);
          return;
        }
        x.target = s.target;
        req.url = s.target;
        afterScope(req, res, x, j, step.kind === 'owned' && step.connects ? 'connect' : null);
      },
      (error: unknown) => internalError(req, res, x, 'the owner lookup', error),
    );
  };

  const scopeOf = (request: CanonicalRequest, profile: string): ScopeStep =>
    deps.owners && deps.scoped?.(profile) ? scopeStep(request) : NO_SCOPE;

  /** A failure of a check itself fails closed: nothing is forwarded. */
  const internalError = (req: IncomingMessage, res: ProxyResponse, x: Exchange, what: string, error: unknown): void => {
    x.status = 500;
    x.reason = `doxy: internal error: ${what} failed (${error instanceof Error ? error.message : String(error)})`;
    x.bytes = deny(res, 500, x.reason, true);
    closeAfter(req.socket);
    record(x);
  };

  /** The body step: policed (or stamped with its owner) when it is read, else streamed as it comes. */
  const afterScope = (
    req: IncomingMessage,
    res: ProxyResponse,
    x: Exchange,
    j: Judgement & { forward: true },
    /** What scoping does with the body once read: stamp a create's owner, or check a connect's container. */
    scope: OwnedObject | 'connect' | null,
  ): void => {
    // A client waiting for 100 Continue is told to send its body once doxy means to read (or forward) it. The daemon
    // is not asked to: http-proxy skips its 'proxyReq' event, and so forward.ts's framing and target check, for a
    // request that still carries the header.
    const continues = expecting.has(req);
    if (continues) delete req.headers.expect;
    const askForBody = continues ? (): void => res.writeContinue() : null;
    const unread = libpodRefusal(j.request, j.framing, x.profile, deps.policy);
    if (unread) {
      afterPolicing(req, res, x, unread);
      return;
    }
    // The body policy step: only a policed operation on a profile with a policy (or while learning), or a scoped
    // profile's create, has its body read.
    const bounded = policing(j.request, x.profile, deps.policy, learning);
    if (bounded || scope) {
      const policed = bounded?.policed ?? null;
      void policeBody(req, j.request, j.framing, policed, bounded?.policy ?? null, x.profile, askForBody).then(
        async (p) => {
          const owners = deps.owners as Owners;
          if (p.kind === 'forward' && policed && learning())
            deps.learn?.observeBody?.({ operation: policed.operation, body: p.body });
          const q =
            scope === 'connect'
              ? await connectPolicing(p, j.request, x.profile, owners)
              : scope === 'container'
                ? await referencesPolicing(stamped(p, scope, j.request, x.profile), j.request, x.profile, owners)
                : scope
                  ? stamped(p, scope, j.request, x.profile)
                  : p;
          afterPolicing(req, res, x, q);
        },
        (error: unknown) => internalError(req, res, x, 'the body policy check', error),
      );
      return;
    }
    if (j.framing.kind !== 'none') askForBody?.();
    toDaemon(req, res, x);
  };

  /** A policed body was read and judged: refused here, or forwarded as the text the policy checked. */
  const afterPolicing = (req: IncomingMessage, res: ProxyResponse, x: Exchange, p: Policing): void => {
    // Gone, or answered 408 by the stall watch while its body was being read.
    if (p.kind === 'gone' || res.destroyed || res.writableEnded) {
      record(x);
      return;
    }
    if (p.kind === 'answer') {
      x.status = p.status;
      x.reason = p.message;
      // Logged as the body policy's refusal; the daemon's own answers about a connect's container are not.
      if (p.status === 400 || p.status === 403) {
        x.policyField = p.field;
        x.policyStatus = p.status;
      }
      x.bytes = deny(res, p.status, p.message, p.close);
      if (p.close) closeAfter(req.socket);
      record(x);
      return;
    }
    x.body = p.body;
    toDaemon(req, res, x);
  };

  /** Waits for a place at the daemon (answers 503 when there is none), then forwards. */
  const toDaemon = (req: IncomingMessage, res: ProxyResponse, x: Exchange): void => {
    const admitted = gate.enter(() => {
      // The client went away, or its body stalled (408), while the request waited for its turn.
      if (res.destroyed || res.writableEnded) {
        gate.leave();
        record(x);
        return;
      }
      x.holdsDaemon = true;
      x.forwardedAt = performance.now();
      counters.openStreams++;
      res.on('close', onForwardedClose);
      forward(req, res);
    });
    if (!admitted) {
      x.status = 503;
      x.reason = busyMessage(gate);
      x.bytes = deny(res, 503, x.reason);
      record(x);
    }
  };

  const classes = messageClasses(app);
  const server = createServer(
    {
      IncomingMessage: classes.IncomingMessage,
      ServerResponse: classes.ServerResponse,
      maxHeaderSize: LIMITS.maxHeaderBytes,
      requestTimeout: 0,
      headersTimeout: LIMITS.headersTimeoutMs,
      keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: LIMITS.connectionsCheckingIntervalMs,
    },
    onRequest,
  );
  // With this listener Node no longer sends 100 Continue by itself: serve() sends it once the request is allowed.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    expecting.add(req);
    onRequest(req, res);
  });
  // Node drops header fields past this count without a word; framing.ts refuses a request that reaches it.
  server.maxHeadersCount = PARSER_MAX_HEADERS_COUNT;
  connections = limitConnections(server, LIMITS.maxConnections);

  /**
   * Judges a request Node handed over with its raw socket (an upgrade, a CONNECT), and answers and logs it itself
   * unless it is to be forwarded: null when it is done with.
   */
  const judgeRaw = (
    req: IncomingMessage,
    socket: Duplex,
    kind: NewLogEntry['kind'],
  ): { x: Exchange; j: Extract<Judgement, { forward: true }> } | null => {
    if (socket.destroyed || refused.has(socket)) {
      closeAfter(socket);
      return null;
    }
    const { x, j } = exchangeOf(req, kind);
    if (j.forward) return { x, j };
    x.status = j.status;
    x.bytes = denyRaw(socket, j.status, refusalOf(j.decision, j.status).body);
    record(x);
    return null;
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const judged = judgeRaw(req, socket, 'upgrade');
    if (!judged) return;
    const { x, j } = judged;
    // The hijack path streams a body unread: a policed operation never goes that way.
    if (policing(j.request, x.profile, deps.policy) || libpodRefusal(j.request, j.framing, x.profile, deps.policy)) {
      x.status = 400;
      x.policyStatus = 400;
      x.policyField = '';
      x.reason = policedUpgradeMessage(j.request);
      x.bytes = denyRaw(socket, 400, x.reason);
      record(x);
      return;
    }
    // Nor does an answer doxy redacts: the hijack path relays it unread.
    if (redaction(j.request, x.profile, deps.redact)) {
      x.status = 400;
      x.reason = redactedUpgradeMessage(j.request);
      x.bytes = denyRaw(socket, 400, x.reason);
      record(x);
      return;
    }
    // A scoped profile attaches only to its own containers, by their id.
    const step = scopeOf(j.request, x.profile);
    if (step.kind === 'none') {
      hijackTo(req, socket, head, x, j, j.request.target);
      return;
    }
    if (step.kind === 'stamp' || step.kind === 'filter') {
      x.status = 400;
      x.reason = `doxy: ${j.request.method} ${j.request.path} cannot ask to upgrade the connection on a scoped profile`;
      x.bytes = denyRaw(socket, 400, x.reason);
      record(x);
      return;
    }
    void scopedTarget(step, j.request, j.framing, x.profile, deps.owners as Owners).then(
      (s) => {
        if (s.ok) {
          hijackTo(req, socket, head, x, j, s.target);
          return;
        }
        x.status = s.status;
        x.reason = s.message;
        x.bytes = denyRaw(socket, s.status, s.message);
        record(x);
      },
      (error: unknown) => {
        x.status = 500;
        x.reason = `doxy: internal error: the owner lookup failed (${error instanceof Error ? error.message : String(error)})`;
        x.bytes = denyRaw(socket, 500, x.reason);
        record(x);
      },
    );
  };
  const hijackTo = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    x: Exchange,
    j: Judgement & { forward: true },
    target: string,
  ): void => {
    x.wouldDeny = observe(j.decision, deps.learn);
    counters.hijacked++;
    void hijack(req, socket, head, target, j.framing, deps.dockerSocket, gate, bodies).then((r) => {
      counters.hijacked--;
      if (r.upstreamError && r.status === 502) deps.engine?.lost();
      x.status = r.status;
      x.bytes = r.bytes;
      record(x);
    });
  };
  /**
   * Node hands an upgrade or a CONNECT over at once, even while a pipelined request before it on the same connection
   * is still being answered: `go` waits for that answer. The wait is set up only here, not on every request: the hot
   * path keeps one WeakMap write. The connection is no longer the HTTP parser's, so it is never resumed for it.
   */
  const afterPrevious = (socket: Duplex, go: () => void): void => {
    upgraded.add(socket);
    socket.on('error', () => socket.destroy());
    const before = lastResponse.get(socket);
    if (!before || before.writableFinished || before.destroyed) {
      go();
      return;
    }
    let done = false;
    const once = (): void => {
      if (!done) {
        done = true;
        go();
      }
    };
    before.once('finish', once);
    before.once('close', once);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    afterPrevious(socket, () => onUpgrade(req, socket, head));
  });

  // With no listener, Node closes a CONNECT's connection without a word. decide() refuses every CONNECT (a tunnel is
  // never an API call), so it is answered and logged like any other refusal, and never forwarded.
  const onConnect = (req: IncomingMessage, socket: Duplex): void => {
    const judged = judgeRaw(req, socket, 'http');
    if (!judged) return;
    judged.x.status = 500;
    judged.x.bytes = denyRaw(socket, 500, 'doxy: internal error: a CONNECT was decided as one to forward');
    record(judged.x);
  };
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    afterPrevious(socket, () => onConnect(req, socket));
  });

  // A malformed request never reaches a handler: answer it in Docker's shape and close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Already answered as ambiguous: the parser choking on what follows needs no second answer.
    if (refused.has(socket)) {
      closeAfter(socket);
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    denyRaw(socket, status, `doxy: malformed HTTP request (${error.code ?? error.message})`);
  });
  return server;
}
