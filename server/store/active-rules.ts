// Keeps each profile's compiled rule set in force: compiled once per saved change, swapped in one assignment.
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { Configuration, Store } from './store.ts';

export function compileOrThrow(rules: readonly Rule[], where: string): CompiledRuleSet {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) throw new Error(`${where}: ${compiled.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
  return compiled.value;
}

/** Nothing is allowed: what a socket gets if its profile were ever missing (fail closed). */
const NOTHING = compileOrThrow([], 'empty rule set');

/** The compiled set of a profile, by name; a profile whose rules did not change keeps its compiled set. */
export type ActiveRules = (profile: string) => CompiledRuleSet;

export function createActiveRules(store: Store): ActiveRules {
  let current = new Map<string, { json: string; compiled: CompiledRuleSet }>();
  const compileAll = (config: Configuration): void => {
    const next = new Map<string, { json: string; compiled: CompiledRuleSet }>();
    for (const p of config.profiles) {
      const json = JSON.stringify(p.rules);
      const kept = current.get(p.name);
      next.set(
        p.name,
        kept && kept.json === json
          ? kept
          : { json, compiled: compileOrThrow(p.rules, `${store.file} profile ${p.name}`) },
      );
    }
    current = next;
  };
  compileAll(store.config());
  store.onChange((config) => compileAll(config));
  return (profile) => current.get(profile)?.compiled ?? NOTHING;
}
