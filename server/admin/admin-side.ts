// The admin app and what only it reads (metrics, per-minute socket stats, the off-thread checks). main.ts loads this
// module with import() when the app is on, and never otherwise: build:server splits it into its own chunk, so a
// proxy-only doxy does not load prom-client, socket.io, helmet, the admin routes and their schemas (issue 15: a
// third of its memory at rest), and its requests feed no metrics nobody can read.
import type { RequestLog } from '../log/request-log.ts';
import { createMetrics, type Metrics, type MetricsSources } from '../metrics/metrics.ts';
import { createSocketStats } from '../sockets/socket-stats.ts';
import type { AdminDeps } from './deps.ts';
import { startOffThread } from './off-thread.ts';
import { startAdmin, type Admin } from './start-admin.ts';

export interface AdminSide {
  readonly metrics: Metrics;
  /** Starts the app on what the metrics, stats and checks made here do not cover. */
  start(deps: Omit<AdminDeps, 'metrics' | 'stats' | 'offThread'>): Promise<Admin>;
  /** Stops the checks' worker thread (the app itself is closed by what start() returned). */
  close(): Promise<void>;
}

/** Made before the sockets listen, so that the metrics and stats count from the first request. */
export function prepareAdmin(sources: MetricsSources, proxySocket: string, log: RequestLog): AdminSide {
  const metrics = createMetrics(sources, proxySocket);
  const stats = createSocketStats(log);
  const offThread = startOffThread();
  return {
    metrics,
    start: (deps) => startAdmin({ ...deps, metrics, stats, offThread }),
    close: () => offThread.close(),
  };
}
