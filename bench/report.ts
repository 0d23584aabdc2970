// Turns the rounds into the printed table: per row and per proxy (doxy, the bare forwarder) the median figure, the
// median ratio to the direct socket and its spread over rounds, what it added to latencies and its CPU per unit.
import { geomean, median } from './stats.ts';
import type { Proxy } from './sides.ts';
import type { Figure, Row } from './workloads.ts';

/** One proxy's side of a row; every field NaN where the row has no figure for it. */
export interface ProxySummary {
  readonly value: number;
  /** throughput: proxy / direct; latency: direct / proxy (so higher is better for both). */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  /** latency rows: proxy - direct in ms (median over rounds). */
  readonly added: number;
  /** µs per request (request rates) or ms per MB (byte streams), median over rounds. */
  readonly cpu: number;
}

export interface Summary {
  readonly row: Row;
  readonly direct: number;
  readonly doxy: ProxySummary;
  readonly bare: ProxySummary;
  readonly failures: number;
  /** null when the row has no target. */
  readonly met: boolean | null;
  /** Whether doxy does at least as well as the bare forwarder (issue 15); null without a bare figure. */
  readonly asBare: boolean | null;
}

const finite = (values: readonly number[]): number[] => values.filter((v) => Number.isFinite(v));
const minOf = (v: readonly number[]): number => (v.length === 0 ? NaN : Math.min(...v));
const maxOf = (v: readonly number[]): number => (v.length === 0 ? NaN : Math.max(...v));

function side(row: Row, rounds: readonly Figure[], p: Proxy): ProxySummary {
  const ratios = finite(rounds.map((f) => (row.kind === 'throughput' ? f[p] / f.direct : f.direct / f[p])));
  return {
    value: median(finite(rounds.map((f) => f[p]))),
    ratio: median(ratios),
    ratioMin: minOf(ratios),
    ratioMax: maxOf(ratios),
    added: median(finite(rounds.map((f) => f.added?.[p] ?? f[p] - f.direct))),
    cpu: median(finite(rounds.map((f) => f.cpu?.[p] ?? NaN))),
  };
}

export function summarize(row: Row, rounds: readonly Figure[]): Summary {
  const doxy = side(row, rounds, 'doxy');
  const bare = side(row, rounds, 'bare');
  const t = row.target;
  const met =
    t === undefined
      ? null
      : (t.ratioMin === undefined || doxy.ratio >= t.ratioMin) &&
        (t.addedMaxMs === undefined || doxy.added <= t.addedMaxMs);
  const asBare = !Number.isFinite(bare.ratio)
    ? null
    : row.kind === 'throughput'
      ? doxy.ratio >= bare.ratio
      : doxy.added <= bare.added;
  return {
    row,
    direct: median(rounds.map((f) => f.direct)),
    doxy,
    bare,
    failures: rounds.reduce((n, f) => n + f.failures, 0),
    met,
    asBare,
  };
}

function num(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === 'ms') return v.toFixed(3);
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function targetText(row: Row): string {
  const t = row.target;
  if (!t) return '';
  if (t.ratioMin !== undefined) return `ratio >= ${t.ratioMin}`;
  return `added <= ${t.addedMaxMs} ms`;
}

function ratioText(p: ProxySummary): string {
  if (!Number.isFinite(p.ratio)) return '-';
  return `${p.ratio.toFixed(2)} (${p.ratioMin.toFixed(2)}-${p.ratioMax.toFixed(2)})`;
}

function addedText(p: ProxySummary): string {
  return Number.isFinite(p.added) ? `${p.added >= 0 ? '+' : ''}${p.added.toFixed(3)}` : '-';
}

function cpuText(s: Summary): string {
  if (!Number.isFinite(s.doxy.cpu)) return '';
  const unit = s.row.unit === 'MB/s' ? 'ms/MB' : 'µs/req';
  const n = (v: number): string => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : 1) : '-');
  return `${n(s.doxy.cpu)} / ${n(s.bare.cpu)} ${unit}`;
}

const yesNo = (v: boolean | null): string => (v === null ? '' : v ? 'yes' : 'NO');

export function formatTable(summaries: readonly Summary[]): string {
  const header = [
    'workload',
    'unit',
    'direct',
    'doxy',
    'bare',
    'doxy ratio (spread)',
    'bare ratio (spread)',
    'added ms doxy / bare',
    'CPU doxy / bare',
    'target',
    'met',
    '>= bare',
    'fail',
  ];
  const lines = summaries.map((s) => {
    const latency = s.row.kind === 'latency';
    return [
      `${s.row.label}${s.row.geo ? ' *' : ''}`,
      s.row.unit,
      num(s.direct, s.row.unit),
      num(s.doxy.value, s.row.unit),
      num(s.bare.value, s.row.unit),
      ratioText(s.doxy),
      ratioText(s.bare),
      latency ? `${addedText(s.doxy)} / ${addedText(s.bare)}` : '',
      cpuText(s),
      targetText(s.row),
      yesNo(s.met),
      yesNo(s.asBare),
      String(s.failures),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const pad = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 || i > 8 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(pad)].join('\n');
}

/** The geometric mean of each proxy's median ratios over the rows marked for it. */
export function geomeanOf(summaries: readonly Summary[]): { doxy: number; bare: number; rows: number } {
  const rows = summaries.filter((s) => s.row.geo);
  return {
    doxy: geomean(rows.map((s) => s.doxy.ratio)),
    bare: geomean(rows.map((s) => s.bare.ratio)),
    rows: rows.length,
  };
}
