// Keeps the newest log entries outside React; the page draws an entry at once when idle, at most four times a second under
// load.
import type { LogEntry } from '../../../shared/protocol/log.ts';
import { throttle } from '../../../shared/timing/throttle.ts';
import type { LiveSocket } from '../api/live-socket.ts';

/** Entries kept for filtering; the table shows at most MAX_ROWS of them. */
export const KEEP = 2000;
export const MAX_ROWS = 500;

export interface LogSnapshot {
  readonly entries: readonly LogEntry[];
  /** Entries the server left out of batches because they came faster than one batch holds. */
  readonly dropped: number;
  /** Entries received in all, backlog included. */
  readonly received: number;
}

export interface LogStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LogSnapshot;
}

/** Under load the table re-renders at most this often, however fast batches come. */
export const RENDER_EVERY_MS = 250;

export function createLogStore(live: LiveSocket): LogStore {
  let snapshot: LogSnapshot = { entries: [], dropped: 0, received: 0 };
  const listeners = new Set<() => void>();
  const notify = throttle(
    () => {
      for (const l of listeners) l();
    },
    RENDER_EVERY_MS,
    { now: () => performance.now(), after: (ms, run) => setTimeout(run, ms) },
  );
  live.onBatch((batch, backlog) => {
    const last = snapshot.entries.at(-1)?.id ?? 0;
    // A backlog is the server's whole recent view (after a reconnect or a restart of doxy): it replaces ours.
    const fresh = backlog ? batch.entries : batch.entries.filter((e) => e.id > last);
    const merged = backlog ? fresh : snapshot.entries.concat(fresh);
    snapshot = {
      entries: merged.length > KEEP ? merged.slice(-KEEP) : merged,
      dropped: snapshot.dropped + batch.dropped,
      received: snapshot.received + fresh.length,
    };
    notify();
  });
  return {
    subscribe: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    getSnapshot: () => snapshot,
  };
}
