// The request log: a bounded in-memory history plus subscribers (the admin app, the debug printer).
import { CLIENT_GONE_STATUS, type LogEntry } from '../../shared/protocol/log.ts';

/**
 * An entry as the proxy fills it in (proxy/exchange.ts builds every one, with every field, so that all have one shape):
 * its id is 0, first, as it is written and sent, until record() numbers it. Numbered in place, not copied: a copy of
 * twenty fields per request showed in profiles.
 */
export type NewLogEntry = Omit<LogEntry, 'id'> & { id: number };

export interface RequestLog {
  /** Numbers the entry (its id is set here), keeps it and hands it to every listener. */
  record(entry: NewLogEntry): void;
  /** The last `n` entries, oldest first. */
  recent(n: number): LogEntry[];
  /** Listeners run synchronously and must not block: queue and batch on your side. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
}

/** `firstId`: where ids start, so that they go on from the durable log's last one across restarts. */
export function createRequestLog(capacity = 1000, firstId = 1): RequestLog {
  const ring: LogEntry[] = [];
  let next = firstId;
  let start = 0;
  const listeners = new Set<(entry: LogEntry) => void>();
  return {
    record(entry) {
      entry.id = next++;
      if (ring.length < capacity) ring.push(entry);
      else {
        ring[start] = entry;
        start = (start + 1) % capacity;
      }
      for (const l of listeners) l(entry);
    },
    recent(n) {
      const ordered = ring.length < capacity ? ring : [...ring.slice(start), ...ring.slice(0, start)];
      return ordered.slice(-n);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * doxy's --debug line: time, status, duration, method, path, decision, the rule that made it, the socket it came
 * through, and `client-gone` when its client went away before it was answered.
 */
export function formatDebugLine(e: LogEntry): string {
  const rule = e.ruleId === null ? (e.verdict === 'refuse' ? 'refused' : 'default') : `rule=${e.ruleId}`;
  const tail = [
    // A body policy refusal names the field that decided (the rule named is the one that allowed the request).
    ...(e.policyField === undefined ? [] : [`policy=${e.policyField === '' ? 'body' : e.policyField}`]),
    ...(e.kind === 'upgrade' ? ['upgrade'] : []),
    ...(e.socket === undefined ? [] : [`socket=${e.socket}`]),
    ...(e.client ? [`client=${e.client}`] : []),
    ...(e.clientCn ? [`cn=${JSON.stringify(e.clientCn)} profile=${e.profile ?? ''}`] : []),
    ...(e.status === CLIENT_GONE_STATUS ? ['client-gone'] : []),
  ];
  return [e.time, e.status, `${e.durationMs.toFixed(2)}ms`, e.method, e.path, e.verdict, rule, ...tail].join(' ');
}
