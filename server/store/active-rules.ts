// Keeps the compiled rule set in force: compiled once per saved change, swapped in one assignment.
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { Store } from './store.ts';

export function compileOrThrow(rules: readonly Rule[], where: string): CompiledRuleSet {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) throw new Error(`${where}: ${compiled.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
  return compiled.value;
}

export function createActiveRules(store: Store): () => CompiledRuleSet {
  let current = compileOrThrow(store.rules(), store.file);
  store.onChange((rules) => { current = compileOrThrow(rules, store.file); });
  return () => current;
}
