// The live log's filters: socket, profile, verdict, method and path text, applied from the newest entry back until the table is full.
import type { LogEntry, Verdict } from '../../../shared/protocol/log.ts';

export interface LogFilters {
  /** A socket path, or 'all'. */
  readonly socket: string;
  readonly profile: string;
  readonly verdict: Verdict | 'all';
  readonly method: string;
  readonly text: string;
}

export const NO_FILTERS: LogFilters = { socket: 'all', profile: 'all', verdict: 'all', method: 'all', text: '' };

/** The newest `max` entries that pass, newest first. */
export function visibleRows(entries: readonly LogEntry[], f: LogFilters, max: number): LogEntry[] {
  const text = f.text.trim().toLowerCase();
  const rows: LogEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && rows.length < max; i--) {
    const e = entries[i];
    if (!e) continue;
    if (f.socket !== 'all' && e.socket !== f.socket) continue;
    if (f.profile !== 'all' && e.profile !== f.profile) continue;
    if (f.verdict !== 'all' && e.verdict !== f.verdict) continue;
    if (f.method !== 'all' && e.method !== f.method) continue;
    if (text !== '' && !e.path.toLowerCase().includes(text)) continue;
    rows.push(e);
  }
  return rows;
}

/** The distinct values of a field among the entries, sorted, for a filter's choices. */
export function seen(entries: readonly LogEntry[], field: 'socket' | 'profile'): string[] {
  const values = new Set<string>();
  for (const e of entries) {
    const v = e[field];
    if (v !== undefined) values.add(v);
  }
  return [...values].sort();
}
