// Validates an ordered rule list and compiles it once per change, never per request.
import { compilePattern, compilePatternSet, type CompiledPattern, type PatternSet } from './pattern.ts';
import { METHODS, type Method, type Problem, type Result, type Rule } from './types.ts';

export interface CompiledRule {
  readonly rule: Rule;
  readonly index: number;
  readonly pattern: CompiledPattern;
}

export interface CompiledRuleSet {
  readonly rules: readonly Rule[];
  /** Enabled rules that apply to each method, in order: the request's method picks its list once. */
  readonly byMethod: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Enabled rules for every method, for methods outside METHODS (none of them can be named by a rule). */
  readonly anyMethod: readonly CompiledRule[];
  /** Every enabled rule, in order. */
  readonly enabled: readonly CompiledRule[];
  /** The enabled rules' patterns as one set (index i is enabled[i]); null when too large to combine. */
  readonly patterns: PatternSet | null;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Checks one rule's fields; `where` is prefixed to each problem (a JSON pointer or a file line). */
export function checkRule(rule: Rule, where: string): Problem[] {
  const problems: Problem[] = [];
  if (!ID.test(rule.id))
    problems.push({
      where: `${where}/id`,
      message: `id "${rule.id}" must be 1-64 letters, digits, "_", ".", ":" or "-"`,
    });
  if (rule.methods !== '*') {
    if (rule.methods.length === 0)
      problems.push({ where: `${where}/methods`, message: 'methods is empty (use "*" for every method)' });
    for (const m of rule.methods) {
      if (!(METHODS as readonly string[]).includes(m))
        problems.push({ where: `${where}/methods`, message: `unknown method "${m}" (one of ${METHODS.join(', ')})` });
    }
  }
  const compiled = compilePattern(rule.pattern);
  if (!compiled.ok)
    problems.push({ where: `${where}/pattern`, message: `${compiled.message} (at index ${compiled.index})` });
  return problems;
}

export function compileRuleSet(rules: readonly Rule[]): Result<CompiledRuleSet> {
  const problems: Problem[] = [];
  const compiled: CompiledRule[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `/rules/${index}`;
    problems.push(...checkRule(rule, where));
    if (seen.has(rule.id)) problems.push({ where: `${where}/id`, message: `duplicate id "${rule.id}"` });
    seen.add(rule.id);
    const pattern = compilePattern(rule.pattern);
    if (pattern.ok) compiled.push({ rule, index, pattern: pattern.pattern });
  });
  if (problems.length > 0) return { ok: false, problems };

  const enabled = compiled.filter((c) => c.rule.enabled);
  const anyMethod = enabled.filter((c) => c.rule.methods === '*');
  const byMethod = new Map<string, CompiledRule[]>();
  for (const method of METHODS) {
    byMethod.set(
      method,
      enabled.filter((c) => c.rule.methods === '*' || c.rule.methods.includes(method as Method)),
    );
  }
  const patterns = compilePatternSet(enabled.map((c) => c.rule.pattern));
  return { ok: true, value: { rules, byMethod, anyMethod, enabled, patterns } };
}
