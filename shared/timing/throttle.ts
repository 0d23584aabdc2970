// Runs a job at once when it has not run for a while, else once when the gap is over: quick when idle, batched under load.

/** The clock and timer the caller brings (shared/ has neither). */
export interface Timers {
  now(): number;
  after(ms: number, run: () => void): void;
}

/**
 * A trigger for `run`: the first call after a quiet `gapMs` runs it on the next turn (so that calls in one turn share a
 * run); calls while a run is due add nothing; calls within `gapMs` of the last run wait for the gap's end.
 */
export function throttle(run: () => void, gapMs: number, timers: Timers): () => void {
  let last = -Infinity;
  let due = false;
  const fire = (): void => {
    due = false;
    last = timers.now();
    run();
  };
  return () => {
    if (due) return;
    due = true;
    timers.after(Math.max(0, last + gapMs - timers.now()), fire);
  };
}
