// Turns the rounds into the printed table: per row the median of each side, the median ratio and its spread over rounds.
import { geomean, median } from './stats.ts';
import type { Figure, Row } from './workloads.ts';

export interface Summary {
  readonly row: Row;
  readonly direct: number;
  readonly doxy: number;
  /** throughput: doxy / direct; latency: direct / doxy (so higher is better for both). */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  /** latency rows: doxy - direct in ms (median, min, max over rounds). */
  readonly added: number;
  readonly addedMin: number;
  readonly addedMax: number;
  readonly failures: number;
  /** null when the row has no target. */
  readonly met: boolean | null;
}

export function summarize(row: Row, rounds: readonly Figure[]): Summary {
  const ratios = rounds.map((f) => (row.kind === 'throughput' ? f.doxy / f.direct : f.direct / f.doxy));
  const added = rounds.map((f) => f.added ?? f.doxy - f.direct);
  const s = {
    row,
    direct: median(rounds.map((f) => f.direct)),
    doxy: median(rounds.map((f) => f.doxy)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    added: median(added),
    addedMin: Math.min(...added),
    addedMax: Math.max(...added),
    failures: rounds.reduce((n, f) => n + f.failures, 0),
  };
  const t = row.target;
  const met =
    t === undefined
      ? null
      : (t.ratioMin === undefined || s.ratio >= t.ratioMin) && (t.addedMaxMs === undefined || s.added <= t.addedMaxMs);
  return { ...s, met };
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

export function formatTable(summaries: readonly Summary[]): string {
  const header = [
    'workload',
    'unit',
    'direct',
    'doxy',
    'ratio',
    'ratio spread',
    'added ms (spread)',
    'target',
    'met',
    'fail',
  ];
  const lines = summaries.map((s) => {
    const latency = s.row.kind === 'latency';
    return [
      `${s.row.label}${s.row.geo ? ' *' : ''}`,
      s.row.unit,
      num(s.direct, s.row.unit),
      num(s.doxy, s.row.unit),
      s.ratio.toFixed(2),
      `${s.ratioMin.toFixed(2)}-${s.ratioMax.toFixed(2)}`,
      latency
        ? `${s.added >= 0 ? '+' : ''}${s.added.toFixed(3)} (${s.addedMin.toFixed(3)}..${s.addedMax.toFixed(3)})`
        : '',
      targetText(s.row),
      s.met === null ? '' : s.met ? 'yes' : 'NO',
      String(s.failures),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const pad = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 || i > 6 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(pad)].join('\n');
}

/** The geometric mean of the median ratios of the rows marked for it. */
export function geomeanOf(summaries: readonly Summary[]): { value: number; rows: number } {
  const ratios = summaries.filter((s) => s.row.geo).map((s) => s.ratio);
  return { value: geomean(ratios), rows: ratios.length };
}
