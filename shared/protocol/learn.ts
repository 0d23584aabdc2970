// GET /api/learn and its accept: learn mode's state, and the allow rules and body policy it proposes from what it saw.
import type { BodyPolicy } from '../policy/body-policy.ts';

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

/**
 * The body policy proposed from the policed bodies (create, exec, volume create...) learn mode saw forwarded: the
 * narrowest one that admits them all (shared/learn/propose-policy.ts).
 */
export interface LearnPolicyProposal {
  readonly policy: BodyPolicy;
  /** What it grants of the host, and the bodies it cannot admit, in plain words. */
  readonly flags: readonly string[];
  /** Bodies seen that no policy admits (not JSON, an unknown field, a `..` path...): they will be refused. */
  readonly refused: readonly { readonly operation: string; readonly field: string; readonly message: string }[];
  /** Distinct bodies it was proposed from (the last ones seen, bounded). */
  readonly bodies: number;
  /** Older bodies forgotten to stay within the bound: the proposal may not admit them. */
  readonly dropped: number;
}

export interface LearnResponse {
  readonly socket: string;
  readonly state: LearnState;
  readonly proposals: readonly LearnProposal[];
  /** Null while no policed body was seen. */
  readonly policy: LearnPolicyProposal | null;
}

/** POST /api/learn/accept: the proposals to turn into rules, by method and pattern, and the policy to save. */
export interface LearnAcceptBody {
  readonly basedOn: number;
  /** May be empty when `policy` is given. */
  readonly patterns: readonly { readonly method: string; readonly pattern: string }[];
  /** The proposed body policy as shown (it must still be the proposal), to save as the profile's. */
  readonly policy?: BodyPolicy;
}
