// Data exchanged between the server and the web app: the request log entry and the admin API's shapes.
import type { Rule } from './rules/types.ts';

export type Verdict = 'allow' | 'deny' | 'refuse';

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
}

export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly where?: string; readonly problems?: readonly { where: string; message: string }[] };
}

export interface RuleSetState {
  readonly revision: number;
  readonly rules: readonly Rule[];
}
