// The request log: a bounded in-memory history plus subscribers (the admin app, the debug printer).
import { CLIENT_GONE_STATUS, type LogEntry } from '../../shared/protocol/log.ts';

export type NewLogEntry = Omit<LogEntry, 'id'>;

export interface RequestLog {
  record(entry: NewLogEntry): void;
  /** The last `n` entries, oldest first. */
  recent(n: number): LogEntry[];
  /** Listeners run synchronously and must not block: queue and batch on your side. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
}

/** The entry with its id first, as it is written and sent; one object with every field, so every entry has one shape. */
function withId(id: number, f: NewLogEntry): LogEntry {
  return {
    id,
    time: f.time,
    method: f.method,
    path: f.path,
    verdict: f.verdict,
    ruleId: f.ruleId,
    reason: f.reason,
    kind: f.kind,
    socket: f.socket,
    profile: f.profile,
    client: f.client,
    clientCn: f.clientCn,
    decideMs: f.decideMs,
    status: f.status,
    bytes: f.bytes,
    durationMs: f.durationMs,
    wouldDeny: f.wouldDeny,
    upstreamMs: f.upstreamMs,
    policyField: f.policyField,
  };
}

/** `firstId`: where ids start, so that they go on from the durable log's last one across restarts. */
export function createRequestLog(capacity = 1000, firstId = 1): RequestLog {
  const ring: LogEntry[] = [];
  let next = firstId;
  let start = 0;
  const listeners = new Set<(entry: LogEntry) => void>();
  return {
    record(fields) {
      const entry: LogEntry = withId(next++, fields);
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
