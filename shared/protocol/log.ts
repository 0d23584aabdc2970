// The request log on the wire: one entry per request, the live feed's batches, and the durable log's search.

export type Verdict = 'allow' | 'deny' | 'refuse';

/**
 * The status logged for a request whose client went away before any answer was sent to it (nginx's "client closed
 * request"): nothing reached the client, and the entry's reason says so.
 */
export const CLIENT_GONE_STATUS = 499;

/** One request through a proxy socket, as the log, the debug line and the admin app show it. */
export interface LogEntry {
  readonly id: number;
  /** ISO time the request arrived. */
  readonly time: string;
  readonly method: string;
  /** The canonical path, or the raw target when the request was refused as ambiguous. */
  readonly path: string;
  readonly status: number;
  readonly verdict: Verdict;
  /** The deciding rule's id; null for the default deny and for refusals. */
  readonly ruleId: string | null;
  readonly reason: string;
  readonly durationMs: number;
  /** Response body bytes sent to the client. */
  readonly bytes: number;
  /** 'http' for ordinary requests, 'upgrade' for hijacked streams (attach, exec). */
  readonly kind: 'http' | 'upgrade';
  /** The proxy socket it came through ('default' while doxy has one); absent in entries older than the field. */
  readonly socket?: string;
  /** The profile (named rule set) the socket was bound to when the request came; absent in entries older than the field. */
  readonly profile?: string;
  /** The client's IP address, on a TCP socket; absent on a unix socket. */
  readonly client?: string;
  /** The common name of the client certificate, on a mutual-TLS socket (it may have chosen the profile). */
  readonly clientCn?: string;
  /** True when the rules denied it but learn mode forwarded it anyway (verdict stays 'deny', status is the daemon's). */
  readonly wouldDeny?: boolean;
  /** Time to judge the request (framing, canonical form, decide), in ms. */
  readonly decideMs?: number;
  /** Time from forwarding to the daemon's response head, in ms; absent when nothing was forwarded. */
  readonly upstreamMs?: number;
  /**
   * The request body's field the profile's body policy refused it on ('' for the body as a whole: not JSON, too large);
   * absent when the body policy did not refuse it. `ruleId` is then the rule that allowed the request.
   */
  readonly policyField?: string;
}

/** A batch of log entries; `dropped` counts entries left out because more arrived in one tick than a batch holds. */
export interface LogBatch {
  readonly entries: readonly LogEntry[];
  readonly dropped: number;
}

/** GET /api/log/search: matching entries of the durable log, newest first. */
export interface LogSearchResponse {
  readonly entries: readonly LogEntry[];
  /** True when `limit` entries were found (there may be more). */
  readonly limited: boolean;
}
