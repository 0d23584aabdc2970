// Lints a whole rule set against the Engine API catalog: root-equivalent grants, rules that match no operation,
// shadowed rules, a missing HEAD /_ping, writes without their read. Pure; a heuristic over the catalog's sample requests.
import { samples } from '../catalog/coverage.ts';
import { OPERATIONS, type Operation } from '../catalog/engine-api.ts';
import type { BodyPolicy } from '../policy/body-policy.ts';
import { policedAs, rootGrantsFor } from '../policy/root-grants.ts';
import type { CompiledRule, CompiledRuleSet } from '../rules/compile.ts';
import { compileRuleSet } from '../rules/compile.ts';
import { decide } from '../rules/decide.ts';
import type { Rule } from '../rules/types.ts';
import { DANGEROUS_READS } from './lint.ts';
import { WRITE_NEEDS } from './write-needs.ts';

export type ProfileLintKind =
  | 'root-grant'
  | 'no-body-policy'
  | 'policy-grants-root'
  | 'matches-nothing'
  | 'shadowed'
  | 'no-ping'
  | 'write-without-read';

export interface ProfileWarning {
  readonly kind: ProfileLintKind;
  /** The rule warned about, or null for the set as a whole. */
  readonly ruleId: string | null;
  /** Its position in the ordered set, -1 for the set. */
  readonly index: number;
  /** A JSON pointer: `/rules/3`, or `/rules` for the set. */
  readonly where: string;
  readonly message: string;
}

/** What deciding every catalog sample showed: who allows each operation, and which rules match and decide. */
interface Survey {
  /** `METHOD /template` -> indices of the rules that allow at least one of its samples. */
  readonly allowedBy: ReadonlyMap<string, ReadonlySet<number>>;
  /** Rule index -> samples its methods and pattern match. */
  readonly matched: ReadonlyMap<number, number>;
  /** Rule index -> samples it decides (it is the first match). */
  readonly decided: ReadonlyMap<number, number>;
  /** Rule index -> earlier rules that decided the samples it matched. */
  readonly before: ReadonlyMap<number, ReadonlySet<number>>;
}

const key = (op: Operation): string => `${op.method} ${op.template}`;
const ROOT_OPS = OPERATIONS.filter(
  (o) => o.risk === 'root' && !DANGEROUS_READS.some((d) => `${d.method} ${d.endpoint}` === key(o)),
);
/** Policed operations a body can turn into host access: the root-equivalent ones, and volume create (a local volume
 * with `o=bind` mounts any host path into every container that uses it by name, whichever socket made it). */
const POLICED_OPS = OPERATIONS.filter(
  (o) => policedAs(o) !== null && (ROOT_OPS.includes(o) || (o.method === 'POST' && o.template === '/volumes/create')),
);
const MAX_LISTED = 4;

function tally<K>(map: Map<K, number>, k: K): void {
  map.set(k, (map.get(k) ?? 0) + 1);
}
function addTo<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  map.set(k, (map.get(k) ?? new Set<V>()).add(v));
}

/** Every enabled rule whose methods and pattern match, in order (the first is the one decide() picks). */
function matching(method: string, path: string, set: CompiledRuleSet): CompiledRule[] {
  const all = set.patterns
    ? set.patterns.match(path).map((i) => set.enabled[i])
    : set.enabled.filter((c) => c.pattern.test(path));
  return all.filter(
    (c): c is CompiledRule =>
      c !== undefined && (c.rule.methods === '*' || (c.rule.methods as readonly string[]).includes(method)),
  );
}

function survey(set: CompiledRuleSet): Survey {
  const allowedBy = new Map<string, Set<number>>();
  const matched = new Map<number, number>();
  const decided = new Map<number, number>();
  const before = new Map<number, Set<number>>();
  for (const op of OPERATIONS) {
    for (const target of samples(op)) {
      const d = decide({ method: op.method, target }, set);
      if (d.verdict === 'refuse') continue;
      if (d.verdict === 'allow') addTo(allowedBy, key(op), d.index);
      for (const c of matching(op.method, d.request.path, set)) {
        tally(matched, c.index);
        if (c.index === d.index) tally(decided, c.index);
        else addTo(before, c.index, d.index);
      }
    }
  }
  return { allowedBy, matched, decided, before };
}

function ruleName(rules: readonly Rule[], index: number): string {
  return `rule "${rules[index]?.id ?? '?'}" (#${index + 1})`;
}
function listed(items: readonly string[]): string {
  const more = items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : '';
  return `${items.slice(0, MAX_LISTED).join(', ')}${more}`;
}
function warn(kind: ProfileLintKind, rules: readonly Rule[], index: number, message: string): ProfileWarning {
  return { kind, ruleId: rules[index]?.id ?? null, index, where: index === -1 ? '/rules' : `/rules/${index}`, message };
}

/** Root-equivalent operations each rule allows, in catalog order. */
function rootOpsByRule(ops: readonly Operation[], s: Survey): Map<number, Operation[]> {
  const byRule = new Map<number, Operation[]>();
  for (const op of ops) for (const i of s.allowedBy.get(key(op)) ?? []) byRule.set(i, [...(byRule.get(i) ?? []), op]);
  return byRule;
}

/**
 * Root-equivalent grants. Without a policy argument every one is a 'root-grant', as before body policies. With one
 * (null: the profile has none), an operation whose body a policy can bound (POLICED_OPS) is warned about apart:
 * 'no-body-policy' when there is none, 'policy-grants-root' when the policy still lets its body ask for root, nothing
 * when it bounds it. The rest (exec start, attach, archive PUT, /session, plugin create and enable) stay root whatever the policy:
 * no body of theirs asks for host access, they act on what exists, and exec or attach reach any container on the
 * daemon, privileged ones made elsewhere included.
 */
function rootGrants(rules: readonly Rule[], s: Survey, policy: BodyPolicy | null | undefined): ProfileWarning[] {
  const policed = policy === undefined ? [] : POLICED_OPS;
  const others = ROOT_OPS.filter((op) => !policed.includes(op));
  const unbounded =
    policy === undefined
      ? ''
      : ' A body policy does not bound these: they act on existing containers or the daemon itself.';
  const warnings = [...rootOpsByRule(others, s)].map(([i, ops]) =>
    warn(
      'root-grant',
      rules,
      i,
      `${ruleName(rules, i)} allows root-equivalent operations: ${listed(ops.map(key))}. Whoever can use this socket can take over the host.${unbounded}`,
    ),
  );
  for (const [i, ops] of rootOpsByRule(policed, s)) {
    if (policy === null || policy === undefined) {
      const root = ops.filter((op) => op.risk === 'root').map(key);
      const volumes = ops.filter((op) => op.risk !== 'root').map(key);
      if (root.length > 0)
        warnings.push(
          warn(
            'no-body-policy',
            rules,
            i,
            `${ruleName(rules, i)} grants ${listed(root)} without a body policy: this is root on the host (a body can ask for privileged, host mounts, host namespaces). Give the profile a body policy.`,
          ),
        );
      if (volumes.length > 0)
        warnings.push(
          warn(
            'no-body-policy',
            rules,
            i,
            `${ruleName(rules, i)} grants ${listed(volumes)} without a body policy: a local volume with o=bind and device= mounts any host path into every container that uses it, whichever socket made it. Give the profile a body policy.`,
          ),
        );
      continue;
    }
    const left = ops.flatMap((op) => {
      const id = policedAs(op);
      const grants = id === null ? [] : rootGrantsFor(id, policy);
      return grants.length === 0 ? [] : [`${key(op)} (${grants.map((g) => g.what).join('; ')})`];
    });
    if (left.length > 0)
      warnings.push(
        warn(
          'policy-grants-root',
          rules,
          i,
          `${ruleName(rules, i)} allows ${listed(left)}: the body policy lets these bodies ask for root on the host.`,
        ),
      );
  }
  return warnings;
}

/** An earlier enabled rule with the same pattern and at least the same methods: it certainly decides first. */
function duplicateOf(rules: readonly Rule[], j: number): number {
  const r = rules[j];
  return rules.findIndex(
    (e, k) =>
      k < j &&
      r !== undefined &&
      e.enabled &&
      e.pattern === r.pattern &&
      (e.methods === '*' || JSON.stringify(e.methods) === JSON.stringify(r.methods)),
  );
}

function unreachable(rules: readonly Rule[], s: Survey): ProfileWarning[] {
  return rules.flatMap((r, j) => {
    if (!r.enabled) return [];
    const dup = duplicateOf(rules, j);
    if (dup !== -1)
      return [
        warn(
          'shadowed',
          rules,
          j,
          `${ruleName(rules, j)} never decides: ${ruleName(rules, dup)} before it has the same pattern and takes the same methods.`,
        ),
      ];
    if ((s.matched.get(j) ?? 0) === 0) {
      return [
        warn(
          'matches-nothing',
          rules,
          j,
          `${ruleName(rules, j)} matches no Docker Engine API operation: none of the catalog's sample requests (every operation, versioned and not) fits its methods and pattern. A typo? (A rule for one container or image name is fine: the samples use other names.)`,
        ),
      ];
    }
    if ((s.decided.get(j) ?? 0) > 0) return [];
    const first = [...(s.before.get(j) ?? [])].sort((a, b) => a - b).map((i) => ruleName(rules, i));
    return [
      warn(
        'shadowed',
        rules,
        j,
        `${ruleName(rules, j)} looks shadowed: for every catalog sample request it matches, ${listed(first)} decides first (checked over the catalog's sample paths only; other paths may still reach it).`,
      ),
    ];
  });
}

function missingReads(rules: readonly Rule[], s: Survey): ProfileWarning[] {
  const byRule = new Map<number, string[]>();
  for (const need of WRITE_NEEDS) {
    if (need.reads.some((r) => (s.allowedBy.get(r)?.size ?? 0) > 0)) continue;
    const writers = new Map<number, string[]>();
    for (const w of need.writes)
      for (const i of s.allowedBy.get(w) ?? []) writers.set(i, [...(writers.get(i) ?? []), w]);
    for (const [i, writes] of writers) {
      const text = `${ruleName(rules, i)} allows ${listed(writes)} but no rule allows ${need.reads.join(' or ')}: ${need.why}.`;
      byRule.set(i, [...(byRule.get(i) ?? []), text]);
    }
  }
  return [...byRule].flatMap(([i, texts]) => texts.map((t) => warn('write-without-read', rules, i, t)));
}

function noPing(rules: readonly Rule[], set: CompiledRuleSet): ProfileWarning[] {
  if (!set.enabled.some((c) => c.rule.action === 'allow')) return [];
  if (decide({ method: 'HEAD', target: '/_ping' }, set).verdict === 'allow') return [];
  return [
    warn(
      'no-ping',
      rules,
      -1,
      'no rule allows HEAD /_ping: Go clients (the docker CLI, Traefik, Portainer...) ping with an unversioned HEAD /_ping first and may give up when it is denied.',
    ),
  ];
}

/**
 * Warnings for a valid rule set, set-wide first, then by rule position. Rules that do not compile yield none (they are
 * refused elsewhere). `policy`: the profile's body policy, null when it has none; leave it out to lint the rules alone.
 */
export function lintProfile(rules: readonly Rule[], policy?: BodyPolicy | null): ProfileWarning[] {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) return [];
  const s = survey(compiled.value);
  const all = [
    ...noPing(rules, compiled.value),
    ...rootGrants(rules, s, policy),
    ...unreachable(rules, s),
    ...missingReads(rules, s),
  ];
  return all.sort((a, b) => a.index - b.index);
}

/**
 * `METHOD /template` of every root-equivalent operation a set allows and its body policy does not bound (as rootGrants
 * warns: a policed one counts when the profile has no policy or its policy still lets a body ask for root), in catalog
 * order. A save that adds one asks first (issue 16). Rules that do not compile grant nothing here.
 */
export function rootGrantedOperations(rules: readonly Rule[], policy: BodyPolicy | null): string[] {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) return [];
  const s = survey(compiled.value);
  return OPERATIONS.filter((op) => {
    if ((s.allowedBy.get(key(op))?.size ?? 0) === 0) return false;
    if (!POLICED_OPS.includes(op)) return ROOT_OPS.includes(op);
    const id = policedAs(op);
    return policy === null || id === null || rootGrantsFor(id, policy).length > 0;
  }).map(key);
}
