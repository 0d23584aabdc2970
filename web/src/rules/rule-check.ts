// Checks a rule being edited with the same shared code the server uses, field by field, pattern errors with their index.
import { checkRule } from '../../../shared/rules/compile.ts';
import { compilePattern } from '../../../shared/rules/pattern.ts';
import type { Rule } from '../../../shared/rules/types.ts';

export interface RuleFieldErrors {
  readonly id?: string;
  readonly methods?: string;
  readonly pattern?: { readonly message: string; readonly index: number };
}

export function checkDraftRule(rule: Rule, others: readonly Rule[]): RuleFieldErrors {
  const errors: { id?: string; methods?: string; pattern?: { message: string; index: number } } = {};
  for (const p of checkRule(rule, '')) {
    if (p.where === '/id') errors.id = p.message;
    if (p.where === '/methods') errors.methods ??= p.message;
  }
  if (errors.id === undefined && others.some((r) => r.id === rule.id))
    errors.id = `another rule already has the id "${rule.id}"`;
  const pattern = compilePattern(rule.pattern);
  if (!pattern.ok) errors.pattern = { message: pattern.message, index: pattern.index };
  return errors;
}

export function hasErrors(e: RuleFieldErrors): boolean {
  return e.id !== undefined || e.methods !== undefined || e.pattern !== undefined;
}

/** An id not used by `rules`: `base`, else `base-2`, `base-3`... */
export function freeId(base: string, rules: readonly Rule[]): string {
  const taken = new Set(rules.map((r) => r.id));
  const stem = base.slice(0, 58) || 'rule';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export function methodsText(methods: Rule['methods']): string {
  return methods === '*' ? 'any' : methods.join(', ');
}
