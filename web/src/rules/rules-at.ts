// A profile's rules in a history entry: entries hold the whole configuration; older ones only profile 'default''s rules.
import type { HistoryItem } from '../../../shared/protocol/history.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { DEFAULT_PROFILE } from '../api/client.ts';

/** null when the profile did not exist at that revision. */
export function rulesAt(entry: HistoryItem, profile: string): readonly Rule[] | null {
  if (entry.profiles) return entry.profiles.find((p) => p.name === profile)?.rules ?? null;
  return profile === DEFAULT_PROFILE ? entry.rules : null;
}
