// What replacing one rule set by another does, matching rules by id: added, removed, changed, reordered.
import type { RuleChange, RuleDiff } from '../protocol/transfer.ts';
import type { Rule } from '../rules/types.ts';
import { diffByKey } from './keyed-diff.ts';

const FIELDS = ['action', 'methods', 'pattern', 'comment', 'enabled'] as const;

export function diffRules(before: readonly Rule[], after: readonly Rule[]): RuleDiff {
  const { added, removed, changed } = diffByKey(before, after, (r) => r.id, FIELDS);
  const beforeIds = new Set(before.map((r) => r.id));
  const afterIds = new Set(after.map((r) => r.id));
  const keptBefore = before.filter((r) => afterIds.has(r.id)).map((r) => r.id);
  const keptAfter = after.filter((r) => beforeIds.has(r.id)).map((r) => r.id);
  return {
    added,
    removed,
    changed: changed.map((c): RuleChange => ({ id: c.after.id, ...c })),
    reordered: keptBefore.some((id, i) => keptAfter[i] !== id),
  };
}
