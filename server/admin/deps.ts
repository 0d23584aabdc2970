// What the admin server is built from: the address and token, the store, the request log and the rules in force.
import type { Engine } from '../../shared/protocol/engine.ts';
import type { LearnBySocket } from '../learn/learn-by-socket.ts';
import type { DurableLog } from '../log/durable-log.ts';
import type { RequestLog } from '../log/request-log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { SocketManager } from '../sockets/socket-manager.ts';
import type { SocketStats } from '../sockets/socket-stats.ts';
import type { ActiveRules } from '../store/active-rules.ts';
import type { Store } from '../store/store.ts';
import type { AdminAddress } from './guard.ts';
import type { OffThread } from './off-thread.ts';

export interface AdminDeps {
  readonly address: AdminAddress;
  readonly token: string;
  readonly store: Store;
  readonly log: RequestLog;
  /** The compiled set of each profile, as the sockets use it now. */
  readonly rules: ActiveRules;
  /** The --pattern-file doxy started with: it replaces the stored rules at the next start when it differs. */
  readonly patternFile: string | null;
  /** The --proxy-socket's path: the socket an API call means when it names none. */
  readonly proxySocket: string;
  /** The sockets running now (their states); saved socket changes reach them through the store. */
  readonly sockets: SocketManager;
  /** The Docker socket doxy forwards to, which GET /healthz pings. */
  readonly dockerSocket: string;
  /** The engine behind it as last identified (GET /api/engine); null while it does not answer. */
  readonly engine?: () => Engine | null;
  /** Learn mode of each socket. */
  readonly learn: LearnBySocket;
  /** The request log on disk: search and export. */
  readonly requestHistory: DurableLog;
  /** Served as GET /metrics. */
  readonly metrics: Metrics;
  /** The last hour per minute of each socket, for the picture. */
  readonly stats: SocketStats;
  /** Where the checks of user input run (validation, lint, loss, coverage of unsaved rules), off the sockets' thread. */
  readonly offThread: OffThread;
  /** The built web app (default web/dist). */
  readonly webRoot?: string;
}

/** Bodies are JSON or a rule file; 10,000 rules fit well within this. */
export const BODY_LIMIT = '4mb';
