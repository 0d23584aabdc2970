// Data exchanged between the server and the web app: the request log entry, the admin API's DTOs, the socket.io events.
import type { AreaCoverage, Grant } from './catalog/coverage.ts';
import { OPERATIONS, type Operation } from './catalog/engine-api.ts';
import { presetRules, type Preset } from './presets/presets.ts';
import { explain } from './rules/decide.ts';
import type { Decision, Problem, Rule } from './rules/types.ts';

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
  /** The proxy socket it came through ('default' while doxy has one); absent in entries older than the field. */
  readonly socket?: string;
  /** The profile (named rule set) the socket was bound to when the request came; absent in entries older than the field. */
  readonly profile?: string;
  /** True when the rules denied it but learn mode forwarded it anyway (verdict stays 'deny', status is the daemon's). */
  readonly wouldDeny?: boolean;
  /** Time to judge the request (framing, canonical form, decide), in ms. */
  readonly decideMs?: number;
  /** Time from forwarding to the daemon's response head, in ms; absent when nothing was forwarded. */
  readonly upstreamMs?: number;
}

/** Every admin API failure: a stable code, a message, and where (a JSON pointer, or `file:line` for a pattern file). */
export interface ApiError {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly where?: string;
    readonly problems?: readonly Problem[];
  };
}

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

export interface RuleChange {
  readonly id: string;
  readonly before: Rule;
  readonly after: Rule;
  /** The fields that differ: action, methods, pattern, comment, enabled. */
  readonly fields: readonly string[];
}

/** What an import would do to the current set, matching rules by id. */
export interface RuleDiff {
  readonly added: readonly Rule[];
  readonly removed: readonly Rule[];
  readonly changed: readonly RuleChange[];
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

export interface HistoryItem {
  readonly revision: number;
  readonly savedAt: string;
  readonly reason: string;
  /** Profile 'default''s rules at that revision. */
  readonly rules: readonly Rule[];
  /** The whole configuration at that revision (a restore puts all of it back). */
  readonly profiles?: readonly Profile[];
  readonly sockets?: readonly SocketSpec[];
}

/** GET /api/history: newest first. */
export interface HistoryResponse {
  readonly revision: number;
  readonly entries: readonly HistoryItem[];
}

/** POST /api/history/:revision/restore. */
export interface RestoreBody {
  readonly basedOn: number;
}

/** How many operations of an area (or of the whole catalog) a rule set allows, denies, or allows in part. */
export type GrantCounts = Readonly<Record<Grant, number>>;

/** One catalog operation and what a rule set grants of it; `rules` are the deciding rule ids, null for the default deny. */
export interface OperationGrant extends Operation {
  readonly grant: Grant;
  readonly rules: readonly (string | null)[];
}

export interface AreaGrants {
  readonly area: string;
  readonly counts: GrantCounts;
  readonly operations: readonly OperationGrant[];
}

/** GET /api/coverage: what the saved rules grant of every Engine API operation, by area. */
export interface CoverageResponse {
  readonly revision: number;
  readonly counts: GrantCounts;
  readonly areas: readonly AreaGrants[];
}

/** GET /api/presets: each preset with its operations and the rules "use this preset" puts in the draft. */
export interface PresetInfo {
  readonly id: string;
  readonly name: string;
  readonly note: string;
  readonly fullControl: boolean;
  readonly operations: readonly Operation[];
  readonly rules: readonly Rule[];
}

export interface PresetsResponse {
  readonly presets: readonly PresetInfo[];
}

export function countGrants(grants: readonly { readonly grant: Grant }[]): GrantCounts {
  const counts = { allowed: 0, denied: 0, partial: 0 };
  for (const g of grants) counts[g.grant]++;
  return counts;
}

/** Flattens coverage() for the API and the coverage screen, which show the same thing. */
export function areaGrants(areas: readonly AreaCoverage[]): AreaGrants[] {
  return areas.map(({ area, operations }) => {
    const flat = operations.map((c) => ({ ...c.operation, grant: c.grant, rules: c.rules }));
    return { area, counts: countGrants(flat), operations: flat };
  });
}

/** A preset as the API and the presets screen show it: its operations resolved in the catalog, and its rules. */
export function presetInfo(preset: Preset): PresetInfo {
  const operations = OPERATIONS.filter((o) => preset.operations.includes(`${o.method} ${o.template}`));
  return {
    id: preset.id,
    name: preset.name,
    note: preset.note,
    fullControl: preset.fullControl === true,
    operations,
    rules: presetRules(preset),
  };
}

/** A batch of log entries; `dropped` counts entries left out because more arrived in one tick than a batch holds. */
export interface LogBatch {
  readonly entries: readonly LogEntry[];
  readonly dropped: number;
}

/** socket.io events from the admin server: the backlog once on connect, then batches, and each new revision. */
export interface ServerToClientEvents {
  backlog: (batch: LogBatch) => void;
  entries: (batch: LogBatch) => void;
  revision: (revision: number) => void;
  learn: (state: LearnState) => void;
}

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

/** GET /api/log/search: matching entries of the durable log, newest first. */
export interface LogSearchResponse {
  readonly entries: readonly LogEntry[];
  /** True when `limit` entries were found (there may be more). */
  readonly limited: boolean;
}

/** One minute of traffic on a socket. */
export interface StatsMinute {
  /** ISO time the minute starts. */
  readonly start: string;
  readonly allow: number;
  /** Denied, would-deny in learn mode included. */
  readonly deny: number;
  readonly refuse: number;
}

/** GET /api/stats: the last hour, a bucket per minute (oldest first), and the most denied endpoints in it. */
export interface StatsResponse {
  readonly socket: string;
  readonly minutes: readonly StatsMinute[];
  readonly topDenied: readonly { readonly method: string; readonly path: string; readonly count: number }[];
}

/** The client only listens. */
export type ClientToServerEvents = Record<string, never>;

/** Flattens a decision for the check endpoint and the web tester, which show the same thing. */
export function checkResult(request: CheckRequest, decision: Decision): CheckResult {
  if (decision.verdict === 'refuse') {
    return {
      ...request,
      verdict: 'refuse',
      ruleId: null,
      ruleIndex: -1,
      canonicalPath: null,
      target: null,
      reason: decision.reason,
    };
  }
  return {
    ...request,
    verdict: decision.verdict,
    ruleId: decision.rule?.id ?? null,
    ruleIndex: decision.index,
    canonicalPath: decision.request.path,
    target: decision.request.target,
    reason: decision.verdict === 'allow' ? '' : explain(decision),
  };
}

// ---- Profiles and sockets (issue 5). One revision covers the whole configuration: every profile and every socket.

/** A named, ordered rule set. Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. 'default' always exists. */
export interface Profile {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** A filtered socket bound to one profile. `mode` is octal text ('660'); owner and group (a name or a numeric id) need root. */
export interface SocketSpec {
  /** Absolute path: also the socket's name in the log, metrics, stats and learn mode. */
  readonly path: string;
  readonly profile: string;
  readonly mode: string;
  readonly owner?: string;
  readonly group?: string;
}

/** A socket as the app shows it: its spec, where it came from, and whether it is listening now. */
export interface SocketState extends SocketSpec {
  /** 'proxy-socket': the --proxy-socket one (cannot be removed in the app); 'flag': a --socket flag; 'store': added in the app or by import. */
  readonly source: 'proxy-socket' | 'flag' | 'store';
  readonly listening: boolean;
  /** Why it is not listening (path in use, no permission...), null when it is. */
  readonly error: string | null;
}

/** GET /api/profiles: every profile with the sockets bound to it. */
export interface ProfilesResponse {
  readonly revision: number;
  readonly profiles: readonly (Profile & {
    readonly sockets: readonly string[];
    readonly warnings: readonly Problem[];
  })[];
}

/** POST /api/profiles: a new profile, empty, copied from another profile, or from a preset (by preset id). */
export interface CreateProfileBody {
  readonly basedOn: number;
  readonly name: string;
  readonly from?: { readonly profile: string } | { readonly preset: string };
}

/** GET /api/sockets. */
export interface SocketsResponse {
  readonly revision: number;
  readonly sockets: readonly SocketState[];
}

/** PUT /api/sockets: the whole list (add, rebind, change mode, remove), applied without a restart. */
export interface PutSocketsBody {
  readonly basedOn: number;
  readonly sockets: readonly SocketSpec[];
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

/** What importing a configuration does to one profile: its rule diff against the current one (all added or removed when new or gone). */
export interface ProfileDiff {
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed' | 'same';
  readonly diff: RuleDiff;
}

export interface SocketChange {
  readonly path: string;
  readonly before: SocketSpec;
  readonly after: SocketSpec;
  /** The fields that differ: profile, mode, owner, group. */
  readonly fields: readonly string[];
}

/** What importing a configuration does to the sockets, matched by path (the --proxy-socket is never among them). */
export interface SocketDiff {
  readonly added: readonly SocketSpec[];
  readonly removed: readonly SocketSpec[];
  readonly changed: readonly SocketChange[];
}

/** POST /api/import of a doxy-config file (every profile and socket): per-profile rule diffs and the socket diff. */
export interface ConfigImportResponse {
  readonly dryRun: boolean;
  readonly format: 'doxy-config';
  readonly revision: number;
  readonly profiles: readonly ProfileDiff[];
  readonly sockets: SocketDiff;
  readonly config: { readonly profiles: readonly Profile[]; readonly sockets: readonly SocketSpec[] };
}
