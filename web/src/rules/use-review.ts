// A rule set's warnings and risky grants before it is saved, asked of the server (POST /api/rules/review, run off its
// main thread with the same lints as a save), a moment after the last edit.
import { useEffect, useState } from 'react';
import type { RulesReview } from '../../../shared/protocol/rules.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api } from '../api/client.ts';

/** Edits come in bursts (typing, moving a rule twice): ask once they pause. */
const PAUSE_MS = 250;

/** The review of `rules` for `profile`; null while asked, or when `rules` is null (nothing to review). */
export function useReview(profile: string, rules: readonly Rule[] | null): RulesReview | null {
  const [review, setReview] = useState<{ key: string; review: RulesReview } | null>(null);
  const key = rules === null ? null : JSON.stringify([profile, rules]);
  useEffect(() => {
    if (rules === null || key === null) return undefined;
    let stale = false;
    const timer = setTimeout(() => {
      api.reviewRules(profile, rules).then(
        (answer) => {
          if (!stale) setReview({ key, review: answer });
        },
        () => undefined, // the save still checks; a failed review shows no warnings rather than wrong ones
      );
    }, PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `key` stands for `profile` and `rules` by content: a new array with the same rules asks nothing.
  }, [key]);
  return review !== null && review.key === key ? review.review : null;
}

/** What `after` grants that is root-equivalent or reads secrets and `before` did not. */
export function addedRisks(before: RulesReview, after: RulesReview): string[] {
  const had = new Set(before.risky);
  return after.risky.filter((op) => !had.has(op));
}
