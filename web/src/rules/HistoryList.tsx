// Every saved revision, newest first, with the chosen profile's rules at each; restoring one saves it again as a new
// revision (every profile and socket as they were), so nothing is lost either way. Each restore shows what it changes
// and asks first; one that would take most of a profile away, or the ping, asks again, as an import does.
import { useCallback, useEffect, useState } from 'react';
import type { HistoryItem, HistoryResponse } from '../../../shared/protocol/history.ts';
import { api, ApiFailure } from '../api/client.ts';
import { ConfirmLoss } from './ConfirmLoss.tsx';
import { RestoreReview } from './RestoreReview.tsx';
import { methodsText } from './rule-check.ts';
import { rulesAt } from './rules-at.ts';
import type { RulesModel } from './use-rules.ts';

interface RowProps {
  readonly entry: HistoryItem;
  /** The revision before it, to tell whether this one changed the profile. */
  readonly older: HistoryItem | undefined;
  readonly profile: string;
  readonly current: boolean;
  onRestore(): void;
}

function HistoryRow({ entry, older, profile, current, onRestore }: RowProps) {
  const rules = rulesAt(entry, profile);
  const changed = older !== undefined && JSON.stringify(rules) !== JSON.stringify(rulesAt(older, profile));
  return (
    <tr data-revision={entry.revision}>
      <td className="num">
        {entry.revision}
        {current && <span className="tag">current</span>}
      </td>
      <td>{new Date(entry.savedAt).toLocaleString()}</td>
      <td>{entry.reason}</td>
      <td>
        {rules === null ? (
          <span className="hint">no profile {profile} then</span>
        ) : (
          <details>
            <summary>
              {rules.length} rules{changed && <span className="tag">changed</span>}
            </summary>
            <ol className="mini-rules">
              {rules.map((r) => (
                <li key={r.id} className={r.enabled ? '' : 'disabled'}>
                  <span className={`badge ${r.action}`}>{r.action}</span> {methodsText(r.methods)}{' '}
                  <code>{r.pattern}</code>
                </li>
              ))}
            </ol>
          </details>
        )}
      </td>
      <td>
        {!current && (
          <button type="button" onClick={onRestore}>
            Restore
          </button>
        )}
      </td>
    </tr>
  );
}

export function HistoryList({ model }: { model: RulesModel }) {
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revision = model.saved?.revision;
  const { profile } = model;

  const load = useCallback(async () => {
    try {
      setHistory(await api.history(profile));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  }, [profile]);
  useEffect(() => {
    void load();
  }, [load, revision]);

  /** The revision whose restore is being reviewed: nothing is restored at one click. */
  const [reviewing, setReviewing] = useState<HistoryItem | null>(null);
  /** A restore that would take most of a profile away, or the ping, while the user is asked to confirm it. */
  const [asking, setAsking] = useState<{ wanted: number; basedOn: number; failure: ApiFailure } | null>(null);

  const restore = async (wanted: number, confirm = false): Promise<void> => {
    if (!history) return;
    const basedOn = confirm && asking ? asking.basedOn : history.revision;
    setAsking(null);
    setReviewing(null);
    try {
      const state = await api.restore(profile, wanted, basedOn, confirm);
      model.revisionSaved(state.revision);
      await load();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'CONFIRM_NEEDED') {
        setAsking({ wanted, basedOn, failure: e });
        return;
      }
      setError(e instanceof ApiFailure ? e.message : String(e));
      await load();
    }
  };

  return (
    <section aria-label="History">
      <h2>History</h2>
      <p className="hint">
        Every saved configuration is kept (the last 200 revisions); the rules shown are profile {profile}'s. Restoring a
        revision saves it as a new one, with every profile and socket as they were then.
      </p>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {reviewing && (
        <RestoreReview
          wanted={reviewing}
          live={history?.entries.find((e) => e.revision === history.revision)}
          profile={profile}
          onConfirm={() => void restore(reviewing.revision)}
          onCancel={() => setReviewing(null)}
        />
      )}
      {asking && (
        <ConfirmLoss
          label="Confirm the restore"
          message={asking.failure.message}
          lost={asking.failure.problems.map((p) => p.where)}
          confirmLabel={`Restore revision ${asking.wanted} anyway`}
          cancelLabel="Keep the current configuration"
          onConfirm={() => void restore(asking.wanted, true)}
          onCancel={() => setAsking(null)}
        />
      )}
      <table className="history">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Saved</th>
            <th>What</th>
            <th>Rules</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {history?.entries.map((e, i) => (
            <HistoryRow
              key={e.revision}
              entry={e}
              older={history.entries[i + 1]}
              profile={profile}
              current={e.revision === history.revision}
              onRestore={() => {
                setAsking(null);
                setReviewing(e);
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
