// startOffThread(): jobs run on a worker thread and answer their value; an AdminError thrown there reaches the caller
// as one; past its bound the queue answers 503 at once; a worker that died or was closed is replaced by the next job.
import { after, describe, it } from 'node:test';
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
