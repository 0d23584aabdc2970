// Per-minute request counts for the last hour, and the most denied endpoints in it, fed by the request log (GET /api/stats).
import type { LogEntry } from '../../shared/protocol/log.ts';
import type { StatsMinute, StatsResponse } from '../../shared/protocol/stats.ts';

export const MINUTES = 60;
/** Distinct denied endpoints counted per minute; a scanning client cannot grow memory past this. */
export const MAX_DENIED_KEYS = 500;
export const TOP_DENIED = 10;

interface Bucket {
  readonly minute: number;
  allow: number;
  deny: number;
  refuse: number;
  readonly denied: Map<string, number>;
}

export interface RequestStats {
  snapshot(): StatsResponse;
}

export function createRequestStats(
  sources: { subscribe(l: (e: LogEntry) => void): unknown },
  socket = 'default',
  now: () => number = Date.now,
): RequestStats {
  const buckets = new Map<number, Bucket>();
  const minuteOf = (ms: number): number => Math.floor(ms / 60_000);
  const prune = (current: number): void => {
    for (const m of buckets.keys()) if (m <= current - MINUTES) buckets.delete(m);
  };
  // Entries come in time order: one whose ISO time shares the last one's minute ("2026-11-28T14:00") is not parsed again.
  let lastPrefix = '';
  let lastMinute = 0;
  const minuteOfEntry = (time: string): number => {
    if (lastPrefix !== '' && time.length === 24 && time.startsWith(lastPrefix)) return lastMinute;
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return minuteOf(now());
    // Only doxy's own form (toISOString, UTC) names its minute by its first 16 characters.
    lastPrefix = time.length === 24 && time.endsWith('Z') ? time.slice(0, 16) : '';
    lastMinute = minuteOf(ms);
    return lastMinute;
  };
  sources.subscribe((e) => {
    const minute = minuteOfEntry(e.time);
    let b = buckets.get(minute);
    if (!b) {
      prune(minuteOf(now()));
      b = { minute, allow: 0, deny: 0, refuse: 0, denied: new Map() };
      buckets.set(minute, b);
    }
    b[e.verdict]++;
    if (e.verdict !== 'deny') return;
    const key = `${e.method} ${e.path}`;
    const seen = b.denied.get(key);
    if (seen !== undefined) b.denied.set(key, seen + 1);
    else if (b.denied.size < MAX_DENIED_KEYS) b.denied.set(key, 1);
  });
  return {
    snapshot() {
      const current = minuteOf(now());
      prune(current);
      const minutes: StatsMinute[] = [];
      const denied = new Map<string, number>();
      for (let m = current - MINUTES + 1; m <= current; m++) {
        const b = buckets.get(m);
        minutes.push({
          start: new Date(m * 60_000).toISOString(),
          allow: b?.allow ?? 0,
          deny: b?.deny ?? 0,
          refuse: b?.refuse ?? 0,
        });
        for (const [k, n] of b?.denied ?? []) denied.set(k, (denied.get(k) ?? 0) + n);
      }
      const topDenied = [...denied]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP_DENIED)
        .map(([k, count]) => {
          const space = k.indexOf(' ');
          return { method: k.slice(0, space), path: k.slice(space + 1), count };
        });
      return { socket, minutes, topDenied };
    },
  };
}
