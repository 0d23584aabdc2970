// The log entry's time: the same text as Date#toISOString for every millisecond, across second, day and year ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from '../../server/proxy/iso-time.ts';

describe('isoTime', () => {
  it('equals toISOString for each millisecond, in order, repeated and out of order', () => {
    const starts = [0, Date.UTC(2026, 11, 31, 23, 59, 59, 990), Date.UTC(2024, 1, 29, 12, 0, 0, 0), Date.now()];
    for (const start of starts) {
      for (let ms = start; ms < start + 2100; ms += 7) {
        assert.equal(isoTime(ms), new Date(ms).toISOString());
        assert.equal(isoTime(ms), new Date(ms).toISOString());
      }
      // Back in time (a clock set back): the text follows.
      assert.equal(isoTime(start + 5), new Date(start + 5).toISOString());
    }
  });

  it('is the time now by default', () => {
    const before = Date.now();
    const t = Date.parse(isoTime());
    assert.ok(t >= before && t <= Date.now(), `${t} not within [${before}, ${Date.now()}]`);
  });
});
