// POST /api/check: what the rules decide about requests, one table row per request.
import type { Rule } from '../rules/types.ts';
import type { Verdict } from './log.ts';

/**
 * One request to check: `path` is the request target as a client would send it (a query is allowed); `body`, the
 * request body as text, is judged by the profile's body policy when the rules allow a policed operation.
 */
export interface CheckRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
}

/**
 * What the body policy said about a request's body, as the proxy would: `forward` (with the text doxy would send),
 * `deny` (403) or `refuse` (400) with the field that decided ('' for the body as a whole); `unread` when the proxy
 * would not read it (the rules do not allow the request, it is not a policed operation, or the profile has no policy).
 */
export type BodyCheck =
  | { readonly verdict: 'forward'; readonly forwarded: string }
  | {
      readonly verdict: 'deny' | 'refuse';
      readonly status: 400 | 403;
      readonly field: string;
      readonly message: string;
    }
  | { readonly verdict: 'unread'; readonly message: string };

/** POST /api/check: one request, a list, or `{requests, rules}` to check against unsaved rules. */
export type CheckBody =
  | CheckRequest
  | readonly CheckRequest[]
  | { readonly requests: readonly CheckRequest[]; readonly rules?: readonly Rule[] };

/** What decide() said about one request, flattened for a table row. */
export interface CheckResult extends CheckRequest {
  readonly verdict: Verdict;
  /** The deciding rule, null for deny by default and for refusals. */
  readonly ruleId: string | null;
  /** Its position in the ordered set, -1 when none decided. */
  readonly ruleIndex: number;
  /** The decoded path the rules matched, null when refused. */
  readonly canonicalPath: string | null;
  /** What would be sent to the daemon, null when refused. */
  readonly target: string | null;
  /** Why it was refused, or the message a denied client reads; '' when allowed. */
  readonly reason: string;
  /** What the body policy said about `body`; present when the request came with one. */
  readonly bodyVerdict?: BodyCheck;
}

export interface CheckResponse {
  /** The revision of the rules used, null when the rules came in the body. */
  readonly revision: number | null;
  readonly results: readonly CheckResult[];
}
