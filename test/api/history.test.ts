// GET /api/history and restore: every saved set is kept, and an old one comes back as a new revision.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { HistoryResponse } from '../../shared/protocol/history.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const ONE: Rule[] = [
  { id: 'ping', action: 'allow', methods: ['GET'], pattern: '^/_ping$', comment: '', enabled: true },
];

describe('history and restore', () => {
  let a: AdminDoxy;
  before(async () => {
    a = await startAdminDoxy();
    await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: ONE, reason: 'only ping' } });
    await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 2, rules: [] } });
  });
  after(async () => {
    await a.stop();
  });

  it('lists every saved revision, newest first, with its reason and rules', async () => {
    const r = await a.call('/api/history');
    assert.equal(r.status, 200);
    const h = r.body as HistoryResponse;
    assert.equal(h.revision, 3);
    assert.deepEqual(
      h.entries.map((e) => [e.revision, e.reason]),
      [
        [3, 'saved in the admin app'],
        [2, 'only ping'],
        [1, 'built-in rules'],
      ],
    );
    assert.deepEqual(h.entries[1]?.rules, ONE);
  });

  it('restores an old revision as a new one, which is in force at once', async () => {
    const r = await a.call('/api/history/1/restore', { method: 'POST', body: { basedOn: 3 } });
    assert.equal(r.status, 200, r.text);
    const state = r.body as RulesResponse;
    assert.equal(state.revision, 4);
    assert.deepEqual(state.rules, BUILTIN_RULES);
    const h = (await a.call('/api/history')).body as HistoryResponse;
    assert.equal(h.entries[0]?.reason, 'restored revision 1');
    const check = await a.call('/api/check', { method: 'POST', body: { method: 'GET', path: '/_ping' } });
    assert.deepEqual(check.body, {
      revision: 4,
      results: [
        {
          method: 'GET',
          path: '/_ping',
          verdict: 'allow',
          ruleId: 'ping',
          ruleIndex: 0,
          canonicalPath: '/_ping',
          target: '/_ping',
          reason: '',
        },
      ],
    });
  });

  it('a restore on a stale revision answers 409 and changes nothing', async () => {
    const r = await a.call('/api/history/2/restore', { method: 'POST', body: { basedOn: 3 } });
    assert.equal(r.status, 409);
    assert.equal(((await a.call('/api/rules')).body as RulesResponse).revision, 4);
  });

  it('restoring a revision that is not in the history answers 404', async () => {
    for (const rev of ['99', 'abc']) {
      const r = await a.call(`/api/history/${rev}/restore`, { method: 'POST', body: { basedOn: 4 } });
      assert.equal(r.status, 404);
      assert.equal((r.body as ApiError).error.code, 'NO_SUCH_REVISION');
    }
  });
});
