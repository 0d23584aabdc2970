// Changes made through the API apply to the proxy socket at once, and each proxied request reaches the live log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { LogBatch, LogEntry } from '../../shared/protocol/log.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';

const docker = dockerEnv();

async function putRules(a: AdminDoxy, change: (rules: readonly Rule[]) => readonly Rule[]): Promise<number> {
  const now = (await a.call('/api/rules')).body as RulesResponse;
  const r = await a.call('/api/rules', { method: 'PUT', body: { basedOn: now.revision, rules: change(now.rules) } });
  assert.equal(r.status, 200, r.text);
  return (r.body as RulesResponse).revision;
}

/** Waits (bounded) for a log entry the predicate picks, from the backlog or a batch. */
function nextEntry(socket: Socket, pick: (e: LogEntry) => boolean, timeoutMs = 10_000): Promise<LogEntry> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such log entry arrived')), timeoutMs);
    const look = (batch: LogBatch): void => {
      const found = batch.entries.find(pick);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    socket.on('backlog', look);
    socket.on('entries', look);
  });
}

describe('a change through the API, seen on the proxy socket', () => {
  let a: AdminDoxy;
  before(async () => {
    a = await startAdminDoxy({ dockerSocket: docker.env?.socket });
  });
  after(async () => {
    await a.stop();
  });

  it('a deny rule put first denies a request the built-in rules allowed, at once', async () => {
    const before = await a.call('/api/check', { method: 'POST', body: { method: 'GET', path: '/info' } });
    assert.equal((before.body as { results: { verdict: string }[] }).results[0]?.verdict, 'allow');
    await putRules(a, (rules) => [
      { id: 'no-info', action: 'deny', methods: '*', pattern: '^/(v\\d+\\.\\d+/)?info$', comment: '', enabled: true },
      ...rules,
    ]);
    const r = await a.proxy('GET', '/info');
    assert.equal(r.status, 403);
    assert.match((r.body as { message: string }).message, /denied by rule "no-info"/);
    await putRules(a, (rules) => rules.filter((x) => x.id !== 'no-info'));
  });

  it('each proxied request reaches a socket.io watcher, with its decision', async () => {
    const socket = io(a.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { Authorization: `Bearer ${TOKEN}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('backlog', () => resolve());
        socket.on('connect_error', reject);
      });
      const arrived = nextEntry(socket, (e) => e.path === '/v1.41/containers/x/exec');
      const r = await a.proxy('POST', '/v1.41/containers/x/exec');
      assert.equal(r.status, 403);
      const e = await arrived;
      assert.deepEqual(
        { method: e.method, status: e.status, verdict: e.verdict, ruleId: e.ruleId },
        { method: 'POST', status: 403, verdict: 'deny', ruleId: null },
      );
    } finally {
      socket.close();
    }
  });

  it('a watcher is told the current revision when it connects, then each new one', async () => {
    // Saved before this watcher connects: an app whose socket connects after its first load must still learn of it.
    const before = await putRules(a, (rules) => rules);
    const socket = io(a.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { Authorization: `Bearer ${TOKEN}` },
    });
    const announced: number[] = [];
    const next = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no revision announced within 5 s')), 5000);
        socket.once('revision', (r: number) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    socket.on('revision', (r: number) => announced.push(r));
    try {
      const first = next();
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      assert.equal(await first, before);
      const later = next();
      const saved = await putRules(a, (rules) => rules);
      assert.equal(await later, saved);
      assert.deepEqual(announced, [before, saved]);
    } finally {
      socket.close();
    }
  });
});

describe('a request through the proxy socket to a real dockerd', { skip: docker.skip }, () => {
  let a: AdminDoxy;
  before(async () => {
    a = await startAdminDoxy({ dockerSocket: docker.env?.socket });
  });
  after(async () => {
    await a.stop();
  });

  it('flips from 403 to 200 when an allow rule is saved, and back after a restore', async () => {
    assert.equal((await a.proxy('GET', '/v1.41/system/df')).status, 403);
    const revision = await putRules(a, (rules) => [
      ...rules,
      {
        id: 'disk-usage',
        action: 'allow',
        methods: ['GET'],
        pattern: '^/(v\\d+\\.\\d+/)?system/df$',
        comment: '',
        enabled: true,
      },
    ]);
    const allowed = await a.proxy('GET', '/v1.41/system/df');
    assert.equal(allowed.status, 200, allowed.text);
    assert.ok(Array.isArray((allowed.body as { Images?: unknown }).Images));
    const restored = await a.call(`/api/history/${revision - 1}/restore`, {
      method: 'POST',
      body: { basedOn: revision },
    });
    assert.equal(restored.status, 200);
    assert.equal((await a.proxy('GET', '/v1.41/system/df')).status, 403);
  });
});
