// The body policy of the chosen profile as saved: loaded with the profile and again at every announced revision, and
// saved on top of the revision an edit started from (a newer revision that left the policy alone is saved over).
import { useCallback } from 'react';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { PolicyResponse } from '../../../shared/protocol/policy.ts';
import type { Problem } from '../../../shared/rules/types.ts';
import { api } from '../api/client.ts';
import { failure, useProfileLoad } from '../api/use-profile-load.ts';

/** How a save ended: saved, refused with problems at fields, lost to a newer policy, or failed otherwise. */
export type PolicySave =
  | { readonly kind: 'saved'; readonly state: PolicyResponse }
  | { readonly kind: 'invalid'; readonly message: string; readonly problems: readonly Problem[] }
  | { readonly kind: 'conflict'; readonly theirs: PolicyResponse }
  | { readonly kind: 'failed'; readonly message: string };

export interface PolicyModel {
  readonly profile: string;
  /** What is saved, null until loaded (or when loading failed). */
  readonly saved: PolicyResponse | null;
  readonly loadError: string | null;
  /** Saves `policy` (null removes it) over `base`, the state the edit started from; `force` saves over any newer one. */
  save(base: PolicyResponse, policy: BodyPolicy | null, force?: boolean): Promise<PolicySave>;
}

const same = (a: BodyPolicy | null, b: BodyPolicy | null): boolean => JSON.stringify(a) === JSON.stringify(b);

const readPolicy = (profile: string): Promise<PolicyResponse> => api.policy(profile);

export function usePolicy(profile: string, loggedIn: boolean, revision: number): PolicyModel {
  const { saved, loadError, load, setSaved } = useProfileLoad(profile, loggedIn, revision, readPolicy);

  const save = useCallback(
    async (base: PolicyResponse, policy: BodyPolicy | null, force = false): Promise<PolicySave> => {
      let basedOn = base.revision;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const state = await api.savePolicy(profile, basedOn, policy);
          setSaved(state);
          return { kind: 'saved', state };
        } catch (error) {
          const f = failure(error);
          if (f.code === 'INVALID_POLICY') return { kind: 'invalid', message: f.message, problems: f.problems };
          if (f.status !== 409) return { kind: 'failed', message: f.message };
          const latest = await load();
          if (latest === null) return { kind: 'failed', message: f.message };
          // Another save moved the revision: over one that left this policy alone (or when told to), try again.
          if (!force && !same(latest.policy, base.policy)) return { kind: 'conflict', theirs: latest };
          basedOn = latest.revision;
        }
      }
      return { kind: 'failed', message: 'the revision kept changing: try again' };
    },
    [profile, load, setSaved],
  );

  return { profile, saved, loadError, save };
}
