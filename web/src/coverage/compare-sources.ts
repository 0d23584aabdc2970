// What a profile's saved rules can be compared with: another profile, its draft, a preset, a history revision, or a file to import.
import { PRESETS, presetRules } from '../../../shared/presets/presets.ts';
import type { HistoryResponse } from '../../../shared/protocol/history.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import type { CompareSide } from '../api/client.ts';
import { rulesAt } from '../rules/rules-at.ts';

export type SourceKind = 'profile' | 'draft' | 'preset' | 'revision' | 'import';

export const SOURCE_LABELS: Record<SourceKind, string> = {
  profile: 'another profile',
  draft: 'its draft (your unsaved edits)',
  preset: 'a preset',
  revision: 'a history revision',
  import: 'a file to import',
};

/** One side as the comparison shows it: a column label, and what the server compares. */
export interface Side {
  readonly label: string;
  readonly side: CompareSide;
}

export interface Choices {
  /** The profile compared (side a), whose history revisions are offered. */
  readonly profile: string;
  readonly draft: readonly Rule[];
  readonly otherProfile: string;
  readonly presetId: string;
  readonly history: HistoryResponse | null;
  readonly revision: number | null;
  readonly imported: { readonly label: string; readonly rules: readonly Rule[] } | null;
}

/** The side to compare with, or null while it is not there yet (history loading, no file chosen). */
export function otherSide(kind: SourceKind, c: Choices): Side | null {
  if (kind === 'profile') return c.otherProfile ? { label: c.otherProfile, side: { profile: c.otherProfile } } : null;
  const rules = (label: string, list: readonly Rule[]): Side => ({ label, side: { rules: list, label } });
  if (kind === 'draft') return rules('Draft', c.draft);
  if (kind === 'preset') {
    const preset = PRESETS.find((p) => p.id === c.presetId);
    return preset ? rules(preset.name, presetRules(preset)) : null;
  }
  if (kind === 'revision') {
    const entry = c.history?.entries.find((e) => e.revision === c.revision);
    return entry ? rules(`Revision ${entry.revision}`, rulesAt(entry, c.profile) ?? []) : null;
  }
  return c.imported ? rules(c.imported.label, c.imported.rules) : null;
}
