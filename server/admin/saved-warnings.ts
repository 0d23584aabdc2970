// The lint warnings of saved rule sets, which every GET of rules or profiles answers with. A set's warnings depend on
// its content (and its profile's policy) only, so each set is checked once on the worker thread and the answer shared: the burst of reads a page
// load makes neither fills the worker's queue nor waits behind it.
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { Problem, Rule } from '../../shared/rules/types.ts';
import type { OffThread } from './off-thread.ts';

export interface WarnedSet {
  readonly rules: readonly Rule[];
  readonly patternFile: string | null;
  /** The profile's body policy, null for none: a create rule is root without one. */
  readonly policy: BodyPolicy | null;
}

/** Sets remembered per worker: every profile's current set and a few before them. */
const KEPT = 256;

const caches = new WeakMap<OffThread, Map<string, Promise<Problem[]>>>();

export async function savedWarnings(offThread: OffThread, sets: readonly WarnedSet[]): Promise<Problem[][]> {
  let cache = caches.get(offThread);
  if (!cache) caches.set(offThread, (cache = new Map()));
  const keys = sets.map((s) => JSON.stringify([s.patternFile, s.policy, s.rules]));
  const missing = [...new Set(keys.filter((k) => !cache.has(k)))];
  if (missing.length > 0) {
    // One job for every set not known yet.
    const job = offThread.run(
      'warnings',
      missing.map((k) => sets[keys.indexOf(k)] as WarnedSet),
    );
    missing.forEach((key, i) => {
      const answer = job.then((all) => all[i] ?? []);
      cache.set(key, answer);
      // A check that failed (busy, worker restarted) is asked again by the next read.
      answer.catch(() => cache.delete(key));
    });
    while (cache.size > KEPT) cache.delete(cache.keys().next().value ?? '');
  }
  return Promise.all(keys.map((k) => cache.get(k) ?? Promise.resolve([])));
}
