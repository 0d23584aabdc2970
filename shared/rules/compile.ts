// Validates an ordered rule list and compiles it once per change, never per request.
import {
  compilePattern,
  compilePatternSet,
  type CompiledPattern,
  type PatternResult,
  type PatternSet,
} from './pattern.ts';
import { MAX_RULESET_COST } from './pattern-cost.ts';
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
  const problems = fieldProblems(rule, where);
  const compiled = compilePattern(rule.pattern);
  if (!compiled.ok)
    problems.push({ where: `${where}/pattern`, message: `${compiled.message} (at index ${compiled.index})` });
  return problems;
}

/** The problems of a rule's id and methods (its pattern is checked by compiling it). */
function fieldProblems(rule: Rule, where: string): Problem[] {
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
  return problems;
}

/**
 * How a rule set's patterns are compiled: one by one, and all enabled ones as one set. A caller that compiled them
 * already (the server, in slices, each source once) hands them in; the answer is the same.
 */
export interface PatternCompilers {
  readonly compile: (source: string) => PatternResult;
  readonly combine: (sources: readonly string[]) => PatternSet | null;
}

const COMPILERS: PatternCompilers = { compile: compilePattern, combine: compilePatternSet };

/** `maxCost` bounds the cost of the enabled patterns together (see pattern-cost.ts). */
export function compileRuleSet(
  rules: readonly Rule[],
  maxCost = MAX_RULESET_COST,
  { compile, combine }: PatternCompilers = COMPILERS,
): Result<CompiledRuleSet> {
  const problems: Problem[] = [];
  const compiled: CompiledRule[] = [];
  const seen = new Set<string>();
  let cost = 0;
  for (const [index, rule] of rules.entries()) {
    const where = `/rules/${index}`;
    problems.push(...fieldProblems(rule, where));
    const pattern = compile(rule.pattern);
    if (!pattern.ok)
      problems.push({ where: `${where}/pattern`, message: `${pattern.message} (at index ${pattern.index})` });
    if (seen.has(rule.id)) problems.push({ where: `${where}/id`, message: `duplicate id "${rule.id}"` });
    seen.add(rule.id);
    if (!pattern.ok) continue;
    compiled.push({ rule, index, pattern: pattern.pattern });
    if (rule.enabled) cost += pattern.pattern.cost;
    // Stop compiling at once: a set of many costly patterns must not hold the thread that serves the sockets.
    if (cost > maxCost) {
      problems.push({
        where: `${where}/pattern`,
        message: `the enabled patterns up to this rule cost ${cost} together, more than ${maxCost} (fewer rules, or patterns with smaller repetition counts)`,
      });
      break;
    }
  }
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
  const patterns = combine(enabled.map((c) => c.rule.pattern));
  return { ok: true, value: { rules, byMethod, anyMethod, enabled, patterns } };
}
