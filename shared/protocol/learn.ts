// GET /api/learn and its accept: learn mode's state and the allow rules it proposes from what it saw.

/** Learn mode of the proxy socket: GET /api/learn, and pushed as `learn` on every change. */
export interface LearnState {
  readonly active: boolean;
  /** ISO time learn mode ends by itself, or null for no deadline. */
  readonly until: string | null;
  readonly since: string | null;
  /** Distinct method + path pairs recorded. */
  readonly seen: number;
}

export type RiskLevel = 'read' | 'secret-read' | 'write' | 'root' | 'unknown';

/** One proposed allow rule: an endpoint pattern covering what was seen. */
export interface LearnProposal {
  readonly method: string;
  readonly pattern: string;
  readonly count: number;
  readonly examples: readonly string[];
  readonly risk: RiskLevel;
  /** The catalog's summary of the endpoint, null when it is not in the catalog. */
  readonly summary: string | null;
  /** Ticked for the user at first: false for root-level and unknown operations. */
  readonly preselected: boolean;
  /** Why it deserves a second look before it is granted (root, not in the catalog), or null. */
  readonly flag: string | null;
}

export interface LearnResponse {
  readonly socket: string;
  readonly state: LearnState;
  readonly proposals: readonly LearnProposal[];
}

/** POST /api/learn/accept: the proposals to turn into rules, by method and pattern. */
export interface LearnAcceptBody {
  readonly basedOn: number;
  readonly patterns: readonly { readonly method: string; readonly pattern: string }[];
}
