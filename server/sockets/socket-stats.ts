// Per-minute stats of each socket, fed by the one request log: an entry counts for the socket it came through.
import type { LogEntry } from '../../shared/protocol/log.ts';
import type { StatsResponse } from '../../shared/protocol/stats.ts';
import type { RequestLog } from '../log/request-log.ts';
import { createRequestStats, type RequestStats } from '../metrics/request-stats.ts';

/** Sockets counted at most; an entry of a socket past this is not counted (sockets are bounded by the store anyway). */
const MAX_SOCKETS = 300;

/** The socket to report; ALL_SOCKETS for every socket together. */
export type SocketStats = (socket: string) => StatsResponse;

export const ALL_SOCKETS = '*';

export function createSocketStats(log: RequestLog): SocketStats {
  const bySocket = new Map<string, { stats: RequestStats; feed: (e: LogEntry) => void }>();
  const make = (socket: string): { stats: RequestStats; feed: (e: LogEntry) => void } => {
    let feed: (e: LogEntry) => void = () => undefined;
    const stats = createRequestStats(
      {
        subscribe: (l) => {
          feed = l;
        },
      },
      socket,
    );
    return { stats, feed: (e) => feed(e) };
  };
  const all = make(ALL_SOCKETS);
  log.subscribe((e) => {
    all.feed(e);
    const socket = e.socket ?? '';
    let s = bySocket.get(socket);
    if (!s) {
      if (bySocket.size >= MAX_SOCKETS) return;
      s = make(socket);
      bySocket.set(socket, s);
    }
    s.feed(e);
  });
  return (socket) => (socket === ALL_SOCKETS ? all : (bySocket.get(socket) ?? make(socket))).stats.snapshot();
}
