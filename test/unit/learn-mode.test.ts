// Learn mode's state: on and off, its deadline, bounded observations and proposals with counts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLearnMode, MAX_OBSERVATIONS } from '../../server/learn/learn-mode.ts';

describe('learn mode', () => {
  it('is off until started and ends by itself at its deadline', () => {
    let t = new Date('2026-11-28T12:00:00Z');
    const mode = createLearnMode(() => t);
    const changes: boolean[] = [];
    mode.onChange((s) => changes.push(s.active));
    assert.equal(mode.active(), false);
    mode.start(new Date('2026-11-28T12:01:00Z'));
    assert.equal(mode.active(), true);
    assert.equal(mode.state().until, '2026-11-28T12:01:00.000Z');
    t = new Date('2026-11-28T12:01:00Z');
    assert.equal(mode.active(), false);
    assert.deepEqual(changes, [true, false]);
  });

  it('counts what it saw and proposes one rule per endpoint', () => {
    const mode = createLearnMode();
    mode.start(null);
    for (let i = 0; i < 3; i++) mode.observe({ method: 'GET', path: `/v1.41/containers/c${i}/json` });
    mode.observe({ method: 'GET', path: '/v1.41/containers/c0/json' });
    mode.observe({ method: 'GET', path: '/v1.41/events' });
    const proposals = mode.proposals();
    assert.deepEqual(
      proposals.map((p) => [p.operation?.template, p.count]),
      [
        ['/containers/{id}/json', 4],
        ['/events', 1],
      ],
    );
    mode.clear();
    assert.deepEqual(mode.proposals(), []);
  });

  it('keeps a bounded number of distinct requests', () => {
    const mode = createLearnMode();
    for (let i = 0; i < MAX_OBSERVATIONS + 50; i++) mode.observe({ method: 'GET', path: `/x/${i}` });
    assert.equal(mode.state().seen, MAX_OBSERVATIONS);
  });
});
