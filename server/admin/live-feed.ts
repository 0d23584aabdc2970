// Fans the request log out to watchers in batches: one send per tick, never waiting for a slow watcher but dropping it.
import type { LogBatch, LogEntry } from '../../shared/protocol/log.ts';
import type { RequestLog } from '../log/request-log.ts';

export interface FeedLimits {
  /** Entries sent to a new watcher first. */
  readonly backlog: number;
  /** Entries one batch holds; more in one tick are counted as dropped. */
  readonly maxBatch: number;
  /** Batches a watcher may leave unsent before it is dropped. */
  readonly maxUnsent: number;
}

export const FEED_LIMITS: FeedLimits = { backlog: 500, maxBatch: 1000, maxUnsent: 50 };

/** One watcher as the feed sees it; `send` queues and returns at once. */
export interface Watcher {
  send(event: 'backlog' | 'entries', batch: LogBatch): void;
  /** Batches queued for this watcher that the network has not taken yet. */
  unsent(): number;
  drop(): void;
}

export interface LiveFeed {
  add(watcher: Watcher): void;
  remove(watcher: Watcher): void;
  /** Sends what arrived since the last tick; the server calls it when `wake` says entries wait, at most once a gap. */
  tick(): void;
  stop(): void;
}

export function createLiveFeed(
  log: RequestLog,
  limits: FeedLimits = FEED_LIMITS,
  wake: () => void = () => {},
): LiveFeed {
  let queue: LogEntry[] = [];
  let dropped = 0;
  const watchers = new Set<Watcher>();
  // The proxy calls this for every request: it only appends, and trims in bulk so that a burst stays O(1) per entry.
  const unsubscribe = log.subscribe((entry) => {
    queue.push(entry);
    wake();
    if (queue.length >= limits.maxBatch * 2) {
      dropped += queue.length - limits.maxBatch;
      queue = queue.slice(-limits.maxBatch);
    }
  });
  return {
    add(watcher) {
      watchers.add(watcher);
      watcher.send('backlog', { entries: log.recent(limits.backlog), dropped: 0 });
    },
    remove(watcher) {
      watchers.delete(watcher);
    },
    tick() {
      if (queue.length === 0) return;
      const extra = Math.max(0, queue.length - limits.maxBatch);
      const batch: LogBatch = { entries: extra > 0 ? queue.slice(extra) : queue, dropped: dropped + extra };
      queue = [];
      dropped = 0;
      for (const w of watchers) {
        if (w.unsent() >= limits.maxUnsent) {
          watchers.delete(w);
          w.drop();
        } else {
          w.send('entries', batch);
        }
      }
    },
    stop() {
      unsubscribe();
      watchers.clear();
    },
  };
}
