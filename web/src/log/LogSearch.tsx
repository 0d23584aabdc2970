// Search the request log on disk (it survives restarts): socket, profile, time range, decision, method, path text; export as JSON or CSV.
import { useEffect, useState } from 'react';
import type { LogEntry, LogSearchResponse } from '../../../shared/protocol/log.ts';
import { api, ApiFailure } from '../api/client.ts';
import {
  AllowCell,
  ChoiceFilter,
  LogHead,
  MethodSelect,
  RequestCells,
  SocketCells,
  VerdictSelect,
} from './log-columns.tsx';
import { EMPTY_SEARCH, exportUrl, searchLog, type SearchForm } from './search-api.ts';
import './log-search.css';

export function LogSearch({ profiles, onAllow }: { profiles: readonly string[]; onAllow(entry: LogEntry): void }) {
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [sockets, setSockets] = useState<readonly string[]>([]);
  useEffect(() => {
    api.sockets().then(
      (s) => setSockets(s.sockets.map((x) => x.path)),
      () => setSockets([]),
    );
  }, []);
  const [result, setResult] = useState<LogSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<SearchForm>): void => setForm((f) => ({ ...f, ...patch }));
  const search = async (): Promise<void> => {
    try {
      setResult(await searchLog(form));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  };

  return (
    <section aria-label="Log search">
      <div className="section-head">
        <h2>Log search</h2>
      </div>
      <p className="hint">
        The request log kept on disk next to the store, across restarts (rotated by size). Newest first.
      </p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <ChoiceFilter label="socket" value={form.socket} choices={sockets} set={(socket) => set({ socket })} />
        <ChoiceFilter label="profile" value={form.profile} choices={profiles} set={(profile) => set({ profile })} />
        <label>
          From{' '}
          <input
            type="datetime-local"
            aria-label="from"
            value={form.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label>
          To{' '}
          <input type="datetime-local" aria-label="to" value={form.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <VerdictSelect label="Decision" name="decision" value={form.verdict} set={(verdict) => set({ verdict })} />
        <MethodSelect name="method" value={form.method} set={(method) => set({ method })} />
        <label>
          Path{' '}
          <input
            type="search"
            aria-label="path contains"
            placeholder="contains…"
            value={form.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          At most{' '}
          <input
            type="number"
            aria-label="limit"
            min={1}
            max={10000}
            size={6}
            value={form.limit}
            onChange={(e) => set({ limit: Math.min(10000, Math.max(1, Number(e.target.value) || 1)) })}
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
        <a className="button" href={exportUrl(form, 'json')} download>
          Export JSON
        </a>
        <a className="button" href={exportUrl(form, 'csv')} download>
          Export CSV
        </a>
      </form>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="hint" role="status">
          {result.entries.length} entries{result.limited ? ' (the limit: there may be more)' : ''}.
        </p>
      )}
      {result && (
        <table className="log search" aria-label="Search results">
          <LogHead />
          <tbody>
            {result.entries.map((e) => (
              <tr key={`${e.id}-${e.time}`} className={`verdict-${e.verdict}`}>
                <td className="mono" title={e.time}>
                  {new Date(e.time).toLocaleString([], {
                    month: '2-digit',
                    day: '2-digit',
                    hour: '2-digit',
                    minute: '2-digit',
                    second: '2-digit',
                    hour12: false,
                  })}
                </td>
                <SocketCells entry={e} />
                <RequestCells entry={e} />
                <AllowCell entry={e} onAllow={onAllow} />
              </tr>
            ))}
            {result.entries.length === 0 && (
              <tr>
                <td colSpan={11} className="empty">
                  No entry matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
