// POST /api/check: what the rules decide about requests, one table row per request.
import type { Rule } from '../rules/types.ts';
import type { Verdict } from './log.ts';

/** One request to check: `path` is the request target as a client would send it (a query is allowed). */
export interface CheckRequest {
  readonly method: string;
  readonly path: string;
}

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
}

export interface CheckResponse {
  /** The revision of the rules used, null when the rules came in the body. */
  readonly revision: number | null;
  readonly results: readonly CheckResult[];
}
