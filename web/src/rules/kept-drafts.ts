// Unsaved drafts kept in this tab's sessionStorage, one per profile, with the saved revision they were edited from: a
// reload, a navigation away and back, or a switch of profile finds them again (closing the tab ends them).
import { z } from 'zod';
import type { RulesResponse } from '../../../shared/protocol/rules.ts';
import { ruleSchema } from '../../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { rulesResponse } from '../api/parse.ts';

export interface KeptDraft {
  /** What was saved when the draft was edited: a later save elsewhere makes it a conflict. */
  readonly saved: RulesResponse;
  readonly draft: readonly Rule[];
}

const PREFIX = 'doxy.draft.';
const keptDraft = z.object({ saved: rulesResponse, draft: z.array(ruleSchema) });

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: drafts last as long as the page
  }
}

/** Keeps `kept` as the profile's draft, or forgets it (null). */
export function keepDraft(profile: string, kept: KeptDraft | null): void {
  try {
    if (kept === null) storage()?.removeItem(PREFIX + profile);
    else storage()?.setItem(PREFIX + profile, JSON.stringify(kept));
  } catch {
    /* full: the draft stays on the page only */
  }
}

export function keptDraftOf(profile: string): KeptDraft | null {
  const text = storage()?.getItem(PREFIX + profile);
  if (text == null) return null;
  try {
    const parsed = keptDraft.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The profiles with a kept draft. */
export function keptProfiles(): string[] {
  const s = storage();
  if (!s) return [];
  const names: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (key?.startsWith(PREFIX)) names.push(key.slice(PREFIX.length));
  }
  return names.sort();
}
