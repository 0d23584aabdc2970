// GET and PUT /api/scope?profile=NAME: whether a profile is scoped to the containers, networks and volumes made
// through it (see shared/scope).
/** GET /api/scope, and the answer to a successful PUT. */
export interface ScopeResponse {
  readonly revision: number;
  readonly profile: string;
  /** false (the default): the profile sees and acts on every object its rules allow. */
  readonly scoped: boolean;
  /** The label stamped on what the profile creates, and filtered on: `doxy.owner=PROFILE`. */
  readonly label: string;
}

/** PUT /api/scope: on or off, and the revision it was edited from. */
export interface PutScopeBody {
  readonly basedOn: number;
  readonly scoped: boolean;
  readonly reason?: string;
}
