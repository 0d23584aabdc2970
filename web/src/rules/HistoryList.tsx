// Every saved revision, newest first; restoring one saves it again as a new revision, so nothing is lost either way.
import { useCallback, useEffect, useState } from 'react';
import type { HistoryResponse } from '../../../shared/protocol.ts';
import { api, ApiFailure } from '../api/client.ts';
import { methodsText } from './rule-check.ts';
import type { RulesModel } from './use-rules.ts';

export function HistoryList({ model }: { model: RulesModel }) {
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revision = model.saved?.revision;

  const load = useCallback(async () => {
    try { setHistory(await api.history()); setError(null); } catch (e) { setError(e instanceof ApiFailure ? e.message : String(e)); }
  }, []);
  useEffect(() => { void load(); }, [load, revision]);

  const restore = async (wanted: number): Promise<void> => {
    if (!history) return;
    try {
      const state = await api.restore(wanted, history.revision);
      model.revisionSaved(state.revision);
      await load();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
      await load();
    }
  };

  return (
    <section aria-label="History">
      <h2>History</h2>
      <p className="hint">Every saved rule set is kept (the last 200). Restoring one saves it as a new revision.</p>
      {error && <p className="error-box" role="alert">{error}</p>}
      <table className="history">
        <thead><tr><th>Revision</th><th>Saved</th><th>What</th><th>Rules</th><th aria-label="Actions" /></tr></thead>
        <tbody>
          {history?.entries.map((e) => (
            <tr key={e.revision} data-revision={e.revision}>
              <td className="num">{e.revision}{e.revision === history.revision && <span className="tag">current</span>}</td>
              <td>{new Date(e.savedAt).toLocaleString()}</td>
              <td>{e.reason}</td>
              <td>
                <details>
                  <summary>{e.rules.length} rules</summary>
                  <ol className="mini-rules">
                    {e.rules.map((r) => <li key={r.id} className={r.enabled ? '' : 'disabled'}><span className={`badge ${r.action}`}>{r.action}</span> {methodsText(r.methods)} <code>{r.pattern}</code></li>)}
                  </ol>
                </details>
              </td>
              <td>{e.revision !== history.revision && <button type="button" onClick={() => void restore(e.revision)}>Restore</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
