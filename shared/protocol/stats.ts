// GET /api/stats: a socket's traffic over the last hour.

/** One minute of traffic on a socket. */
export interface StatsMinute {
  /** ISO time the minute starts. */
  readonly start: string;
  readonly allow: number;
  /** Denied, would-deny in learn mode included. */
  readonly deny: number;
  readonly refuse: number;
}

/** GET /api/stats: the last hour, a bucket per minute (oldest first), and the most denied endpoints in it. */
export interface StatsResponse {
  readonly socket: string;
  readonly minutes: readonly StatsMinute[];
  readonly topDenied: readonly { readonly method: string; readonly path: string; readonly count: number }[];
}
