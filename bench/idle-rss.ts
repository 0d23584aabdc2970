// The idle RSS of a process just started: 1 s after its start, and at rest, once V8's memory reducer has run. An idle
// doxy sits flat for ~15 s after it starts (105.7 MiB with the admin app on, 82.6 proxy-only), then the reducer's
// garbage collections, ~8 s apart, shrink it in steps (100.3, 98.5, then 82.7 at 23 s; proxy-only 65.0 at 16 s). So
// "has not moved for 5 s" alone would read the start-up figure: at rest means it has fallen from its peak at least once
// and then not moved for longer than the reducer's gap between two collections.
import { sleep } from '../test/harness/dockerd.ts';
import { rssMiB } from './proc.ts';

/** How far RSS may wander and still count as unchanged. */
const STILL_MIB = 0.5;
/** How long it must stay still: longer than the ~8 s between two of the memory reducer's collections. */
const STILL_MS = 10_000;
/** What counts as the reducer having run: RSS this far under its highest reading. */
const FALLEN_MIB = 1;
const SAMPLE_MS = 500;
const AFTER_START_MS = 1000;

export interface IdleRss {
  /** 1 s after the process was ready. */
  readonly afterStart: number;
  /** The last reading: at rest, or at the cap. */
  readonly atRest: number;
  /** Seconds after start when it was found at rest, or null when the cap came first. */
  readonly restedAtS: number | null;
  readonly capS: number;
}

/** Samples the RSS of `pid`, ready at `readyAt` (Date.now()), until it is at rest or `capMs` after readyAt. */
export async function idleRss(pid: number, readyAt: number, capMs: number): Promise<IdleRss> {
  await sleep(Math.max(0, readyAt + AFTER_START_MS - Date.now()));
  const afterStart = rssMiB(pid);
  let peak = afterStart;
  let last = afterStart;
  /** Readings since RSS last moved by more than STILL_MIB from the first of them. */
  let still = { since: Date.now(), at: afterStart };
  for (;;) {
    const now = Date.now();
    const fallen = peak - last >= FALLEN_MIB;
    if (fallen && now - still.since >= STILL_MS)
      return { afterStart, atRest: last, restedAtS: (now - readyAt) / 1000, capS: capMs / 1000 };
    if (now - readyAt >= capMs || !Number.isFinite(last))
      return { afterStart, atRest: last, restedAtS: null, capS: capMs / 1000 };
    await sleep(SAMPLE_MS);
    last = rssMiB(pid);
    peak = Math.max(peak, last);
    if (Math.abs(last - still.at) > STILL_MIB) still = { since: Date.now(), at: last };
  }
}

/** "83.1 MiB (at rest by 33 s)", or "65.2 MiB (read at the 25 s cap)" when it had not come to rest by then. */
export function atRestText(r: IdleRss): string {
  const when = r.restedAtS === null ? `read at the ${r.capS} s cap` : `at rest by ${r.restedAtS.toFixed(0)} s`;
  return `${r.atRest.toFixed(1)} MiB (${when})`;
}
