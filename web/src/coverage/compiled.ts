// Compiles a rule list for the coverage views; null when it does not compile (the editor shows why).
import { compileRuleSet, type CompiledRuleSet } from '../../../shared/rules/compile.ts';
import type { Rule } from '../../../shared/rules/types.ts';

export function compiledOrNull(rules: readonly Rule[]): CompiledRuleSet | null {
  const c = compileRuleSet(rules);
  return c.ok ? c.value : null;
}
