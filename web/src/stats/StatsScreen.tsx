// The Stats screen: request rate over the last hour, allowed against denied, and the endpoints denied most.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { StatsResponse } from '../../../shared/protocol/stats.ts';
import { ApiFailure } from '../api/client.ts';
import { RateChart } from './RateChart.tsx';
import { fetchStats } from './stats-api.ts';
import './stats.css';

const REFRESH_MS = 10_000;

export function StatsScreen({ picker, socket }: { picker: ReactNode; socket: string }) {
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

  const total = (k: 'allow' | 'deny' | 'refuse'): number => stats?.minutes.reduce((n, m) => n + m[k], 0) ?? 0;
  return (
    <section aria-label="Stats">
      <div className="section-head">
        <h2>Stats</h2>
        {picker}
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
          <span className="key allow" /> allowed {total('allow')} <span className="key deny" /> denied {total('deny')} ·
          refused {total('refuse')}
        </p>
        {stats && <RateChart minutes={stats.minutes} />}
      </div>
      <h3>Top denied endpoints</h3>
      <table aria-label="Top denied endpoints">
        <thead>
          <tr>
            <th>Method</th>
            <th>Path</th>
            <th className="num">Denied</th>
          </tr>
        </thead>
        <tbody>
          {stats?.topDenied.map((d) => (
            <tr key={`${d.method} ${d.path}`}>
              <td className="mono">{d.method}</td>
              <td className="mono">{d.path}</td>
              <td className="num">{d.count}</td>
            </tr>
          ))}
          {stats?.topDenied.length === 0 && (
            <tr>
              <td colSpan={3} className="empty">
                Nothing was denied in the last hour.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
