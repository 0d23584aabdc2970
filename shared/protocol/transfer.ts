// POST /api/import: what importing rules or a whole configuration would do, as diffs keyed by id, name or path.
import type { BodyPolicy } from '../policy/body-policy.ts';
import type { Profile, SocketSpec } from '../profiles/types.ts';
import type { Problem, Rule } from '../rules/types.ts';

/** An item on both sides of a diff (same key) whose fields differ. */
export interface ItemChange<T, Field extends string = string> {
  readonly before: T;
  readonly after: T;
  readonly fields: readonly Field[];
}

/** What replacing one list by another does, matching items by a key: the rule diff and the socket diff alike. */
export interface KeyedDiff<T, Change extends ItemChange<T> = ItemChange<T>> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly changed: readonly Change[];
}

/** `fields`: action, methods, pattern, comment, enabled. */
export interface RuleChange extends ItemChange<Rule> {
  readonly id: string;
}

/** What an import would do to the current set, matching rules by id. */
export interface RuleDiff extends KeyedDiff<Rule, RuleChange> {
  /** True when rules present in both sets come in another order (first match wins, so order matters). */
  readonly reordered: boolean;
}

export type ImportFormat = 'doxy-ruleset' | 'doxy-pattern';

/** POST /api/import: with dryRun, `revision` is the one the diff was computed against (send it back as basedOn). */
export interface ImportResponse {
  readonly dryRun: boolean;
  readonly format: ImportFormat;
  readonly revision: number;
  readonly diff: RuleDiff;
  readonly rules: readonly Rule[];
  /** What deserves a second look in the imported set (the same warnings as GET /api/rules gives). */
  readonly warnings: readonly Problem[];
  /** What the import takes away from the profile; when needsConfirm, applying it needs ?confirm=1. */
  readonly loss: ImportLoss;
  /**
   * A doxy-ruleset file's body policy, which the import gives the profile (null: removes its policy); absent when the
   * file has none (the profile keeps its own; pattern files never carry one).
   */
  readonly policy?: BodyPolicy | null;
  /** A doxy-ruleset file's `redact`, which the import gives the profile; absent when the file says nothing. */
  readonly redact?: boolean;
  /** A doxy-ruleset file's `scoped`, which the import gives the profile; absent when the file says nothing. */
  readonly scoped?: boolean;
}

/** What replacing a profile's rules takes away (shared/catalog/loss.ts). */
export interface ImportLoss {
  /** Catalog operations (`METHOD /template`) the current set grants, for some sample, and the new one denies entirely. */
  readonly lost: readonly string[];
  /** Catalog operations the current set grants. */
  readonly granted: number;
  /** The current set allows `GET /_ping` and the new one does not (Docker clients ping first and fail without it). */
  readonly ping: boolean;
  /** More than half of what was granted is lost, or the ping: the change needs the user's confirmation. */
  readonly needsConfirm: boolean;
  /** What would be lost, in a sentence, when needsConfirm. */
  readonly message: string | null;
}

/** What importing a configuration does to one profile: its rule diff against the current one (all added or removed when new or gone). */
export interface ProfileDiff {
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed' | 'same';
  readonly diff: RuleDiff;
  /** The profile's body policy differs (set, removed or changed); `change` is then 'changed' too. Always sent. */
  readonly policyChanged?: boolean;
  /** Present (true) when the profile's redaction of secrets is turned on or off; `change` is then 'changed' too. */
  readonly redactChanged?: true;
  /** Present (true) when the profile's ownership scoping is turned on or off; `change` is then 'changed' too. */
  readonly scopeChanged?: true;
}

/** `fields`: profile, mode, owner, group, and a TCP socket's allowFrom, tlsCert, tlsKey, tlsCa, clients, unknownClients. */
export interface SocketChange extends ItemChange<SocketSpec> {
  readonly path: string;
}

/** What importing a configuration does to the sockets, matched by path (the --proxy-socket is never among them). */
export type SocketDiff = KeyedDiff<SocketSpec, SocketChange>;

/** POST /api/import of a doxy-config file (every profile and socket): per-profile rule diffs and the socket diff. */
export interface ConfigImportResponse {
  readonly dryRun: boolean;
  readonly format: 'doxy-config';
  readonly revision: number;
  readonly profiles: readonly ProfileDiff[];
  readonly sockets: SocketDiff;
  readonly config: { readonly profiles: readonly Profile[]; readonly sockets: readonly SocketSpec[] };
}
