// What the saved rules can be compared with: the draft, a preset, a history revision, or an import candidate.
import { PRESETS, presetRules } from '../../../shared/presets/presets.ts';
import type { HistoryResponse } from '../../../shared/protocol.ts';
import type { Rule } from '../../../shared/rules/types.ts';

export type SourceKind = 'draft' | 'preset' | 'revision' | 'import';

export const SOURCE_LABELS: Record<SourceKind, string> = {
  draft: 'the draft (your unsaved edits)',
  preset: 'a preset',
  revision: 'a history revision',
  import: 'a file to import',
};

export interface Candidate {
  readonly label: string;
  readonly rules: readonly Rule[];
}

export interface Choices {
  readonly draft: readonly Rule[];
  readonly presetId: string;
  readonly history: HistoryResponse | null;
  readonly revision: number | null;
  readonly imported: Candidate | null;
}

/** The rule set to compare with, or null while it is not there yet (history loading, no file chosen). */
export function candidate(kind: SourceKind, c: Choices): Candidate | null {
  if (kind === 'draft') return { label: 'Draft', rules: c.draft };
  if (kind === 'preset') {
    const preset = PRESETS.find((p) => p.id === c.presetId);
    return preset ? { label: preset.name, rules: presetRules(preset) } : null;
  }
  if (kind === 'revision') {
    const entry = c.history?.entries.find((e) => e.revision === c.revision);
    return entry ? { label: `Revision ${entry.revision}`, rules: entry.rules } : null;
  }
  return c.imported;
}
