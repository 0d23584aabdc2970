// Learn mode's proposal: the smallest rule set covering what an agent was seen doing, one rule per endpoint.
import {
  escapeLiteral,
  OPERATIONS,
  operationPattern,
  versionPrefix,
  type Operation,
  type Risk,
} from '../catalog/engine-api.ts';
import { isLibpodPath } from '../rules/canonical.ts';
import { compilePattern, type CompiledPattern } from '../rules/pattern.ts';
import type { Method, Rule } from '../rules/types.ts';

export interface Observation {
  readonly method: string;
  /** Canonical (decoded) path. */
  readonly path: string;
  /** How many times it was seen (1 when absent). */
  readonly count?: number;
}

export interface Proposal {
  readonly method: string;
  readonly pattern: string;
  readonly count: number;
  readonly examples: readonly string[];
  /** The catalog operation this endpoint is, when it is one. */
  readonly operation: Operation | null;
  readonly risk: Risk | 'unknown';
  /** Whether the app ticks it for the user: not when it equals root or is not in the catalog (they must choose it). */
  readonly preselected: boolean;
  /** Why it needs a second look before it is granted, or null. */
  readonly flag: string | null;
}

/** What is not ticked for the user, and why (an unknown operation may be an upgrade such as BuildKit's h2c /grpc). */
const FLAGS: Partial<Record<Risk | 'unknown', string>> = {
  root: 'equals root on the host: tick it only if the agent must have it',
  unknown:
    'not in the Engine API catalog: find out what it does before granting it (an upgraded stream, an old or experimental endpoint)',
};

interface Known {
  readonly op: Operation;
  readonly pattern: CompiledPattern;
  readonly specificity: number;
}

let known: Known[] | null = null;
function catalog(): Known[] {
  known ??= OPERATIONS.flatMap((op) => {
    const c = compilePattern(operationPattern(op));
    return c.ok ? [{ op, pattern: c.pattern, specificity: op.template.replace(/\{\w+\}/g, '').length }] : [];
  }).sort((a, b) => b.specificity - a.specificity);
  return known;
}

/** A leading API version: Docker's `/vN.N`, or before `/libpod/` Podman's own `/vN.N.N` too. */
const VERSION = /^\/v\d+\.\d+(?:\.\d+(?=\/libpod\/))?(?=\/)/;
const ID_LIKE = /^[0-9a-f]{12,64}$/;

/** A path without its API version (`/v4.3.1/libpod/info` is `/libpod/info`). */
export function withoutVersion(path: string): string {
  return path.replace(VERSION, '');
}

/** Outside the catalog: keep the path literal, make the version optional (libpod's form on libpod's API) and ids generic. */
function fallbackPattern(path: string): string {
  const bare = withoutVersion(path);
  const body = bare
    .split('/')
    .slice(1)
    .map((seg) => (ID_LIKE.test(seg) ? '[\\w.-]+' : escapeLiteral(seg)))
    .join('/');
  return `${versionPrefix(isLibpodPath(bare))}${body}$`;
}

/**
 * The pattern that grants one request's endpoint: its catalog operation's (names and ids generic, any API version), or
 * outside the catalog its literal path with the version optional and ids generic. Learn, "Allow this" and the stats share it.
 */
export function generalise(method: string, path: string): { pattern: string; operation: Operation | null } {
  const bare = withoutVersion(path);
  const hit = catalog().find((k) => k.op.method === method && k.pattern.test(bare));
  return hit
    ? { pattern: operationPattern(hit.op), operation: hit.op }
    : { pattern: fallbackPattern(path), operation: null };
}

export function propose(observations: Iterable<Observation>): Proposal[] {
  const groups = new Map<
    string,
    { method: string; pattern: string; count: number; examples: string[]; operation: Operation | null }
  >();
  for (const o of observations) {
    const { pattern, operation } = generalise(o.method, o.path);
    const key = `${o.method} ${pattern}`;
    const g = groups.get(key) ?? { method: o.method, pattern, count: 0, examples: [], operation };
    g.count += o.count ?? 1;
    if (g.examples.length < 3 && !g.examples.includes(o.path)) g.examples.push(o.path);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const risk = g.operation?.risk ?? ('unknown' as const);
      const flag = FLAGS[risk] ?? null;
      return { ...g, risk, preselected: flag === null, flag };
    })
    .sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern));
}

/** Turns accepted proposals into allow rules with unique ids and a comment saying what was seen. */
export function proposalsToRules(accepted: readonly Proposal[], existingIds: ReadonlySet<string>): Rule[] {
  const ids = new Set(existingIds);
  return accepted.map((p) => {
    const base = `learned-${(p.operation?.template ?? p.pattern)
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 40)}-${p.method.toLowerCase()}`;
    let id = base;
    for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
    ids.add(id);
    const what = p.operation ? `${p.operation.summary} (${p.operation.risk})` : 'not in the Engine API catalog';
    return {
      id,
      action: 'allow',
      methods: [p.method as Method],
      pattern: p.pattern,
      comment: `learned: ${what}, seen ${p.count} times`,
      enabled: true,
    };
  });
}
