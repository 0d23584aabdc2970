// The live log's filters: verdict, method and path text, applied from the newest entry back until the table is full.
import type { LogEntry, Verdict } from '../../../shared/protocol.ts';

export interface LogFilters {
  readonly verdict: Verdict | 'all';
  readonly method: string;
  readonly text: string;
}

export const NO_FILTERS: LogFilters = { verdict: 'all', method: 'all', text: '' };

/** The newest `max` entries that pass, newest first. */
export function visibleRows(entries: readonly LogEntry[], f: LogFilters, max: number): LogEntry[] {
  const text = f.text.trim().toLowerCase();
  const rows: LogEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && rows.length < max; i--) {
    const e = entries[i];
    if (!e) continue;
    if (f.verdict !== 'all' && e.verdict !== f.verdict) continue;
    if (f.method !== 'all' && e.method !== f.method) continue;
    if (text !== '' && !e.path.toLowerCase().includes(text)) continue;
    rows.push(e);
  }
  return rows;
}
