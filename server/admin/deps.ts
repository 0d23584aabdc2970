// What the admin server is built from: the address and token, the store, the request log and the rules in force.
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import type { LearnMode } from '../learn/learn-mode.ts';
import type { DurableLog } from '../log/durable-log.ts';
import type { RequestLog } from '../log/request-log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { RequestStats } from '../metrics/request-stats.ts';
import type { Store } from '../store/store.ts';
import type { AdminAddress } from './guard.ts';

export interface AdminDeps {
  readonly address: AdminAddress;
  readonly token: string;
  readonly store: Store;
  readonly log: RequestLog;
  /** The compiled set the proxy uses now. */
  readonly rules: () => CompiledRuleSet;
  /** The --pattern-file doxy started with: it replaces the stored rules at the next start when it differs. */
  readonly patternFile: string | null;
  /** Learn mode of the proxy socket. */
  readonly learn: LearnMode;
  /** The request log on disk: search and export. */
  readonly requestHistory: DurableLog;
  /** Served as GET /metrics. */
  readonly metrics: Metrics;
  /** The last hour per minute, for the picture. */
  readonly stats: RequestStats;
  /** The built web app (default web/dist). */
  readonly webRoot?: string;
}

/** Bodies are JSON or a rule file; 10,000 rules fit well within this. */
export const BODY_LIMIT = '4mb';
