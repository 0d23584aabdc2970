// The per-minute stats behind GET /api/stats: an hour of buckets, learn-mode forwards apart from denials, the top denied
// endpoints grouped by catalog operation, bounded keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequestStats, MAX_DENIED_KEYS, MINUTES } from '../../server/metrics/request-stats.ts';
import type { LogEntry } from '../../shared/protocol/log.ts';

function feed(now: { t: number }) {
  const listeners: ((e: LogEntry) => void)[] = [];
  const stats = createRequestStats({ subscribe: (l) => listeners.push(l) }, 'default', () => now.t);
  let id = 0;
  const send = (verdict: LogEntry['verdict'], method: string, path: string, extra: Partial<LogEntry> = {}): void => {
    const e: LogEntry = {
      id: ++id,
      time: new Date(now.t).toISOString(),
      method,
      path,
      status: 200,
      verdict,
      ruleId: null,
      reason: '',
      durationMs: 1,
      bytes: 0,
      kind: 'http',
      ...extra,
    };
    for (const l of listeners) l(e);
  };
  return { stats, send };
}

describe('request stats', () => {
  it('keeps an hour of minutes, oldest first, and forgets older ones', () => {
    const now = { t: Date.parse('2026-11-28T12:00:30Z') };
    const { stats, send } = feed(now);
    send('allow', 'GET', '/_ping');
    send('deny', 'POST', '/containers/create');
    send('deny', 'GET', '/x', { wouldDeny: true });
    send('refuse', 'GET', '/a/../b');
    let s = stats.snapshot();
    assert.equal(s.minutes.length, MINUTES);
    assert.deepEqual(s.minutes.at(-1), { start: '2026-11-28T12:00:00.000Z', allow: 1, deny: 1, learn: 1, refuse: 1 });
    now.t += 59 * 60_000;
    s = stats.snapshot();
    assert.deepEqual(s.minutes[0], { start: '2026-11-28T12:00:00.000Z', allow: 1, deny: 1, learn: 1, refuse: 1 });
    now.t += 60_000;
    s = stats.snapshot();
    assert.ok(s.minutes.every((m) => m.allow + m.deny + m.learn + m.refuse === 0));
    assert.deepEqual(s.topDenied, []);
  });

  it('ranks denied endpoints by count across the hour, with a bounded number of keys', () => {
    const now = { t: Date.parse('2026-11-28T12:00:00Z') };
    const { stats, send } = feed(now);
    send('deny', 'GET', '/b');
    now.t += 60_000;
    send('deny', 'GET', '/b');
    send('deny', 'DELETE', '/a');
    for (let i = 0; i < MAX_DENIED_KEYS + 10; i++) send('deny', 'GET', `/scan/${i}`);
    const s = stats.snapshot();
    assert.deepEqual(
      s.topDenied.slice(0, 2).map((d) => [d.method, d.path, d.count]),
      [
        ['GET', '/b', 2],
        ['DELETE', '/a', 1],
      ],
    );
    assert.equal(s.topDenied.length, 10);
    assert.equal(s.minutes.at(-1)?.deny, MAX_DENIED_KEYS + 12);
  });

  it('groups denied requests by catalog operation, with learn-mode forwards counted apart', () => {
    const now = { t: Date.parse('2026-11-28T12:00:00Z') };
    const { stats, send } = feed(now);
    send('deny', 'POST', '/v1.47/containers/worker-1/restart');
    send('deny', 'POST', '/v1.47/containers/worker-2/restart');
    send('deny', 'POST', '/v1.47/containers/worker-2/restart');
    send('deny', 'POST', '/v1.47/containers/worker-3/restart', { wouldDeny: true });
    send('deny', 'GET', '/v1.47/no/such/thing');
    const s = stats.snapshot();
    assert.deepEqual(s.topDenied, [
      {
        profile: null,
        method: 'POST',
        pattern: '^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/restart$',
        operation: 'Restart a container',
        path: '/v1.47/containers/worker-2/restart',
        paths: 3,
        count: 3,
        learn: 1,
      },
      {
        profile: null,
        method: 'GET',
        pattern: '^/(v\\d+\\.\\d+/)?no/such/thing$',
        operation: null,
        path: '/v1.47/no/such/thing',
        paths: 1,
        count: 1,
        learn: 0,
      },
    ]);
    assert.deepEqual(s.minutes.at(-1), { start: '2026-11-28T12:00:00.000Z', allow: 0, deny: 4, learn: 1, refuse: 0 });
  });

  it('keeps the denials of each profile apart: a rule that grants one goes into the profile whose rules denied it', () => {
    const now = { t: Date.parse('2026-11-28T12:00:00Z') };
    const { stats, send } = feed(now);
    send('deny', 'POST', '/v1.41/containers/a/restart', { profile: 'traefik' });
    send('deny', 'POST', '/v1.41/containers/b/restart', { profile: 'traefik' });
    send('deny', 'POST', '/v1.41/containers/c/restart', { profile: 'default' });
    assert.deepEqual(
      stats.snapshot().topDenied.map((d) => [d.profile, d.operation, d.count]),
      [
        ['traefik', 'Restart a container', 2],
        ['default', 'Restart a container', 1],
      ],
    );
  });
});
