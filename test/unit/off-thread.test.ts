// startOffThread(): jobs run on a worker thread and answer their value; an AdminError thrown there reaches the caller
// as one; past its bound the queue answers 503 at once; a worker that died or was closed is replaced by the next job;
// no worker runs before the first job, and an idle one stops without a word and is started again by the next job.
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { AdminError } from '../../server/admin/api-error.ts';
import { startOffThread } from '../../server/admin/off-thread.ts';

/** Rules that take the worker a while to check, so that later jobs wait behind them. */
const MANY = Array.from({ length: 2000 }, (_, i) => ({ ...BUILTIN_RULES[0], id: `r${i}`, pattern: `^/r${i}/[a-z]+$` }));

describe('off-thread jobs', () => {
  const offThread = startOffThread({ maxQueued: 2 });
  after(() => offThread.close());

  it('a job answers what the function answers', async () => {
    const checked = await offThread.run('validateRules', BUILTIN_RULES, '/rules');
    assert.deepEqual(checked, { ok: true, value: BUILTIN_RULES });
  });

  it('an AdminError thrown on the worker arrives as one, with its status, code and where', async () => {
    const error = await offThread.run('readImport', 'allow GET ^/(', 'bad.pattern').catch((e: unknown) => e);
    assert.ok(error instanceof AdminError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'INVALID_FILE');
    assert.equal(error.where, 'bad.pattern:1');
    assert.match(error.message, /missing closing \)/);
  });

  it('past its bound the queue answers 503 BUSY at once, and the jobs it holds still answer', async () => {
    const held = [offThread.run('validateRules', MANY, '/rules'), offThread.run('validateRules', MANY, '/rules')];
    const refused = await offThread.run('validateRules', [], '/rules').catch((e: unknown) => e);
    assert.ok(refused instanceof AdminError, String(refused));
    assert.equal(refused.status, 503);
    assert.equal(refused.code, 'BUSY');
    for (const answer of await Promise.all(held)) assert.equal(answer.ok, true);
  });

  it('after the worker is closed, the next job starts another', async () => {
    await offThread.close();
    const checked = await offThread.run('validateRules', [], '/rules');
    assert.deepEqual(checked, { ok: true, value: [] });
  });
});

describe('an off-thread worker that dies', () => {
  // Too small a heap for checking thousands of rules, enough for a few.
  const offThread = startOffThread({ heapMb: 32 });
  after(() => offThread.close());

  it('fails its job with 503, and the next job runs on a new worker', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...MANY[0], id: `r${i}`, pattern: `^/r${i}/[a-z]+$` }));
    const died = await offThread.run('validateRules', many, '/rules').catch((e: unknown) => e);
    assert.ok(died instanceof AdminError, String(died));
    assert.equal(died.status, 503);
    assert.equal(died.code, 'CHECKER_RESTARTED');
    assert.deepEqual(await offThread.run('validateRules', BUILTIN_RULES, '/rules'), { ok: true, value: BUILTIN_RULES });
  });
});

describe('an idle off-thread worker', () => {
  const offThread = startOffThread({ idleStopMs: 1000 });
  after(() => offThread.close());

  it('starts with the first job, stops once it has had none for a while, and the next job starts another', async () => {
    assert.equal(offThread.running(), false, 'no worker before the first job');
    assert.deepEqual(await offThread.run('validateRules', [], '/rules'), { ok: true, value: [] });
    assert.equal(offThread.running(), true);
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) =>
      said.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      await sleep(100);
      assert.equal(offThread.running(), true, 'still up between jobs');
      await sleep(2000);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(offThread.running(), false, 'stopped after 1 s without a job');
    assert.deepEqual(said, [], 'a worker stopped for being idle is not reported as one that died');
    assert.deepEqual(await offThread.run('validateRules', BUILTIN_RULES, '/rules'), { ok: true, value: BUILTIN_RULES });
    assert.equal(offThread.running(), true);
  });

  it('a job that arrives in time keeps the worker up', async () => {
    await offThread.run('validateRules', [], '/rules');
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      await offThread.run('validateRules', [], '/rules');
    }
    assert.equal(offThread.running(), true, 'jobs 150 ms apart, under the 1 s idle time');
  });
});
