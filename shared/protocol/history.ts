// GET /api/history and its restore: every saved revision of the configuration.
import type { Profile, SocketSpec } from '../profiles/types.ts';
import type { Rule } from '../rules/types.ts';

export interface HistoryItem {
  readonly revision: number;
  readonly savedAt: string;
  readonly reason: string;
  /** Profile 'default''s rules at that revision. */
  readonly rules: readonly Rule[];
  /** The whole configuration at that revision (a restore puts all of it back). */
  readonly profiles?: readonly Profile[];
  readonly sockets?: readonly SocketSpec[];
}

/** GET /api/history: newest first. */
export interface HistoryResponse {
  readonly revision: number;
  readonly entries: readonly HistoryItem[];
}

/** POST /api/history/:revision/restore. */
export interface RestoreBody {
  readonly basedOn: number;
}
