// The rule set of one profile being edited: the saved revision, the draft on top of it, saving with basedOn, and conflicts.
// An unsaved draft is kept in the tab's sessionStorage (kept-drafts.ts): switching profile, reloading or leaving and
// coming back finds it, restored with a notice (never thrown away silently).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RulesResponse } from '../../../shared/protocol/rules.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api, ApiFailure } from '../api/client.ts';
import { keepDraft, keptDraftOf, keptProfiles } from './kept-drafts.ts';
import { addedRisks } from './use-review.ts';

export interface Conflict {
  /** The revision the draft was edited from. */
  readonly mine: number;
  /** The revision saved since, by someone or something else. */
  readonly theirs: number;
}

export interface RulesModel {
  /** The profile whose rules these are. */
  readonly profile: string;
  /** `saved` and `draft` are this profile's (false while another profile's are still shown, between a switch and its load). */
  readonly loaded: boolean;
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
  /** The save would grant these root-equivalent or secret-reading operations (`METHOD /template`) for the first time. */
  readonly confirmRisks: readonly string[] | null;
  /** Saves the draft although it grants them. */
  saveRisky(): Promise<void>;
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
  /** The draft shown was kept from before (a reload, another profile, another screen), not edited on this page. */
  readonly restored: boolean;
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
  const [confirmRisks, setConfirmRisks] = useState<{ basedOn: number; added: readonly string[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draftsAside, setDraftsAside] = useState<readonly string[]>([]);
  const [restored, setRestored] = useState(false);
  // What the draft was edited from, and for which profile: kept with the draft, so that a save elsewhere since shows
  // as a conflict after a reload too.
  const [base, setBase] = useState<{ profile: string; saved: RulesResponse } | null>(null);
  const dirty = saved !== null && !sameRules(draft, saved.rules);
  const loaded = saved !== null && base?.profile === profile;
  // The current draft, read when the profile changes: a ref, so that editing does not reload.
  const current = useRef<{ profile: string; saved: RulesResponse | null; draft: readonly Rule[] }>({
    profile,
    saved: null,
    draft: [],
  });
  current.current = { ...current.current, saved, draft };

  /** `keepDraft`: the draft stays (a conflict to show); `kept`: the draft is that one, edited from `kept.saved`. */
  const load = useCallback(
    async (
      keepDraft: boolean,
      kept?: { saved: RulesResponse; draft: readonly Rule[] },
    ): Promise<RulesResponse | null> => {
      try {
        const state = await api.rules(profile);
        if (current.current.profile !== profile) return null;
        setSaved(state);
        if (kept) {
          setDraftState(kept.draft);
          setBase({ profile, saved: kept.saved });
        } else if (!keepDraft) {
          setDraftState(state.rules);
          setBase({ profile, saved: state });
        }
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
    current.current = { profile, saved: null, draft: [] };
    const kept = keptDraftOf(profile);
    setDraftsAside(keptProfiles().filter((p) => p !== profile));
    setSaved(null);
    setBase(null);
    setLoadError(null);
    setConflict(null);
    setSaveError(null);
    setNotice(null);
    setRestored(kept !== null);
    void load(false, kept ?? undefined).then((state) => {
      if (!kept || !state) return;
      if (!sameRules(kept.saved.rules, state.rules)) setConflict({ mine: kept.saved.revision, theirs: state.revision });
    });
  }, [profile, load]);
  // Every change of the draft is kept at once; a draft that equals what is saved is forgotten.
  useEffect(() => {
    if (base === null || base.profile !== profile || saved === null) return;
    keepDraft(profile, sameRules(draft, saved.rules) ? null : { saved: base.saved, draft });
  }, [profile, base, saved, draft]);
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
        setBase({ profile, saved: state });
        setRestored(false);
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

  // Before a save goes live: one that grants a root-equivalent operation or a dangerous read the saved rules did not
  // is asked about first, naming them (a review that fails asks nothing: the save goes on, as before reviews).
  const checkedPut = useCallback(
    async (basedOn: number): Promise<void> => {
      if (saved !== null) {
        setSaving(true);
        const added = await Promise.all([api.reviewRules(profile, saved.rules), api.reviewRules(profile, draft)]).then(
          ([before, after]) => addedRisks(before, after),
          () => [],
        );
        setSaving(false);
        if (added.length > 0) {
          setConfirmRisks({ basedOn, added });
          return;
        }
      }
      await put(basedOn);
    },
    [saved, profile, draft, put],
  );

  // A revision announced while this profile's rules were loading: the load may have been answered before it (a
  // profile deleted meanwhile would stay shown), so it is checked once they are loaded.
  const missed = useRef(0);
  const revisionSaved = useCallback(
    (revision: number) => {
      if (saved === null) {
        missed.current = Math.max(missed.current, revision);
        return;
      }
      // Our own save announces its revision too, possibly before its answer arrives.
      if (saving || revision <= saved.revision) return;
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
  useEffect(() => {
    if (saved === null) return;
    const revision = missed.current;
    missed.current = 0;
    if (revision > saved.revision) revisionSaved(revision);
  }, [saved, revisionSaved]);

  return useMemo(
    () => ({
      profile,
      loaded,
      draftsAside,
      restored,
      saved,
      draft,
      dirty,
      saving,
      loadError,
      saveError,
      conflict,
      confirmLoss: confirmLoss?.failure ?? null,
      saveAnyway: () => put(confirmLoss?.basedOn ?? saved?.revision ?? 0, false, true),
      confirmRisks: confirmRisks?.added ?? null,
      saveRisky: async () => {
        const basedOn = confirmRisks?.basedOn ?? saved?.revision ?? 0;
        setConfirmRisks(null);
        await put(basedOn);
      },
      cancelSave: () => {
        setConfirmLoss(null);
        setConfirmRisks(null);
      },
      notice,
      setDraft: (rules: readonly Rule[]) => {
        setDraftState(rules);
        setNotice(null);
        setSaveError(null);
        setConfirmLoss(null);
        setConfirmRisks(null);
      },
      save: () => checkedPut(conflict?.mine ?? saved?.revision ?? 0),
      saveOver: () => checkedPut(conflict?.theirs ?? saved?.revision ?? 0),
      discard: async () => {
        setRestored(false);
        setConflict(null);
        setSaveError(null);
        setNotice(null);
        await load(false);
      },
      revisionSaved,
    }),
    [
      profile,
      loaded,
      draftsAside,
      restored,
      restored,
      saved,
      draft,
      dirty,
      saving,
      loadError,
      saveError,
      conflict,
      confirmLoss,
      confirmRisks,
      notice,
      put,
      checkedPut,
      load,
      revisionSaved,
    ],
  );
}
