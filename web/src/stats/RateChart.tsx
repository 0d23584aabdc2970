// Requests per minute over the last hour as stacked SVG bars: allowed below, then forwarded in learn mode, then denied
// (refused included) on top.
import type { StatsMinute } from '../../../shared/protocol/stats.ts';

const W = 1200;
const H = 220;
const PAD = { left: 36, right: 8, top: 10, bottom: 22 };

/** A round axis maximum at or above `n`: 1, 2, 5, 10, 20, 50... */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n) ?? 10 * p;
}

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

export function RateChart({ minutes }: { minutes: readonly StatsMinute[] }) {
  const allowed = minutes.reduce((n, m) => n + m.allow, 0);
  const denied = minutes.reduce((n, m) => n + m.deny + m.refuse, 0);
  const learnt = minutes.reduce((n, m) => n + m.learn, 0);
  const max = niceMax(Math.max(0, ...minutes.map((m) => m.allow + m.learn + m.deny + m.refuse)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, minutes.length);
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const first = minutes[0];
  const last = minutes.at(-1);
  return (
    <svg
      className="rate-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Requests per minute over the last hour: ${allowed} allowed, ${denied} denied, ${learnt} forwarded in learn mode`}
    >
      {[0, max / 2, max].map((v) => (
        <g key={v} className="grid">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      {minutes.map((m, i) => {
        const x = PAD.left + i * step + 1;
        const w = Math.max(1, step - 2);
        const bad = m.deny + m.refuse;
        const ok = m.allow + m.learn;
        return (
          <g key={m.start} data-minute={m.start}>
            <title>{`${clock(m.start)}: ${m.allow} allowed, ${m.learn} forwarded in learn mode, ${m.deny} denied, ${m.refuse} refused`}</title>
            {m.allow > 0 && <rect className="allow" x={x} width={w} y={y(m.allow)} height={y(0) - y(m.allow)} />}
            {m.learn > 0 && <rect className="learn" x={x} width={w} y={y(ok)} height={y(m.allow) - y(ok)} />}
            {bad > 0 && <rect className="deny" x={x} width={w} y={y(ok + bad)} height={y(ok) - y(ok + bad)} />}
          </g>
        );
      })}
      {first && (
        <text className="axis" x={PAD.left} y={H - 6}>
          {clock(first.start)}
        </text>
      )}
      {last && (
        <text className="axis" x={W - PAD.right} y={H - 6} textAnchor="end">
          {clock(last.start)}
        </text>
      )}
    </svg>
  );
}
