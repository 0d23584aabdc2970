// The throttle behind the live log: at once when idle, at most once per gap under load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { throttle } from '../../shared/timing/throttle.ts';

/** A hand-driven clock: `advance` runs the timers that come due, in order. */
function fakeTimers() {
  let now = 1000;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    after(ms: number, run: () => void) {
      timers.push({ at: now + ms, run });
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = end;
    },
  };
}

describe('throttle', () => {
  it('runs on the next turn when nothing ran within the gap', () => {
    const t = fakeTimers();
    const runs: number[] = [];
    const trigger = throttle(() => runs.push(t.now()), 250, t);
    trigger();
    trigger();
    t.advance(0);
    assert.deepEqual(runs, [1000]);
  });

  it('runs once at the end of the gap however often it is triggered within it', () => {
    const t = fakeTimers();
    const runs: number[] = [];
    const trigger = throttle(() => runs.push(t.now()), 250, t);
    trigger();
    t.advance(10);
    for (let i = 0; i < 5; i++) {
      trigger();
      t.advance(20);
    }
    t.advance(500);
    assert.deepEqual(runs, [1000, 1250]);
  });

  it('runs at once again after a quiet gap', () => {
    const t = fakeTimers();
    const runs: number[] = [];
    const trigger = throttle(() => runs.push(t.now()), 250, t);
    trigger();
    t.advance(400);
    trigger();
    t.advance(0);
    assert.deepEqual(runs, [1000, 1400]);
  });
});
