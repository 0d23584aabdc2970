// Per-minute request counts for the last hour, and the most denied endpoints in it grouped by operation, fed by the
// request log (GET /api/stats).
import { generalise } from '../../shared/learn/propose.ts';
import type { LogEntry } from '../../shared/protocol/log.ts';
import type { DeniedEndpoint, StatsMinute, StatsResponse } from '../../shared/protocol/stats.ts';

export const MINUTES = 60;
/** Distinct denied endpoints counted per minute; a scanning client cannot grow memory past this. */
export const MAX_DENIED_KEYS = 500;
export const TOP_DENIED = 10;

interface Bucket {
  readonly minute: number;
  allow: number;
  deny: number;
  learn: number;
  refuse: number;
  /** `PROFILE METHOD path` to how often it was denied, and forwarded in learn mode (no profile has a space). */
  readonly denied: Map<string, { deny: number; learn: number }>;
}

/** Grouping by operation matches the catalog's patterns: done when a snapshot is asked for, once per distinct key. */
const GROUP_CACHE = 5000;

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
      b = { minute, allow: 0, deny: 0, learn: 0, refuse: 0, denied: new Map() };
      buckets.set(minute, b);
    }
    const learnt = e.verdict === 'deny' && e.wouldDeny === true;
    if (learnt) b.learn++;
    else b[e.verdict]++;
    if (e.verdict !== 'deny') return;
    const key = `${e.profile ?? ''} ${e.method} ${e.path}`;
    let seen = b.denied.get(key);
    if (seen === undefined && b.denied.size < MAX_DENIED_KEYS) b.denied.set(key, (seen = { deny: 0, learn: 0 }));
    if (seen !== undefined) seen[learnt ? 'learn' : 'deny']++;
  });
  const groups = new Map<string, ReturnType<typeof generalise>>();
  const groupOf = (method: string, path: string): ReturnType<typeof generalise> => {
    const key = `${method} ${path}`;
    let g = groups.get(key);
    if (g === undefined) {
      if (groups.size >= GROUP_CACHE) groups.clear();
      g = generalise(method, path);
      groups.set(key, g);
    }
    return g;
  };
  return {
    snapshot() {
      const current = minuteOf(now());
      prune(current);
      const minutes: StatsMinute[] = [];
      const denied = new Map<string, { deny: number; learn: number }>();
      for (let m = current - MINUTES + 1; m <= current; m++) {
        const b = buckets.get(m);
        minutes.push({
          start: new Date(m * 60_000).toISOString(),
          allow: b?.allow ?? 0,
          deny: b?.deny ?? 0,
          learn: b?.learn ?? 0,
          refuse: b?.refuse ?? 0,
        });
        for (const [k, n] of b?.denied ?? []) {
          const sum = denied.get(k) ?? { deny: 0, learn: 0 };
          denied.set(k, { deny: sum.deny + n.deny, learn: sum.learn + n.learn });
        }
      }
      const byOperation = new Map<string, DeniedEndpoint & { top: number }>();
      for (const [k, n] of denied) {
        const [profile = '', method = '', ...rest] = k.split(' ');
        const path = rest.join(' ');
        const { pattern, operation } = groupOf(method, path);
        // Apart per profile: each profile's rules denied it, and a rule that grants it goes into one of them.
        const key = `${profile} ${method} ${pattern}`;
        const g = byOperation.get(key);
        const total = n.deny + n.learn;
        if (g === undefined) {
          const summary = operation?.summary ?? null;
          byOperation.set(key, {
            profile: profile === '' ? null : profile,
            method,
            pattern,
            operation: summary,
            path,
            paths: 1,
            count: n.deny,
            learn: n.learn,
            top: total,
          });
        } else {
          byOperation.set(key, {
            ...g,
            paths: g.paths + 1,
            count: g.count + n.deny,
            learn: g.learn + n.learn,
            ...(total > g.top || (total === g.top && path < g.path) ? { path, top: total } : {}),
          });
        }
      }
      const topDenied = [...byOperation.values()]
        .sort(
          (a, b) =>
            b.count + b.learn - (a.count + a.learn) ||
            a.pattern.localeCompare(b.pattern) ||
            a.method.localeCompare(b.method) ||
            (a.profile ?? '').localeCompare(b.profile ?? ''),
        )
        .slice(0, TOP_DENIED)
        .map(({ top: _top, ...d }) => d);
      return { socket, minutes, topDenied };
    },
  };
}
