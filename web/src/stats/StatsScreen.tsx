// The Stats screen: request rate over the last hour (allowed, denied, forwarded in learn mode), and the operations denied
// most, each with "Allow this"; one socket or all of them.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { StatsResponse } from '../../../shared/protocol/stats.ts';
import { ApiFailure } from '../api/client.ts';
import { RateChart } from './RateChart.tsx';
import { ALL_SOCKETS, fetchStats } from './stats-api.ts';
import './stats.css';

const REFRESH_MS = 10_000;

interface Props {
  readonly picker: ReactNode;
  readonly socket: string;
  /** `profile`: the profile whose rules denied it, where the rule goes. */
  onAllow(method: string, path: string, profile: string | null): void;
}

export function StatsScreen({ picker, socket: picked, onAllow }: Props) {
  const [everySocket, setEverySocket] = useState(false);
  const socket = everySocket ? ALL_SOCKETS : picked;
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setStats(await fetchStats(socket));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  }, [socket]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const total = (k: 'allow' | 'deny' | 'learn' | 'refuse'): number => stats?.minutes.reduce((n, m) => n + m[k], 0) ?? 0;
  return (
    <section aria-label="Stats">
      <div className="section-head">
        <h2>Stats</h2>
        {!everySocket && picker}
        <label>
          <input type="checkbox" checked={everySocket} onChange={(e) => setEverySocket(e.target.checked)} /> all sockets
        </label>
        <span className="hint">last hour · refreshed every {REFRESH_MS / 1000} s</span>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="card">
        <h3>Requests per minute</h3>
        <p className="legend">
          <span className="key allow" /> allowed {total('allow')} <span className="key deny" /> denied {total('deny')}{' '}
          <span className="key learn" /> forwarded in learn mode {total('learn')} · refused {total('refuse')}
        </p>
        {stats && <RateChart minutes={stats.minutes} />}
      </div>
      <h3>Top denied endpoints</h3>
      <p className="hint">Grouped by Engine API operation: one row stands for every container or image name.</p>
      <table aria-label="Top denied endpoints" className="top-denied">
        <thead>
          <tr>
            <th>Method</th>
            <th>Operation</th>
            <th>Seen as</th>
            <th className="num">Denied</th>
            <th className="num">Learn mode</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {stats?.topDenied.map((d) => (
            <tr key={`${d.profile ?? ''} ${d.method} ${d.pattern}`}>
              <td className="mono">{d.method}</td>
              <td>
                {d.operation ?? <span className="hint">not in the catalog</span>}
                <div className="mono pattern">{d.pattern}</div>
                {everySocket && d.profile !== null && <div className="hint">denied by profile {d.profile}</div>}
              </td>
              <td className="mono path">
                {d.path}
                {d.paths > 1 && <div className="hint">and {d.paths - 1} more</div>}
              </td>
              <td className="num">{d.count}</td>
              <td className="num" title="denied by the rules, forwarded in learn mode">
                {d.learn}
              </td>
              <td>
                <button type="button" className="small" onClick={() => onAllow(d.method, d.path, d.profile)}>
                  Allow this
                </button>
              </td>
            </tr>
          ))}
          {stats?.topDenied.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                Nothing was denied in the last hour.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
