// What replacing one list by another does, matching items by a key: added, removed, and changed with the fields that differ.
import type { ItemChange, KeyedDiff } from '../protocol/transfer.ts';

/** Fields are compared by their JSON text, so that lists (a rule's methods) compare by content. */
export function diffByKey<T, F extends keyof T & string>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  fields: readonly F[],
): KeyedDiff<T, ItemChange<T, F>> {
  const old = new Map(before.map((item) => [key(item), item]));
  const next = new Set(after.map(key));
  const changed: ItemChange<T, F>[] = [];
  for (const a of after) {
    const b = old.get(key(a));
    if (!b) continue;
    const differ = fields.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]));
    if (differ.length > 0) changed.push({ before: b, after: a, fields: differ });
  }
  return {
    added: after.filter((item) => !old.has(key(item))),
    removed: before.filter((item) => !next.has(key(item))),
    changed,
  };
}
