// What replacing the whole configuration does: a rule diff per profile (matched by name), and sockets matched by path.
import { SOCKET_FIELDS, type Configuration } from '../../shared/profiles/configuration.ts';
import type { SocketSpec } from '../../shared/profiles/types.ts';
import type { ProfileDiff, SocketChange, SocketDiff } from '../../shared/protocol/transfer.ts';
import { diffByKey } from '../../shared/diff/keyed-diff.ts';
import { diffRules } from '../../shared/diff/rule-diff.ts';

/** A socket is matched by path; every other field is compared. */
const COMPARED = SOCKET_FIELDS.filter((f) => f !== 'path');

export function diffProfiles(before: Configuration, after: Configuration): ProfileDiff[] {
  const old = new Map(before.profiles.map((p) => [p.name, p]));
  const next = new Map(after.profiles.map((p) => [p.name, p]));
  const kept = after.profiles.map((p): ProfileDiff => {
    const was = old.get(p.name);
    const diff = diffRules(was?.rules ?? [], p.rules);
    const policyChanged = JSON.stringify(was?.policy ?? null) !== JSON.stringify(p.policy ?? null);
    const redactChanged = was !== undefined && (was.redact !== false) !== (p.redact !== false);
    const scopeChanged = was !== undefined && (was.scoped === true) !== (p.scoped === true);
    const same =
      was !== undefined &&
      diff.added.length + diff.removed.length + diff.changed.length === 0 &&
      !diff.reordered &&
      !policyChanged &&
      !redactChanged &&
      !scopeChanged;
    const change = was === undefined ? 'added' : same ? 'same' : 'changed';
    return {
      name: p.name,
      change,
      diff,
      policyChanged,
      ...(redactChanged ? { redactChanged } : {}),
      ...(scopeChanged ? { scopeChanged } : {}),
    };
  });
  const gone = before.profiles
    .filter((p) => !next.has(p.name))
    .map((p): ProfileDiff => ({
      name: p.name,
      change: 'removed',
      diff: diffRules(p.rules, []),
      policyChanged: p.policy !== undefined,
    }));
  return [...kept, ...gone];
}

export function diffSockets(before: readonly SocketSpec[], after: readonly SocketSpec[]): SocketDiff {
  const { added, removed, changed } = diffByKey(before, after, (s) => s.path, COMPARED);
  return { added, removed, changed: changed.map((c): SocketChange => ({ path: c.after.path, ...c })) };
}
