// GET and PUT /api/rules: profile 'default''s ordered rule set and the revision it belongs to.
import type { Problem, Rule } from '../rules/types.ts';

export interface RuleSetState {
  readonly revision: number;
  readonly rules: readonly Rule[];
}

/** GET /api/rules, and the answer to a successful PUT. Warnings point at rules (`/rules/3`) or at the set (`/rules`). */
export interface RulesResponse extends RuleSetState {
  readonly warnings: readonly Problem[];
}

/** PUT /api/rules: the whole ordered set and the revision it was edited from. */
export interface PutRulesBody {
  readonly basedOn: number;
  readonly rules: readonly Rule[];
  readonly reason?: string;
}

/** POST /api/rules/review: a draft's warnings before it is saved, and what it grants that is root or reads secrets. */
export interface RulesReview {
  readonly warnings: readonly Problem[];
  /** `METHOD /template` of the root-equivalent operations and dangerous reads the draft allows. */
  readonly risky: readonly string[];
}
