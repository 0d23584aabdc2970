// The live request log: pushed over socket.io, filtered, pausable, at most MAX_ROWS rows so that a flood stays smooth.
import { memo, useMemo, useState, useSyncExternalStore } from 'react';
import type { LogEntry } from '../../../shared/protocol/log.ts';
import type { LinkState } from '../api/live-socket.ts';
import { NO_FILTERS, seen, visibleRows, type LogFilters } from './filters.ts';
import {
  AllowCell,
  ChoiceFilter,
  LogHead,
  MethodSelect,
  RequestCells,
  SocketCells,
  VerdictSelect,
} from './log-columns.tsx';
import { MAX_ROWS, type LogSnapshot, type LogStore } from './log-store.ts';

function clock(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const Row = memo(function Row({ entry, onAllow }: { entry: LogEntry; onAllow: (e: LogEntry) => void }) {
  return (
    <tr className={`verdict-${entry.verdict}`} data-entry-id={entry.id}>
      <td className="mono">{clock(entry.time)}</td>
      <SocketCells entry={entry} />
      <RequestCells entry={entry} />
      <AllowCell entry={entry} onAllow={onAllow} />
    </tr>
  );
});

interface Props {
  readonly store: LogStore;
  readonly link: LinkState;
  onReconnect(): void;
  onAllow(entry: LogEntry): void;
}

export function LiveLog({ store, link, onReconnect, onAllow }: Props) {
  const live = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [frozen, setFrozen] = useState<LogSnapshot | null>(null);
  const [filters, setFilters] = useState<LogFilters>(NO_FILTERS);
  const shown = frozen ?? live;
  const rows = useMemo(() => visibleRows(shown.entries, filters, MAX_ROWS), [shown, filters]);
  const set = (patch: Partial<LogFilters>): void => setFilters((f) => ({ ...f, ...patch }));
  const sockets = useMemo(() => seen(shown.entries, 'socket'), [shown]);
  const profiles = useMemo(() => seen(shown.entries, 'profile'), [shown]);

  return (
    <section aria-label="Live log">
      <div className="section-head">
        <h2>Live log</h2>
        <span className={`link ${link}`} role="status">
          {link === 'live' ? 'live' : link === 'dropped' ? 'dropped by doxy (too slow)' : link}
        </span>
        {(link === 'dropped' || link === 'offline') && (
          <button type="button" onClick={onReconnect}>
            Reconnect
          </button>
        )}
      </div>
      <div className="filters">
        <ChoiceFilter label="socket" value={filters.socket} choices={sockets} set={(socket) => set({ socket })} />
        <ChoiceFilter label="profile" value={filters.profile} choices={profiles} set={(profile) => set({ profile })} />
        <VerdictSelect
          label="Verdict"
          name="verdict filter"
          value={filters.verdict}
          set={(verdict) => set({ verdict })}
        />
        <MethodSelect name="method filter" value={filters.method} set={(method) => set({ method })} />
        <label>
          Path{' '}
          <input
            aria-label="path filter"
            type="search"
            placeholder="contains…"
            value={filters.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <button type="button" onClick={() => setFrozen(frozen ? null : live)}>
          {frozen ? 'Resume' : 'Pause'}
        </button>
        <span className="hint">
          {frozen ? `Paused: ${live.received - frozen.received} new entries wait. ` : ''}
          Showing {rows.length} of the last {shown.entries.length} entries (at most {MAX_ROWS} rows).
          {shown.dropped > 0 ? ` ${shown.dropped} entries were skipped in bursts.` : ''}
        </span>
      </div>
      <table className="log">
        <LogHead />
        <tbody>
          {rows.map((e) => (
            <Row key={e.id} entry={e} onAllow={onAllow} />
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={11} className="empty">
                No requests yet. Point a client at the proxy socket and they appear here.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
