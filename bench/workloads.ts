// The workloads of issue 7 and the rows they fill: each measures the direct socket, doxy and the bare forwarder
// (issue 15) back to back in one round.
import { API } from './docker-api.ts';
import { eventDelays } from './events.ts';
import type { Fixtures } from './fixtures.ts';
import { requestBytes } from './http-client.ts';
import { runLoad, type LoadResult } from './load.ts';
import { allSides, withCpu, type Side, type Targets } from './sides.ts';
import { median, quantile } from './stats.ts';
import { download, execRoundTrips, execStream } from './streams.ts';

/** throughput: higher is better, ratio = proxy / direct. latency: lower is better, ratio = direct / proxy, and proxy - direct is "added". */
export type Kind = 'throughput' | 'latency';

export interface Row {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly kind: Kind;
  /** Counted in the geometric mean (the ratios of forwarded throughput). */
  readonly geo: boolean;
  readonly target?: { readonly ratioMin?: number; readonly addedMaxMs?: number };
}

/** One round's figures for a row, one per side. */
export interface Figure {
  readonly direct: number;
  readonly doxy: number;
  /** NaN where the row has no figure for the bare forwarder (a denial: it denies nothing). */
  readonly bare: number;
  /** Latency rows: what each proxy added (default: its figure minus the direct one). */
  readonly added?: { readonly doxy: number; readonly bare: number };
  /** Each proxy's CPU per unit of work: µs per request for request rates, ms per MB for byte streams. */
  readonly cpu?: { readonly doxy: number; readonly bare: number };
  readonly failures: number;
}

export interface Settings {
  readonly loadMs: number;
  readonly streamMinMs: number;
  readonly eventPairs: number;
  readonly execTrips: number;
  readonly execStreamBytes: number;
}

/** doxy's CPU seconds and requests, added up over the request-rate runs through it, for "CPU per request". */
export interface CpuBook {
  /** Every run (what a profile of the run is divided by). */
  all: { seconds: number; requests: number };
  /** GET /_ping, forwarded. */
  forwarded: { seconds: number; requests: number };
  /** Requests doxy answers itself with a denial. */
  denied: { seconds: number; requests: number };
}

export interface Context extends Targets {
  readonly fixtures: Fixtures;
  readonly settings: Settings;
  readonly cpu: CpuBook;
}

export interface Workload {
  readonly rows: readonly Row[];
  /** Moves tens of MB or more per pass: left out of the warm-up. */
  readonly heavy?: boolean;
  /** Measures one round; the round's number sets the order the sides are visited in (sides.ts). */
  measure(ctx: Context, round: number): Promise<Map<string, Figure>>;
}

function book(account: { seconds: number; requests: number }, seconds: number, requests: number): void {
  account.seconds += seconds;
  account.requests += requests;
}

/** Runs a load on one side, with the CPU its process spent per request (µs); for doxy, books that CPU too. */
async function load(
  ctx: Context,
  side: Side,
  target: string,
  connections: number,
  status: number,
  account: 'forwarded' | 'denied' | null,
): Promise<LoadResult & { cpuUs: number }> {
  const { r, cpu } = await withCpu(ctx, side, () =>
    runLoad({
      socket: ctx.sockets[side],
      request: requestBytes('GET', target),
      connections,
      durationMs: ctx.settings.loadMs,
      maxRequests: 1_000_000,
      expectStatus: status,
    }),
  );
  if (side === 'doxy') {
    book(ctx.cpu.all, cpu, r.requests);
    if (account !== null) book(ctx.cpu[account], cpu, r.requests);
  }
  return { ...r, cpuUs: (cpu / r.requests) * 1e6 };
}

/** The proxies' CPU per MB (ms) of a byte stream. */
function perMb(x: Record<Side, { cpu: number; r: { bytes: number } }>): { doxy: number; bare: number } {
  const ms = (s: { cpu: number; r: { bytes: number } }): number => (s.cpu * 1000) / (s.r.bytes / MB);
  return { doxy: ms(x.doxy), bare: ms(x.bare) };
}

const MB = 1024 * 1024;

function requestRate(
  id: string,
  label: string,
  path: string,
  connections: number,
  latency: boolean,
  target?: Row['target'],
): Workload {
  const rows: Row[] = [{ id, label, unit: 'req/s', kind: 'throughput', geo: true, ...(target ? { target } : {}) }];
  if (latency) {
    rows.push({
      id: `${id}-p50`,
      label: `${label} p50`,
      unit: 'ms',
      kind: 'latency',
      geo: false,
      ...(connections === 1 ? { target: { addedMaxMs: 0.15 } } : {}),
    });
    rows.push({ id: `${id}-p99`, label: `${label} p99`, unit: 'ms', kind: 'latency', geo: false });
  }
  return {
    rows,
    async measure(ctx, round) {
      const account = path === '/_ping' ? 'forwarded' : null;
      const r = await allSides(ctx, round, (_s, side) => load(ctx, side, `${API}${path}`, connections, 200, account));
      const failures = r.direct.failures + r.doxy.failures + r.bare.failures;
      const out = new Map<string, Figure>([
        [
          id,
          {
            direct: r.direct.perSecond,
            doxy: r.doxy.perSecond,
            bare: r.bare.perSecond,
            cpu: { doxy: r.doxy.cpuUs, bare: r.bare.cpuUs },
            failures,
          },
        ],
      ]);
      if (latency)
        for (const [suffix, q] of [
          ['p50', 0.5],
          ['p99', 0.99],
        ] as const)
          out.set(`${id}-${suffix}`, {
            direct: quantile(r.direct.latencyMs, q),
            doxy: quantile(r.doxy.latencyMs, q),
            bare: quantile(r.bare.latencyMs, q),
            failures: 0,
          });
      return out;
    },
  };
}

function transfer(
  id: string,
  label: string,
  target: (f: Fixtures) => string,
  ratioMin: number,
  maxCount: number,
): Workload {
  return {
    rows: [{ id, label, unit: 'MB/s', kind: 'throughput', geo: true, target: { ratioMin } }],
    heavy: true,
    async measure(ctx, round) {
      const r = await allSides(ctx, round, (s, side) =>
        withCpu(ctx, side, () => download(s, `${API}${target(ctx.fixtures)}`, ctx.settings.streamMinMs, maxCount)),
      );
      const failures = r.direct.r.failures + r.doxy.r.failures + r.bare.r.failures;
      const figure: Figure = {
        direct: r.direct.r.mbPerSecond,
        doxy: r.doxy.r.mbPerSecond,
        bare: r.bare.r.mbPerSecond,
        cpu: perMb(r),
        failures,
      };
      return new Map([[id, figure]]);
    },
  };
}

const denied: Workload = {
  rows: [
    {
      id: 'denied',
      label: 'denied GET /secrets c10 vs direct /_ping c10',
      unit: 'req/s',
      kind: 'throughput',
      geo: false,
      target: { ratioMin: 3 },
    },
  ],
  async measure(ctx, round) {
    const ping = (): Promise<LoadResult> => load(ctx, 'direct', `${API}/_ping`, 10, 200, null);
    const deny = (): Promise<LoadResult & { cpuUs: number }> => load(ctx, 'doxy', `${API}/secrets`, 10, 403, 'denied');
    let d: LoadResult;
    let x: LoadResult & { cpuUs: number };
    if (round % 2 === 1) {
      x = await deny();
      d = await ping();
    } else {
      d = await ping();
      x = await deny();
    }
    const figure: Figure = {
      direct: d.perSecond,
      doxy: x.perSecond,
      bare: NaN,
      cpu: { doxy: x.cpuUs, bare: NaN },
      failures: d.failures + x.failures,
    };
    return new Map([['denied', figure]]);
  },
};

const events: Workload = {
  rows: [
    {
      id: 'events-p50',
      label: 'events: trigger to arrival p50',
      unit: 'ms',
      kind: 'latency',
      geo: false,
      target: { addedMaxMs: 0.5 },
    },
    { id: 'events-max', label: 'events: trigger to arrival max', unit: 'ms', kind: 'latency', geo: false },
  ],
  async measure(ctx) {
    // The three streams are open at once: each event is timed on all of them, so there is no order to alternate.
    const e = await eventDelays(ctx.sockets.direct, [ctx.sockets.doxy, ctx.sockets.bare], ctx.settings.eventPairs);
    const [x, b] = e.proxies;
    const of = (f: (v: number[]) => number, pick: 'ms' | 'addedMs'): number[] =>
      [x, b].map((p) => (p && p[pick].length > 0 ? f(p[pick]) : NaN));
    const max = (v: number[]): number => Math.max(...v);
    const figure = (f: (v: number[]) => number, failures: number): Figure => {
      const [doxy = NaN, bare = NaN] = of(f, 'ms');
      const [addedDoxy = NaN, addedBare = NaN] = of(f, 'addedMs');
      return { direct: f(e.directMs), doxy, bare, added: { doxy: addedDoxy, bare: addedBare }, failures };
    };
    return new Map([
      ['events-p50', figure(median, e.failures)],
      ['events-max', figure(max, 0)],
    ]);
  },
};

const execTrips: Workload = {
  rows: [
    { id: 'exec-setup', label: 'exec create + hijacked start', unit: 'ms', kind: 'latency', geo: false },
    {
      id: 'exec-p50',
      label: 'exec 32 B round trip p50',
      unit: 'ms',
      kind: 'latency',
      geo: false,
      target: { addedMaxMs: 0.1 },
    },
    { id: 'exec-p99', label: 'exec 32 B round trip p99', unit: 'ms', kind: 'latency', geo: false },
  ],
  async measure(ctx, round) {
    const { settings: s, fixtures: f } = ctx;
    const r = await allSides(ctx, round, (socket) => execRoundTrips(socket, f.execContainer, s.execTrips, 32));
    const failures = r.direct.failures + r.doxy.failures + r.bare.failures;
    const q = (v: number): Figure => ({
      direct: quantile(r.direct.tripsMs, v),
      doxy: quantile(r.doxy.tripsMs, v),
      bare: quantile(r.bare.tripsMs, v),
      failures: 0,
    });
    return new Map([
      ['exec-setup', { direct: r.direct.setupMs, doxy: r.doxy.setupMs, bare: r.bare.setupMs, failures }],
      ['exec-p50', q(0.5)],
      ['exec-p99', q(0.99)],
    ]);
  },
};

const execOutput: Workload = {
  rows: [
    {
      id: 'exec-stream',
      label: 'exec output stream 32 MB',
      unit: 'MB/s',
      kind: 'throughput',
      geo: true,
      target: { ratioMin: 0.95 },
    },
  ],
  heavy: true,
  async measure(ctx, round) {
    const r = await allSides(ctx, round, (socket, side) =>
      withCpu(ctx, side, () => execStream(socket, ctx.fixtures.execContainer, ctx.settings.execStreamBytes)),
    );
    const figure: Figure = {
      direct: r.direct.r.mbPerSecond,
      doxy: r.doxy.r.mbPerSecond,
      bare: r.bare.r.mbPerSecond,
      cpu: perMb(r),
      failures: r.direct.r.failures + r.doxy.r.failures + r.bare.r.failures,
    };
    return new Map([['exec-stream', figure]]);
  },
};

export function workloads(f: Fixtures): readonly Workload[] {
  const [small, big] = f.images;
  return [
    requestRate('ping-c1', 'GET /_ping c1', '/_ping', 1, true, { ratioMin: 0.45 }),
    requestRate('ping-c10', 'GET /_ping c10', '/_ping', 10, true),
    requestRate('ping-c100', 'GET /_ping c100', '/_ping', 100, true),
    requestRate('containers-c1', `GET /containers/json?all=1 (${f.containers}) c1`, '/containers/json?all=1', 1, false),
    requestRate(
      'containers-c10',
      `GET /containers/json?all=1 (${f.containers}) c10`,
      '/containers/json?all=1',
      10,
      false,
    ),
    requestRate('images-c1', 'GET /images/json c1', '/images/json', 1, false),
    requestRate('images-c10', 'GET /images/json c10', '/images/json', 10, false),
    transfer('export-2mb', 'image export 2 MB', () => `/images/${small?.name}/get`, 0.9, 1000),
    transfer(
      'export-200mb',
      `image export ${Math.round((big?.bytes ?? 0) / 2 ** 20)} MB`,
      () => `/images/${big?.name}/get`,
      0.9,
      1,
    ),
    transfer(
      'logs',
      'logs?follow=1, 4 MB of short lines',
      (x) => `/containers/${x.logsContainer}/logs?follow=1&stdout=1&stderr=1`,
      0.95,
      100,
    ),
    events,
    execTrips,
    execOutput,
    denied,
  ];
}
