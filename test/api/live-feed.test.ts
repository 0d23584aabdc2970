// The live feed batches the request log, sends a backlog first, and drops a watcher that does not keep up, never waiting on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogBatch } from '../../shared/protocol/log.ts';
import { createRequestLog, type NewLogEntry } from '../../server/log/request-log.ts';
import { createLiveFeed, type Watcher } from '../../server/admin/live-feed.ts';

const LIMITS = { backlog: 3, maxBatch: 5, maxUnsent: 2 };

function entry(path: string): NewLogEntry {
  return {
    id: 0,
    time: '2026-01-01T00:00:00.000Z',
    method: 'GET',
    path,
    status: 403,
    verdict: 'deny',
    ruleId: null,
    reason: '',
    durationMs: 1,
    bytes: 10,
    kind: 'http',
  };
}

/** A watcher whose network takes nothing when `stalled`: every batch stays unsent. */
function fakeWatcher(stalled = false): Watcher & { got: { event: string; batch: LogBatch }[]; dropped: boolean } {
  let unsent = 0;
  const w = {
    got: [] as { event: string; batch: LogBatch }[],
    dropped: false,
    send(event: 'backlog' | 'entries', batch: LogBatch) {
      w.got.push({ event, batch });
      if (stalled) unsent++;
    },
    unsent: () => unsent,
    drop() {
      w.dropped = true;
    },
  };
  return w;
}

const paths = (b: LogBatch | undefined): string[] => (b?.entries ?? []).map((e) => e.path);

describe('the live feed', () => {
  it('sends a new watcher the last entries as its backlog', () => {
    const log = createRequestLog(100);
    for (const p of ['/a', '/b', '/c', '/d']) log.record(entry(p));
    const feed = createLiveFeed(log, LIMITS);
    const w = fakeWatcher();
    feed.add(w);
    assert.equal(w.got[0]?.event, 'backlog');
    assert.deepEqual(paths(w.got[0]?.batch), ['/b', '/c', '/d']);
    feed.stop();
  });

  it('sends what arrived since the last tick as one batch, and nothing on an idle tick', () => {
    const log = createRequestLog(100);
    const feed = createLiveFeed(log, LIMITS);
    const w = fakeWatcher();
    feed.add(w);
    log.record(entry('/x'));
    log.record(entry('/y'));
    feed.tick();
    feed.tick();
    assert.deepEqual(
      w.got.map((g) => g.event),
      ['backlog', 'entries'],
    );
    assert.deepEqual(paths(w.got[1]?.batch), ['/x', '/y']);
    feed.stop();
  });

  it('keeps the newest entries of a burst and counts the rest as dropped', () => {
    const log = createRequestLog(100);
    const feed = createLiveFeed(log, LIMITS);
    const w = fakeWatcher();
    feed.add(w);
    for (let i = 0; i < 23; i++) log.record(entry(`/${i}`));
    feed.tick();
    const batch = w.got[1]?.batch;
    assert.deepEqual(paths(batch), ['/18', '/19', '/20', '/21', '/22']);
    assert.equal(batch?.dropped, 18);
    feed.stop();
  });

  it('drops a watcher whose batches pile up unsent, while the others still get every batch', () => {
    const log = createRequestLog(100);
    const feed = createLiveFeed(log, LIMITS);
    const slow = fakeWatcher(true);
    const fast = fakeWatcher();
    feed.add(slow);
    feed.add(fast);
    for (let tick = 0; tick < 4; tick++) {
      log.record(entry(`/${tick}`));
      feed.tick();
    }
    assert.equal(slow.dropped, true);
    // The backlog and one batch filled its two unsent slots; nothing more was queued for it.
    assert.equal(slow.got.length, 2);
    assert.equal(fast.dropped, false);
    assert.deepEqual(
      fast.got.slice(1).map((g) => paths(g.batch)),
      [['/0'], ['/1'], ['/2'], ['/3']],
    );
    feed.stop();
  });
});
