// The three targets of a round (the direct socket, doxy, the bare forwarder), the order a round visits them in, and
// the CPU a proxy spends on one run.
import { cpuSeconds } from './proc.ts';

export type Proxy = 'doxy' | 'bare';
export type Side = 'direct' | Proxy;

const ORDERS: readonly (readonly Side[])[] = [
  ['direct', 'doxy', 'bare'],
  ['doxy', 'bare', 'direct'],
  ['bare', 'direct', 'doxy'],
];

/** Rotates between rounds, so that drift (a warming cache, a neighbour's load) falls on every side alike. */
export function orderOf(round: number): readonly Side[] {
  return ORDERS[round % ORDERS.length] ?? ['direct', 'doxy', 'bare'];
}

export interface Targets {
  readonly sockets: Readonly<Record<Side, string>>;
  readonly pids: Readonly<Record<Proxy, number>>;
}

/** Runs `run` once per side, in the round's order. */
export async function allSides<T>(
  t: Targets,
  round: number,
  run: (socket: string, side: Side) => Promise<T>,
): Promise<Record<Side, T>> {
  const out: Partial<Record<Side, T>> = {};
  for (const side of orderOf(round)) out[side] = await run(t.sockets[side], side);
  return out as Record<Side, T>;
}

/** Runs `run` and reads the CPU seconds the side's process spent meanwhile (NaN for the direct socket). */
export async function withCpu<T>(t: Targets, side: Side, run: () => Promise<T>): Promise<{ r: T; cpu: number }> {
  const pid = side === 'direct' ? null : t.pids[side];
  const before = pid === null ? NaN : cpuSeconds(pid);
  const r = await run();
  return { r, cpu: pid === null ? NaN : cpuSeconds(pid) - before };
}
