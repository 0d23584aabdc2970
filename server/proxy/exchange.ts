// One request on its way through a proxy socket: what was decided and what happened, gathered in one object of a
// fixed shape and turned into its log entry once, when the request is over.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { CLIENT_GONE_STATUS } from '../../shared/protocol/log.ts';
import type { Decision } from '../../shared/rules/types.ts';
import type { NewLogEntry } from '../log/request-log.ts';
import type { Framing } from './framing.ts';
import { isoTime } from './iso-time.ts';
import type { ResponseRewrite } from './rewrite-response.ts';

export class Exchange {
  status = 0;
  /** Response body bytes relayed to the client. */
  bytes = 0;
  upstreamError = false;
  /** performance.now() when the request was handed to the forwarder, and when the daemon's response head arrived (0: none). */
  forwardedAt = 0;
  respondedAt = 0;
  /** True when the rules denied it and learn mode let it through. */
  wouldDeny = false;
  /** It holds a place at the daemon (daemon-gate.ts) until the daemon's answer head arrives or it is over. */
  holdsDaemon = false;
  /** The daemon's side of a forwarded request, cut when the client goes away first. */
  upstreamRequest: ClientRequest | null = null;
  upstreamResponse: IncomingMessage | null = null;
  /** What goes upstream: the decided target, with doxy's own reading of the body's framing. */
  target = '';
  framing: Framing = NO_BODY;
  /** The body the body policy checked, sent in place of the client's; null: the client's body is streamed as it comes. */
  body: Buffer | null = null;
  /** What the daemon's 200 answer goes through before the client sees it (redaction); null: relayed as it comes. */
  rewrite: ResponseRewrite | null = null;
  /** The field the body policy refused the request on ('' for the body as a whole); null when it did not refuse it. */
  policyField: string | null = null;
  /** 403 (denied) or 400 (refused) by the body policy; 0 when it did not refuse the request. */
  policyStatus = 0;
  /** Who sent it, on a TCP socket. */
  client: { readonly address: string; readonly cn: string | null } | undefined = undefined;
  readonly time: string;

  constructor(
    readonly started: number,
    readonly kind: NewLogEntry['kind'],
    readonly decision: Decision,
    readonly decideMs: number,
    readonly socket: string,
    readonly profile: string,
    /** What the client is told when the request is not forwarded; '' for an allowed one. */
    public reason: string,
  ) {
    this.time = isoTime();
  }
}

const NO_BODY: Framing = { kind: 'none' };

/** Why an exchange ends with no status: every answer doxy or the daemon sends sets one first. */
const CLIENT_GONE = 'doxy: the client went away before it was answered';

/** The log entry of a finished exchange: one object of one shape, built once (the log numbers it). */
export function logEntryOf(x: Exchange, durationMs: number): NewLogEntry {
  const d = x.decision;
  const refused = d.verdict === 'refuse';
  const gone = x.status === 0;
  return {
    id: 0,
    time: x.time,
    method: refused ? d.method.slice(0, 32) : d.request.method,
    path: refused ? d.target.slice(0, 512) : d.request.path,
    verdict: x.policyStatus === 0 ? d.verdict : x.policyStatus === 403 ? 'deny' : 'refuse',
    ruleId: refused ? null : (d.rule?.id ?? null),
    reason: gone ? `${CLIENT_GONE}${x.reason === '' ? '' : `: ${x.reason}`}` : x.reason,
    kind: x.kind,
    socket: x.socket,
    profile: x.profile,
    client: x.client?.address,
    clientCn: x.client?.cn ?? undefined,
    decideMs: x.decideMs,
    status: gone ? CLIENT_GONE_STATUS : x.status,
    bytes: x.bytes,
    durationMs,
    wouldDeny: x.wouldDeny ? true : undefined,
    upstreamMs: x.respondedAt > 0 ? x.respondedAt - x.forwardedAt : undefined,
    policyField: x.policyField ?? undefined,
  };
}
