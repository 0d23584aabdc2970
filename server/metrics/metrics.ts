// Prometheus metrics (prom-client) fed by the request log: one registry per doxy, no global state.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { LogEntry } from '../../shared/protocol/log.ts';
import { METHODS } from '../../shared/rules/types.ts';
import { HistogramTally } from './histogram-tally.ts';
import { RequestTally } from './request-tally.ts';

/** A refused request may carry any method: label values stay bounded. */
const methodLabel = (m: string): string => ((METHODS as readonly string[]).includes(m) ? m : 'other');

export interface MetricsSources {
  /** Called for every finished request. */
  subscribe(listener: (entry: LogEntry) => void): unknown;
  readonly revision: () => number;
  readonly openStreams: () => number;
  readonly hijacked: () => number;
  /** Whether learn mode is on (the socket forwards what its rules deny). */
  readonly learning?: () => boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** Count a rule-set reload (a saved change that the proxy now enforces). */
  reloaded(): void;
  render(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(sources: MetricsSources, socket = 'default'): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'doxy_' });
  const tally = new RequestTally();
  new Counter({
    name: 'doxy_requests_total',
    help: 'Requests through a proxy socket, by decision',
    labelNames: ['socket', 'verdict', 'method', 'status'] as const,
    registers: [registry],
    collect() {
      tally.drain(this);
    },
  });
  const duration = new HistogramTally(
    'doxy_request_duration_seconds',
    'Time from request to the end of the response (streams included)',
    ['socket', 'verdict'],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5, 60],
    registry,
  );
  const decision = new HistogramTally(
    'doxy_decision_duration_seconds',
    'Time to canonicalize and decide one request',
    [],
    [0.000001, 0.000005, 0.00001, 0.00005, 0.0001, 0.001],
    registry,
  );
  const upstream = new HistogramTally(
    'doxy_upstream_latency_seconds',
    'Time from forwarding to the daemon answering with a response head',
    [],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5],
    registry,
  );
  const upstreamErrors = new Counter({
    name: 'doxy_upstream_errors_total',
    help: 'Requests the daemon could not be reached for',
    labelNames: ['socket'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'doxy_ruleset_reloads_total',
    help: 'Rule set changes applied without a restart',
    registers: [registry],
  });
  new Gauge({
    name: 'doxy_ruleset_revision',
    help: 'Revision of the rule set in force',
    registers: [registry],
    collect() {
      this.set(sources.revision());
    },
  });
  new Gauge({
    name: 'doxy_open_streams',
    help: 'Forwarded requests whose response is still open (streams included)',
    registers: [registry],
    collect() {
      this.set(sources.openStreams());
    },
  });
  new Gauge({
    name: 'doxy_hijacked_connections',
    help: 'Hijacked (attach, exec) connections open now',
    registers: [registry],
    collect() {
      this.set(sources.hijacked());
    },
  });

  new Gauge({
    name: 'doxy_learn_mode',
    help: '1 while learn mode forwards requests the rules deny',
    labelNames: ['socket'] as const,
    registers: [registry],
    collect() {
      this.set({ socket }, sources.learning?.() ? 1 : 0);
    },
  });

  sources.subscribe((e: LogEntry) => {
    tally.add(e.socket ?? socket, e.verdict, methodLabel(e.method), e.status);
    duration.observe(e.durationMs / 1000, e.socket ?? socket, e.verdict);
    if (e.decideMs !== undefined) decision.observe(e.decideMs / 1000);
    if (e.upstreamMs !== undefined) upstream.observe(e.upstreamMs / 1000);
    if (e.status === 502 && (e.verdict === 'allow' || e.wouldDeny === true))
      upstreamErrors.inc({ socket: e.socket ?? socket });
  });
  return {
    registry,
    reloaded: () => reloads.inc(),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
