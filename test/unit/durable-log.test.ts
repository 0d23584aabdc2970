// The durable request log: JSON lines next to the store, rotated by size, searchable after a restart.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LogEntry } from '../../shared/protocol/log.ts';
import { createDurableLog } from '../../server/log/durable-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'doxy-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function entry(id: number, over: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    time: new Date(Date.UTC(2026, 10, 28, 12, 0, id)).toISOString(),
    method: 'GET',
    path: `/v1.41/containers/c${id}/json`,
    status: 200,
    verdict: 'allow',
    ruleId: 'containers',
    reason: '',
    durationMs: 1,
    bytes: 10,
    kind: 'http',
    ...over,
  };
}

describe('durable request log', () => {
  it('keeps entries across a restart and finds them by decision, method, path text and time', async () => {
    const file = join(dir, 'a.jsonl');
    const first = createDurableLog({ file });
    for (let i = 1; i <= 20; i++)
      first.append(
        entry(i, i % 4 === 0 ? { verdict: 'deny', status: 403, method: 'POST', path: `/v1.41/networks/create` } : {}),
      );
    await first.close();
    const second = createDurableLog({ file });
    assert.equal((await second.search({})).length, 20);
    const denied = await second.search({ verdict: 'deny' });
    assert.equal(denied.length, 5);
    assert.deepEqual(
      denied.map((e) => e.id),
      [20, 16, 12, 8, 4],
    );
    assert.equal((await second.search({ method: 'POST', text: 'networks' })).length, 5);
    assert.equal((await second.search({ text: 'c3/' })).length, 1);
    assert.deepEqual(
      (await second.search({ from: entry(10).time, to: entry(12).time })).map((e) => e.id),
      [12, 11, 10],
    );
    assert.equal((await second.search({ limit: 3 })).length, 3);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const file = join(dir, 'b.jsonl');
    const log = createDurableLog({ file, maxBytes: 2000, maxFiles: 3 });
    for (let i = 1; i <= 200; i++) {
      log.append(entry(i));
      if (i % 10 === 0) await log.flush();
    }
    await log.close();
    const files = readdirSync(dir).filter((f) => f.startsWith('b.jsonl'));
    assert.deepEqual(files.sort(), ['b.jsonl', 'b.jsonl.1', 'b.jsonl.2']);
    for (const f of files) assert.ok(statSync(join(dir, f)).size <= 2000 + 300, f);
    const kept = await createDurableLog({ file, maxBytes: 2000, maxFiles: 3 }).search({ limit: 1000 });
    assert.equal(kept[0]?.id, 200, 'the newest entry comes first');
    assert.ok(kept.length < 200, 'the oldest files were dropped');
  });

  it('skips a torn last line left by a crash', async () => {
    const file = join(dir, 'c.jsonl');
    const log = createDurableLog({ file });
    log.append(entry(1));
    await log.close();
    appendFileSync(file, '{"id":2,"time":"2026-');
    const reopened = createDurableLog({ file });
    assert.deepEqual(
      (await reopened.search({})).map((e) => e.id),
      [1],
    );
    reopened.append(entry(3));
    await reopened.close();
    assert.deepEqual(
      (await reopened.search({})).map((e) => e.id),
      [3, 1],
      'an entry written after the torn line survives',
    );
    assert.ok(existsSync(file));
  });
});
