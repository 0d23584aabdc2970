// Keeps each profile's compiled rule set in force. decide() runs on this thread, so a saved change is compiled here,
// but in slices that yield to the event loop and with each pattern source compiled once: proxied requests go on being
// decided by the old set until the new one is complete, then it is swapped in with one assignment.
import { compileRuleSet, type CompiledRuleSet, type PatternCompilers } from '../../shared/rules/compile.ts';
import {
  compilePattern,
  compilePatternSet,
  patternSetBuilder,
  type PatternResult,
} from '../../shared/rules/pattern.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { Configuration, Store } from './store.ts';

/** Work between two yields to the event loop: a proxied request waits about this long for a compile at most. */
const SLICE_MS = 8;
/** Compiled patterns kept by source: twice the largest rule set a file may hold. */
const MAX_CACHED = 20_000;

export function compileOrThrow(rules: readonly Rule[], where: string, using?: PatternCompilers): CompiledRuleSet {
  const compiled = compileRuleSet(rules, undefined, using);
  if (!compiled.ok) throw new Error(`${where}: ${compiled.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
  return compiled.value;
}

/** Nothing is allowed: what a socket gets if its profile were ever missing (fail closed). */
const NOTHING = compileOrThrow([], 'empty rule set');

/** The compiled set of a profile, by name; a profile whose rules did not change keeps its compiled set. */
export type ActiveRules = (profile: string) => CompiledRuleSet;

/** Compiled patterns by source, the least recently used dropped first. */
function patternCache(): (source: string) => PatternResult {
  const cache = new Map<string, PatternResult>();
  return (source) => {
    const found = cache.get(source) ?? compilePattern(source);
    cache.delete(source);
    cache.set(source, found);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
    return found;
  };
}

/** Resolves at once while the current slice lasts, else on the next turn of the event loop. */
function slicer(): () => Promise<void> | undefined {
  let started = performance.now();
  return () => {
    if (performance.now() - started < SLICE_MS) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        started = performance.now();
        resolve();
      }),
    );
  };
}

/** compileOrThrow, its patterns compiled (or found) one slice at a time and combined likewise. */
async function compileInSlices(
  rules: readonly Rule[],
  where: string,
  compile: (source: string) => PatternResult,
): Promise<CompiledRuleSet> {
  const pause = slicer();
  for (const rule of rules) {
    compile(rule.pattern);
    await pause();
  }
  const enabled = rules.filter((r) => r.enabled).map((r) => r.pattern);
  const builder = patternSetBuilder();
  for (const source of enabled) {
    builder.add(source);
    await pause();
  }
  // RE2 builds the combined program in one piece: about 50 ms per thousand patterns.
  const combined = builder.build();
  const combine = (sources: readonly string[]): ReturnType<typeof compilePatternSet> =>
    sources.length === enabled.length && sources.every((s, i) => s === enabled[i])
      ? combined
      : compilePatternSet(sources);
  return compileOrThrow(rules, where, { compile, combine });
}

export function createActiveRules(store: Store): ActiveRules {
  const compile = patternCache();
  const where = (name: string): string => `${store.file} profile ${name}`;
  let current = new Map<string, { json: string; compiled: CompiledRuleSet }>();
  for (const p of store.config().profiles)
    current.set(p.name, {
      json: JSON.stringify(p.rules),
      compiled: compileOrThrow(p.rules, where(p.name), { compile, combine: compilePatternSet }),
    });
  // The store awaits this before a save answers, and saves one change at a time.
  store.onChange(async (config: Configuration) => {
    const next = new Map<string, { json: string; compiled: CompiledRuleSet }>();
    for (const p of config.profiles) {
      const json = JSON.stringify(p.rules);
      const kept = current.get(p.name);
      next.set(
        p.name,
        kept && kept.json === json ? kept : { json, compiled: await compileInSlices(p.rules, where(p.name), compile) },
      );
    }
    current = next;
  });
  return (profile) => current.get(profile)?.compiled ?? NOTHING;
}
