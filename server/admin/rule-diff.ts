// What replacing one rule set by another does, matching rules by id: added, removed, changed, reordered.
import type { RuleDiff, RuleChange } from '../../shared/protocol.ts';
import type { Rule } from '../../shared/rules/types.ts';

const FIELDS = ['action', 'methods', 'pattern', 'comment', 'enabled'] as const;

export function diffRules(before: readonly Rule[], after: readonly Rule[]): RuleDiff {
  const old = new Map(before.map((r) => [r.id, r]));
  const next = new Map(after.map((r) => [r.id, r]));
  const changed: RuleChange[] = [];
  for (const r of after) {
    const b = old.get(r.id);
    if (!b) continue;
    const fields = FIELDS.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(r[f]));
    if (fields.length > 0) changed.push({ id: r.id, before: b, after: r, fields });
  }
  const keptBefore = before.filter((r) => next.has(r.id)).map((r) => r.id);
  const keptAfter = after.filter((r) => old.has(r.id)).map((r) => r.id);
  return {
    added: after.filter((r) => !old.has(r.id)),
    removed: before.filter((r) => !next.has(r.id)),
    changed,
    reordered: keptBefore.some((id, i) => keptAfter[i] !== id),
  };
}
