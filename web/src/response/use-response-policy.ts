// What a profile does to the daemon's answers and objects, as saved: whether it redacts secrets in answers, and
// whether it is scoped to what it made. Loaded with the profile and at every announced revision; each setting is
// saved on top of the revision it was read at (a newer revision that left it alone is saved over).
import { useCallback } from 'react';
import { api } from '../api/client.ts';
import { failure, useProfileLoad } from '../api/use-profile-load.ts';

export interface ResponseState {
  readonly revision: number;
  readonly redact: boolean;
  readonly scoped: boolean;
  /** The owner label a scoped profile stamps: `doxy.owner=PROFILE`. */
  readonly label: string;
}

export type ResponseSetting = 'redact' | 'scoped';

/** How a save ended: saved, found already so (another save did it), or failed. */
export type ResponseSave =
  | { readonly kind: 'saved'; readonly revision: number }
  | { readonly kind: 'already'; readonly revision: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface ResponsePolicyModel {
  readonly profile: string;
  /** What is saved, null until loaded (or when loading failed). */
  readonly state: ResponseState | null;
  readonly loadError: string | null;
  save(setting: ResponseSetting, on: boolean): Promise<ResponseSave>;
}

async function read(profile: string): Promise<ResponseState> {
  const [redaction, scope] = await Promise.all([api.redaction(profile), api.scope(profile)]);
  return {
    revision: Math.max(redaction.revision, scope.revision),
    redact: redaction.redact,
    scoped: scope.scoped,
    label: scope.label,
  };
}

export function useResponsePolicy(profile: string, loggedIn: boolean, revision: number): ResponsePolicyModel {
  const { saved: state, loadError, load } = useProfileLoad(profile, loggedIn, revision, read);

  const save = useCallback(
    async (setting: ResponseSetting, on: boolean): Promise<ResponseSave> => {
      let basedOn = state?.revision ?? 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const saved =
            setting === 'redact'
              ? (await api.saveRedaction(profile, basedOn, on)).revision
              : (await api.saveScope(profile, basedOn, on)).revision;
          await load();
          return { kind: 'saved', revision: saved };
        } catch (error) {
          const f = failure(error);
          if (f.status !== 409) return { kind: 'failed', message: f.message };
          const latest = await load();
          if (latest === null) return { kind: 'failed', message: f.message };
          if (latest[setting] === on) return { kind: 'already', revision: latest.revision };
          // Another save moved the revision and left this setting alone: saved over it.
          basedOn = latest.revision;
        }
      }
      return { kind: 'failed', message: 'the revision kept changing: try again' };
    },
    [profile, state, load],
  );

  return { profile, state, loadError, save };
}
