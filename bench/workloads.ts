// The workloads of issue 7 and the rows they fill: each measures the direct socket and doxy back to back in one round.
import { API } from './docker-api.ts';
import { eventDelays } from './events.ts';
import type { Fixtures } from './fixtures.ts';
import { requestBytes } from './http-client.ts';
import { runLoad, type LoadResult } from './load.ts';
import { cpuSeconds } from './proc.ts';
import { median, quantile } from './stats.ts';
import { download, execRoundTrips, execStream } from './streams.ts';

/** throughput: higher is better, ratio = doxy / direct. latency: lower is better, ratio = direct / doxy, and doxy - direct is "added". */
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

/** One round's figure for a row. `added` defaults to doxy - direct. */
export interface Figure {
  readonly direct: number;
  readonly doxy: number;
  readonly added?: number;
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

export interface Context {
  readonly direct: string;
  readonly doxy: string;
  readonly doxyPid: number;
  readonly fixtures: Fixtures;
  readonly settings: Settings;
  readonly cpu: CpuBook;
}

export interface Workload {
  readonly rows: readonly Row[];
  /** Moves tens of MB or more per pass: left out of the warm-up. */
  readonly heavy?: boolean;
  /** Measures one round; `doxyFirst` alternates between rounds so drift falls on both sides alike. */
  measure(ctx: Context, doxyFirst: boolean): Promise<Map<string, Figure>>;
}

async function bothSides<T>(
  ctx: Context,
  doxyFirst: boolean,
  run: (socket: string, side: 'direct' | 'doxy') => Promise<T>,
): Promise<{ direct: T; doxy: T }> {
  if (doxyFirst) {
    const doxy = await run(ctx.doxy, 'doxy');
    return { direct: await run(ctx.direct, 'direct'), doxy };
  }
  const direct = await run(ctx.direct, 'direct');
  return { direct, doxy: await run(ctx.doxy, 'doxy') };
}

function book(account: { seconds: number; requests: number }, seconds: number, requests: number): void {
  account.seconds += seconds;
  account.requests += requests;
}

/** Runs a load; for doxy's side, books the CPU doxy spent on it. */
async function load(
  ctx: Context,
  socket: string,
  side: 'direct' | 'doxy',
  target: string,
  connections: number,
  status: number,
  account: 'forwarded' | 'denied' | null,
): Promise<LoadResult> {
  const before = cpuSeconds(ctx.doxyPid);
  const r = await runLoad({
    socket,
    request: requestBytes('GET', target),
    connections,
    durationMs: ctx.settings.loadMs,
    maxRequests: 1_000_000,
    expectStatus: status,
  });
  if (side === 'doxy') {
    const spent = cpuSeconds(ctx.doxyPid) - before;
    book(ctx.cpu.all, spent, r.requests);
    if (account !== null) book(ctx.cpu[account], spent, r.requests);
  }
  return r;
}

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
    async measure(ctx, doxyFirst) {
      const account = path === '/_ping' ? 'forwarded' : null;
      const r = await bothSides(ctx, doxyFirst, (s, side) =>
        load(ctx, s, side, `${API}${path}`, connections, 200, account),
      );
      const failures = r.direct.failures + r.doxy.failures;
      const out = new Map<string, Figure>([[id, { direct: r.direct.perSecond, doxy: r.doxy.perSecond, failures }]]);
      if (latency) {
        out.set(`${id}-p50`, {
          direct: quantile(r.direct.latencyMs, 0.5),
          doxy: quantile(r.doxy.latencyMs, 0.5),
          failures: 0,
        });
        out.set(`${id}-p99`, {
          direct: quantile(r.direct.latencyMs, 0.99),
          doxy: quantile(r.doxy.latencyMs, 0.99),
          failures: 0,
        });
      }
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
    async measure(ctx, doxyFirst) {
      const r = await bothSides(ctx, doxyFirst, (s) =>
        download(s, `${API}${target(ctx.fixtures)}`, ctx.settings.streamMinMs, maxCount),
      );
      return new Map([
        [id, { direct: r.direct.mbPerSecond, doxy: r.doxy.mbPerSecond, failures: r.direct.failures + r.doxy.failures }],
      ]);
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
  async measure(ctx, doxyFirst) {
    const ping = (): Promise<LoadResult> => load(ctx, ctx.direct, 'direct', `${API}/_ping`, 10, 200, null);
    const deny = (): Promise<LoadResult> => load(ctx, ctx.doxy, 'doxy', `${API}/secrets`, 10, 403, 'denied');
    let d: LoadResult;
    let x: LoadResult;
    if (doxyFirst) {
      x = await deny();
      d = await ping();
    } else {
      d = await ping();
      x = await deny();
    }
    return new Map([['denied', { direct: d.perSecond, doxy: x.perSecond, failures: d.failures + x.failures }]]);
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
    // Both streams are open at once: each event is timed on both, so there is no order to alternate.
    const e = await eventDelays(ctx.direct, ctx.doxy, ctx.settings.eventPairs);
    return new Map([
      [
        'events-p50',
        { direct: median(e.directMs), doxy: median(e.doxyMs), added: median(e.addedMs), failures: e.failures },
      ],
      [
        'events-max',
        { direct: Math.max(...e.directMs), doxy: Math.max(...e.doxyMs), added: Math.max(...e.addedMs), failures: 0 },
      ],
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
  async measure(ctx, doxyFirst) {
    const { settings: s, fixtures: f } = ctx;
    const r = await bothSides(ctx, doxyFirst, (socket) => execRoundTrips(socket, f.execContainer, s.execTrips, 32));
    const failures = r.direct.failures + r.doxy.failures;
    return new Map([
      ['exec-setup', { direct: r.direct.setupMs, doxy: r.doxy.setupMs, failures }],
      ['exec-p50', { direct: quantile(r.direct.tripsMs, 0.5), doxy: quantile(r.doxy.tripsMs, 0.5), failures: 0 }],
      ['exec-p99', { direct: quantile(r.direct.tripsMs, 0.99), doxy: quantile(r.doxy.tripsMs, 0.99), failures: 0 }],
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
  async measure(ctx, doxyFirst) {
    const r = await bothSides(ctx, doxyFirst, (socket) =>
      execStream(socket, ctx.fixtures.execContainer, ctx.settings.execStreamBytes),
    );
    return new Map([
      [
        'exec-stream',
        { direct: r.direct.mbPerSecond, doxy: r.doxy.mbPerSecond, failures: r.direct.failures + r.doxy.failures },
      ],
    ]);
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
