// GET /api/stats: a socket's traffic over the last hour.

/** One minute of traffic on a socket. */
export interface StatsMinute {
  /** ISO time the minute starts. */
  readonly start: string;
  readonly allow: number;
  /** Denied and not forwarded. */
  readonly deny: number;
  /** Denied by the rules but forwarded in learn mode (would deny). */
  readonly learn: number;
  readonly refuse: number;
}

/** One endpoint denied in the hour: its catalog operation (or the path made generic) with the pattern that grants it. */
export interface DeniedEndpoint {
  /** The profile whose rules denied it (one row per profile: an allow rule goes into that profile), null if unknown. */
  readonly profile: string | null;
  readonly method: string;
  /** The pattern an allow rule for it would have: the operation's, as Learn proposes it. */
  readonly pattern: string;
  /** The operation's summary, or null when the endpoint is not in the catalog. */
  readonly operation: string | null;
  /** A path seen, the most denied one. */
  readonly path: string;
  /** Distinct paths seen (container names and ids). */
  readonly paths: number;
  /** Denied and not forwarded. */
  readonly count: number;
  /** Forwarded in learn mode although the rules deny it. */
  readonly learn: number;
}

/** GET /api/stats: the last hour, a bucket per minute (oldest first), and the most denied endpoints in it. */
export interface StatsResponse {
  /** The socket's path; '*' for all sockets together. */
  readonly socket: string;
  readonly minutes: readonly StatsMinute[];
  readonly topDenied: readonly DeniedEndpoint[];
}
