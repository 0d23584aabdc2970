// What replacing the whole configuration does: a rule diff per profile (matched by name), and sockets matched by path.
import type { Configuration } from '../../shared/profiles/configuration.ts';
import type { ProfileDiff, SocketChange, SocketDiff, SocketSpec } from '../../shared/protocol.ts';
import { diffRules } from './rule-diff.ts';

const SOCKET_FIELDS = ['profile', 'mode', 'owner', 'group'] as const;

export function diffProfiles(before: Configuration, after: Configuration): ProfileDiff[] {
  const old = new Map(before.profiles.map((p) => [p.name, p.rules]));
  const next = new Map(after.profiles.map((p) => [p.name, p.rules]));
  const kept = after.profiles.map((p): ProfileDiff => {
    const was = old.get(p.name);
    const diff = diffRules(was ?? [], p.rules);
    const same = was !== undefined && diff.added.length + diff.removed.length + diff.changed.length === 0 && !diff.reordered;
    return { name: p.name, change: was === undefined ? 'added' : same ? 'same' : 'changed', diff };
  });
  const gone = before.profiles.filter((p) => !next.has(p.name)).map((p): ProfileDiff => ({ name: p.name, change: 'removed', diff: diffRules(p.rules, []) }));
  return [...kept, ...gone];
}

export function diffSockets(before: readonly SocketSpec[], after: readonly SocketSpec[]): SocketDiff {
  const old = new Map(before.map((s) => [s.path, s]));
  const next = new Map(after.map((s) => [s.path, s]));
  const changed: SocketChange[] = [];
  for (const s of after) {
    const b = old.get(s.path);
    if (!b) continue;
    const fields = SOCKET_FIELDS.filter((f) => b[f] !== s[f]);
    if (fields.length > 0) changed.push({ path: s.path, before: b, after: s, fields });
  }
  return { added: after.filter((s) => !old.has(s.path)), removed: before.filter((s) => !next.has(s.path)), changed };
}
