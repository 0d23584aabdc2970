// What a rule set grants, operation by operation: decide() on sample requests for every catalog operation.
import type { BodyPolicy } from '../policy/body-policy.ts';
import { boundedByPolicy } from '../policy/root-grants.ts';
import type { CompiledRuleSet } from '../rules/compile.ts';
import { decide } from '../rules/decide.ts';
import { isLibpod, OPERATIONS, samplePath, takesImage, type Operation } from './engine-api.ts';

/** allowed: every sample passes; denied: none does; partial: some names or versions pass and others do not. */
export type Grant = 'allowed' | 'denied' | 'partial';

export interface OperationCoverage {
  readonly operation: Operation;
  readonly grant: Grant;
  /** Ids of the rules that decided the samples (null for the default deny), without repeats. */
  readonly rules: readonly (string | null)[];
  /** Set when the profile's body policy bounds this root-equivalent operation to a write (see boundedByPolicy). */
  readonly boundedBy?: 'policy';
}

export interface AreaCoverage {
  readonly area: string;
  readonly operations: readonly OperationCoverage[];
}

const OTHER_IDS = ['0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'web-1.app_x'];
const OTHER_IMAGES = [
  'busybox',
  'registry.example:5000/team/app:1.2',
  'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
];

/** Sample requests for one operation: unversioned and versioned (libpod's own version too), several shapes of name. */
export function samples(op: Operation): string[] {
  const versions = isLibpod(op) ? ['v1.41', 'v4.3.1'] : ['v1.41'];
  const base = [samplePath(op), ...versions.map((v) => samplePath(op, v))];
  if (!op.template.includes('{')) return base;
  const names = takesImage(op) ? OTHER_IMAGES : OTHER_IDS;
  const param = /\{(id|name)\}/;
  const named = names.map((n) => op.template.replace(param, n));
  return [...base, ...named.flatMap((path) => [path, ...versions.map((v) => `/${v}${path}`)])];
}

/** What the rules grant of one operation; with the profile's body policy, whether that policy bounds it. */
export function coverOperation(
  op: Operation,
  set: CompiledRuleSet,
  policy: BodyPolicy | null = null,
): OperationCoverage {
  let allowed = 0;
  const all = samples(op);
  const rules = new Set<string | null>();
  for (const target of all) {
    const d = decide({ method: op.method, target }, set);
    if (d.verdict === 'allow') allowed++;
    if (d.verdict !== 'refuse') rules.add(d.rule?.id ?? null);
  }
  const grant: Grant = allowed === all.length ? 'allowed' : allowed === 0 ? 'denied' : 'partial';
  const bounded = policy !== null && boundedByPolicy(op, policy);
  return { operation: op, grant, rules: [...rules], ...(bounded ? { boundedBy: 'policy' as const } : {}) };
}

export function coverage(
  set: CompiledRuleSet,
  operations: readonly Operation[] = OPERATIONS,
  policy: BodyPolicy | null = null,
): AreaCoverage[] {
  const areas = new Map<string, OperationCoverage[]>();
  for (const op of operations) {
    const list = areas.get(op.area) ?? [];
    list.push(coverOperation(op, set, policy));
    areas.set(op.area, list);
  }
  return [...areas].map(([area, ops]) => ({ area, operations: ops }));
}

export interface CoverageChange {
  readonly operation: Operation;
  readonly before: Grant;
  readonly after: Grant;
}

/** Operations whose grant differs between two rule sets (two profiles, or one before and after an edit). */
export function compareCoverage(before: CompiledRuleSet, after: CompiledRuleSet): CoverageChange[] {
  return OPERATIONS.flatMap((op) => {
    const a = coverOperation(op, before).grant;
    const b = coverOperation(op, after).grant;
    return a === b ? [] : [{ operation: op, before: a, after: b }];
  });
}
