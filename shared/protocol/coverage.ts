// GET /api/coverage and its compare: what rule sets grant of every Engine API operation, by area.
import type { Grant } from '../catalog/coverage.ts';
import type { Operation } from '../catalog/engine-api.ts';

/** How many operations of an area (or of the whole catalog) a rule set allows, denies, or allows in part. */
export type GrantCounts = Readonly<Record<Grant, number>>;

/**
 * One catalog operation and what a rule set grants of it; `rules` are the deciding rule ids, null for the default deny.
 * `boundedBy: 'policy'`: the profile's body policy bounds this root-equivalent operation, and `risk` is then `write`.
 */
export interface OperationGrant extends Operation {
  readonly grant: Grant;
  readonly rules: readonly (string | null)[];
  readonly boundedBy?: 'policy';
  /**
   * Present on the operations whose answers carry secrets doxy can redact (shared/redact): whether the profile does
   * (true), or relays them as the daemon answers (false).
   */
  readonly redacted?: boolean;
}

export interface AreaGrants {
  readonly area: string;
  readonly counts: GrantCounts;
  readonly operations: readonly OperationGrant[];
}

/** GET /api/coverage: what the saved rules grant of every Engine API operation, by area. */
export interface CoverageResponse {
  readonly revision: number;
  /** The profile redacts the secrets in answers (the operations marked `redacted`); false: it relays them. */
  readonly redact: boolean;
  readonly counts: GrantCounts;
  readonly areas: readonly AreaGrants[];
}

/** GET /api/coverage/compare?a=PROFILE&b=PROFILE, or POST /api/coverage/compare with rules for a draft or an import. */
export interface CoverageCompareResponse {
  readonly revision: number;
  readonly a: { readonly label: string; readonly counts: GrantCounts };
  readonly b: { readonly label: string; readonly counts: GrantCounts };
  /** Every catalog operation by area, with what each side grants. */
  readonly areas: readonly {
    readonly area: string;
    readonly operations: readonly (Operation & {
      readonly a: Grant;
      readonly b: Grant;
      readonly aRules: readonly (string | null)[];
      readonly bRules: readonly (string | null)[];
    })[];
  }[];
}
