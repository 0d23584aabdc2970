// The typed socket.io event maps of the admin server's live feed.
import type { LearnState } from './learn.ts';
import type { LogBatch } from './log.ts';

/** socket.io events from the admin server: the backlog once on connect, then batches, and each new revision. */
export interface ServerToClientEvents {
  backlog: (batch: LogBatch) => void;
  entries: (batch: LogBatch) => void;
  revision: (revision: number) => void;
  learn: (state: LearnState) => void;
}

/** The client only listens. */
export type ClientToServerEvents = Record<string, never>;
