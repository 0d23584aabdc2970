// The rule set of one profile being edited: the saved revision, the draft on top of it, saving with basedOn, and conflicts.
// Switching profile keeps an unsaved draft aside, so that coming back finds it (never thrown away silently).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RulesResponse } from '../../../shared/protocol/rules.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api, ApiFailure } from '../api/client.ts';

export interface Conflict {
  /** The revision the draft was edited from. */
  readonly mine: number;
  /** The revision saved since, by someone or something else. */
  readonly theirs: number;
}

export interface RulesModel {
  /** The profile whose rules these are. */
  readonly profile: string;
  readonly saved: RulesResponse | null;
  readonly draft: readonly Rule[];
  readonly dirty: boolean;
  readonly saving: boolean;
  readonly loadError: ApiFailure | null;
  readonly saveError: ApiFailure | null;
  readonly conflict: Conflict | null;
  /** The server asks to confirm the save: it takes away most of what the profile grants, or the ping. */
  readonly confirmLoss: ApiFailure | null;
  /** Saves the draft although it loses that. */
  saveAnyway(): Promise<void>;
  /** Keeps editing: nothing is saved. */
  cancelSave(): void;
  readonly notice: string | null;
  setDraft(rules: readonly Rule[]): void;
  save(): Promise<void>;
  /** Saves the draft over the newer revision (after a conflict). */
  saveOver(): Promise<void>;
  /** Drops the draft and loads what is saved. */
  discard(): Promise<void>;
  /** Shows a revision that was saved elsewhere (import, restore, another tab, a socket change). */
  revisionSaved(revision: number): void;
  /** Profiles other than this one with an unsaved draft kept aside. */
  readonly draftsAside: readonly string[];
}

interface Aside {
  readonly saved: RulesResponse;
  readonly draft: readonly Rule[];
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function useRules(profile: string): RulesModel {
  const [saved, setSaved] = useState<RulesResponse | null>(null);
  const [draft, setDraftState] = useState<readonly Rule[]>([]);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<ApiFailure | null>(null);
  const [saveError, setSaveError] = useState<ApiFailure | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmLoss, setConfirmLoss] = useState<{ basedOn: number; failure: ApiFailure } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const aside = useRef(new Map<string, Aside>());
  const [draftsAside, setDraftsAside] = useState<readonly string[]>([]);
  const dirty = saved !== null && !sameRules(draft, saved.rules);
  // The current draft, read when the profile changes: a ref, so that editing does not reload.
  const current = useRef<{ profile: string; saved: RulesResponse | null; draft: readonly Rule[] }>({
    profile,
    saved: null,
    draft: [],
  });
  current.current = { ...current.current, saved, draft };

  const load = useCallback(
    async (keepDraft: boolean): Promise<RulesResponse | null> => {
      try {
        const state = await api.rules(profile);
        if (current.current.profile !== profile) return null;
        setSaved(state);
        if (!keepDraft) setDraftState(state.rules);
        setLoadError(null);
        return state;
      } catch (error) {
        setLoadError(error instanceof ApiFailure ? error : new ApiFailure(0, 'ERROR', String(error)));
        return null;
      }
    },
    [profile],
  );

  useEffect(() => {
    const before = current.current;
    if (before.profile !== profile && before.saved && !sameRules(before.draft, before.saved.rules))
      aside.current.set(before.profile, { saved: before.saved, draft: before.draft });
    current.current = { profile, saved: null, draft: [] };
    const kept = aside.current.get(profile);
    aside.current.delete(profile);
    setDraftsAside([...aside.current.keys()]);
    setSaved(null);
    setLoadError(null);
    setConflict(null);
    setSaveError(null);
    setNotice(null);
    void load(kept !== undefined).then((state) => {
      if (!kept || !state) return;
      setDraftState(kept.draft);
      if (!sameRules(kept.saved.rules, state.rules)) setConflict({ mine: kept.saved.revision, theirs: state.revision });
    });
  }, [profile, load]);
  // A success note fades; errors and conflicts stay until dealt with.
  useEffect(() => {
    if (notice === null) return undefined;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const put = useCallback(
    async (basedOn: number, retry = true, confirm = false): Promise<void> => {
      setSaving(true);
      setSaveError(null);
      setNotice(null);
      setConfirmLoss(null);
      try {
        const state = await api.saveRules(profile, basedOn, draft, confirm);
        setSaved(state);
        setDraftState(state.rules);
        setConflict(null);
        setNotice(`Saved as revision ${state.revision}: the sockets bound to profile ${profile} use it now.`);
      } catch (error) {
        const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'ERROR', String(error));
        if (failure.code === 'CONFIRM_NEEDED') {
          setConfirmLoss({ basedOn, failure });
        } else if (failure.status === 409) {
          // Nothing was saved and the draft stays as it is; learn the newer revision to offer both ways out.
          const base = saved;
          const latest = await load(true);
          // Saved elsewhere, but not this profile's rules (another profile, a socket): the draft's base still holds.
          if (retry && latest && base && sameRules(latest.rules, base.rules) && basedOn === base.revision) {
            await put(latest.revision, false);
            return;
          }
          setConflict({ mine: basedOn, theirs: latest?.revision ?? basedOn });
        } else {
          setSaveError(failure);
        }
      } finally {
        setSaving(false);
      }
    },
    [draft, load, profile, saved],
  );

  const revisionSaved = useCallback(
    (revision: number) => {
      // Our own save announces its revision too, possibly before its answer arrives.
      if (saved === null || saving || revision === saved.revision) return;
      if (!dirty) {
        void load(false);
        return;
      }
      // One revision counts every profile and socket: a change elsewhere leaves this draft's base as it was.
      const base = saved;
      void load(true).then((latest) => {
        if (latest && !sameRules(latest.rules, base.rules))
          setConflict({ mine: base.revision, theirs: latest.revision });
      });
    },
    [saved, saving, dirty, load],
  );

  return useMemo(
    () => ({
      profile,
      draftsAside,
      saved,
      draft,
      dirty,
      saving,
      loadError,
      saveError,
      conflict,
      confirmLoss: confirmLoss?.failure ?? null,
      saveAnyway: () => put(confirmLoss?.basedOn ?? saved?.revision ?? 0, false, true),
      cancelSave: () => setConfirmLoss(null),
      notice,
      setDraft: (rules: readonly Rule[]) => {
        setDraftState(rules);
        setNotice(null);
        setSaveError(null);
        setConfirmLoss(null);
      },
      save: () => put(conflict?.mine ?? saved?.revision ?? 0),
      saveOver: () => put(conflict?.theirs ?? saved?.revision ?? 0),
      discard: async () => {
        setConflict(null);
        setSaveError(null);
        setNotice(null);
        await load(false);
      },
      revisionSaved,
    }),
    [
      profile,
      draftsAside,
      saved,
      draft,
      dirty,
      saving,
      loadError,
      saveError,
      conflict,
      confirmLoss,
      notice,
      put,
      load,
      revisionSaved,
    ],
  );
}
