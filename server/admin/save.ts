// Saves through the store, turning a stale revision into a 409 that says what to do; nothing is overwritten.
import {
  type Configuration,
  findProfile,
  profilePolicy,
  withProfileRules,
} from '../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { Store } from '../store/store.ts';
import { AdminError, invalid } from './api-error.ts';
import { savedWarnings } from './saved-warnings.ts';
import type { AdminDeps } from './deps.ts';

/** What saving needs: the store, and the worker thread that checks what is saved. */
export type SaveDeps = Pick<AdminDeps, 'store' | 'offThread'>;

/** Saves a whole configuration on top of `basedOn`; answers the new revision. */
export async function saveConfig(
  { store, offThread }: SaveDeps,
  next: Configuration,
  basedOn: number,
  reason: string,
  where = '/basedOn',
): Promise<number> {
  // Every route checks its own input with its own pointers; this is the last word on the whole (links between profiles and sockets).
  const checked = await offThread.run('checkConfiguration', next);
  if (!checked.ok) throw invalid('INVALID_CONFIG', checked.problems);
  const result = await store.save(checked.value, basedOn, reason);
  if (!result.ok) {
    throw new AdminError(
      409,
      'REVISION_CONFLICT',
      `the configuration changed since revision ${basedOn}: it is now revision ${result.revision}. Nothing was saved; reload, redo the change and send basedOn ${result.revision}`,
      where,
    );
  }
  return result.revision;
}

/** Saves one profile's rules (validated by the caller) as a new revision of the whole configuration. */
export function saveRules(
  deps: SaveDeps,
  profile: string,
  rules: readonly Rule[],
  basedOn: number,
  reason: string,
  where = '/basedOn',
): Promise<number> {
  return saveConfig(deps, withProfileRules(deps.store.config(), profile, rules), basedOn, reason, where);
}

/** The profile named by `?profile=` ('default' when absent); 404 when there is none of that name. */
export function profileParam(store: Store, query: unknown): string {
  const raw = (query as { profile?: unknown } | undefined)?.profile;
  if (raw === undefined) return DEFAULT_PROFILE;
  const name = typeof raw === 'string' ? raw : '';
  if (!findProfile(store.config(), name))
    throw new AdminError(404, 'NO_SUCH_PROFILE', `there is no profile "${name.slice(0, 80)}"`, '?profile');
  return name;
}

export async function rulesState(
  { store, patternFile, offThread }: Pick<AdminDeps, 'store' | 'patternFile' | 'offThread'>,
  profile = DEFAULT_PROFILE,
): Promise<RulesResponse> {
  const rules = store.rules(profile);
  const revision = store.revision();
  const [warnings = []] = await savedWarnings(offThread, [
    {
      rules,
      patternFile: profile === DEFAULT_PROFILE ? patternFile : null,
      policy: profilePolicy(store.config(), profile),
    },
  ]);
  return { revision, rules, warnings };
}
