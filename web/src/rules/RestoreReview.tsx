// What restoring a revision changes, before it is done: the profile's rules against the live ones, and which other
// profiles and sockets go back too (a restore brings back the whole configuration).
import type { HistoryItem } from '../../../shared/protocol/history.ts';
import { diffRules } from '../../../shared/diff/rule-diff.ts';
import { DiffView } from '../transfer/DiffView.tsx';
import { rulesAt } from './rules-at.ts';

interface Props {
  readonly wanted: HistoryItem;
  /** The live revision's entry. */
  readonly live: HistoryItem | undefined;
  readonly profile: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Profiles whose rules differ between two entries (added or removed ones included). */
function otherChanges(a: HistoryItem | undefined, b: HistoryItem, profile: string): string[] {
  const names = new Set([...(a?.profiles ?? []), ...(b.profiles ?? [])].map((p) => p.name));
  names.delete(profile);
  return [...names].filter((n) => JSON.stringify(a && rulesAt(a, n)) !== JSON.stringify(rulesAt(b, n)));
}

export function RestoreReview({ wanted, live, profile, onConfirm, onCancel }: Props) {
  const now = live ? rulesAt(live, profile) : null;
  const then = rulesAt(wanted, profile);
  const others = otherChanges(live, wanted, profile);
  const sockets = JSON.stringify(live?.sockets ?? null) !== JSON.stringify(wanted.sockets ?? null);
  return (
    <div className="bar confirm-loss" role="alertdialog" aria-label="Review the restore">
      <p>
        <strong>Restore revision {wanted.revision}?</strong> It is saved as a new revision, with every profile and
        socket as they were then. What it changes in profile {profile}, against the live rules:
      </p>
      {then === null ? (
        <p>Profile {profile} did not exist then: the restore deletes it.</p>
      ) : (
        <DiffView
          diff={diffRules(now ?? [], then)}
          label="Restore changes"
          same={`No change to profile ${profile}'s rules.`}
        />
      )}
      {others.length > 0 && <p>The rules of {others.map((n) => `profile ${n}`).join(', ')} change too.</p>}
      {sockets && <p>The sockets change too.</p>}
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm}>
          Restore revision {wanted.revision}
        </button>
        <button type="button" className="primary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
