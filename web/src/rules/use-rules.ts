// The rule set being edited: the saved revision, the draft on top of it, saving with basedOn, and conflicts.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RulesResponse } from '../../../shared/protocol.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api, ApiFailure } from '../api/client.ts';

export interface Conflict {
  /** The revision the draft was edited from. */
  readonly mine: number;
  /** The revision saved since, by someone or something else. */
  readonly theirs: number;
}

export interface RulesModel {
  readonly saved: RulesResponse | null;
  readonly draft: readonly Rule[];
  readonly dirty: boolean;
  readonly saving: boolean;
  readonly loadError: ApiFailure | null;
  readonly saveError: ApiFailure | null;
  readonly conflict: Conflict | null;
  readonly notice: string | null;
  setDraft(rules: readonly Rule[]): void;
  save(): Promise<void>;
  /** Saves the draft over the newer revision (after a conflict). */
  saveOver(): Promise<void>;
  /** Drops the draft and loads what is saved. */
  discard(): Promise<void>;
  /** Shows a revision that was saved elsewhere (import, restore, another tab). */
  revisionSaved(revision: number): void;
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function useRules(): RulesModel {
  const [saved, setSaved] = useState<RulesResponse | null>(null);
  const [draft, setDraftState] = useState<readonly Rule[]>([]);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<ApiFailure | null>(null);
  const [saveError, setSaveError] = useState<ApiFailure | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const dirty = saved !== null && !sameRules(draft, saved.rules);

  const load = useCallback(async (keepDraft: boolean): Promise<RulesResponse | null> => {
    try {
      const state = await api.rules();
      setSaved(state);
      if (!keepDraft) setDraftState(state.rules);
      setLoadError(null);
      return state;
    } catch (error) {
      setLoadError(error instanceof ApiFailure ? error : new ApiFailure(0, 'ERROR', String(error)));
      return null;
    }
  }, []);

  useEffect(() => { void load(false); }, [load]);
  // A success note fades; errors and conflicts stay until dealt with.
  useEffect(() => {
    if (notice === null) return undefined;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const put = useCallback(async (basedOn: number): Promise<void> => {
    setSaving(true);
    setSaveError(null);
    setNotice(null);
    try {
      const state = await api.saveRules(basedOn, draft);
      setSaved(state);
      setDraftState(state.rules);
      setConflict(null);
      setNotice(`Saved as revision ${state.revision}: the proxy uses it now.`);
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'ERROR', String(error));
      if (failure.status === 409) {
        // Nothing was saved and the draft stays as it is; learn the newer revision to offer both ways out.
        const latest = await load(true);
        setConflict({ mine: basedOn, theirs: latest?.revision ?? basedOn });
      } else {
        setSaveError(failure);
      }
    } finally {
      setSaving(false);
    }
  }, [draft, load]);

  const revisionSaved = useCallback((revision: number) => {
    // Our own save announces its revision too, possibly before its answer arrives.
    if (saved === null || saving || revision === saved.revision) return;
    if (dirty) setConflict({ mine: saved.revision, theirs: revision });
    else void load(false);
  }, [saved, saving, dirty, load]);

  return useMemo(() => ({
    saved, draft, dirty, saving, loadError, saveError, conflict, notice,
    setDraft: (rules: readonly Rule[]) => { setDraftState(rules); setNotice(null); setSaveError(null); },
    save: () => put(conflict?.mine ?? saved?.revision ?? 0),
    saveOver: () => put(conflict?.theirs ?? saved?.revision ?? 0),
    discard: async () => { setConflict(null); setSaveError(null); setNotice(null); await load(false); },
    revisionSaved,
  }), [saved, draft, dirty, saving, loadError, saveError, conflict, notice, put, load, revisionSaved]);
}
