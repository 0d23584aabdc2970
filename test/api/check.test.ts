// POST /api/check answers what the proxy's decide() answers: the unit case table, replayed through the endpoint.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { CheckResponse } from '../../shared/protocol/check.ts';
import {
  caseTitle,
  casesOf,
  DOXY_PATTERN_FILE,
  decideRuleSets,
  type DecideRuleSetName,
} from '../cases/decide-cases.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const SETS = decideRuleSets(readFileSync(DOXY_PATTERN_FILE, 'utf8'));
const NAMES = Object.keys(SETS) as DecideRuleSetName[];

function results(body: unknown): CheckResponse {
  return body as CheckResponse;
}

describe('the check endpoint', () => {
  let a: AdminDoxy;
  const answers = new Map<DecideRuleSetName, CheckResponse>();
  before(async () => {
    a = await startAdminDoxy();
    // One request per rule set, with that set's rules in the body, as the tester sends unsaved edits.
    for (const name of NAMES) {
      const requests = casesOf(name).map((c) => ({ method: c.method, path: c.target }));
      const r = await a.call('/api/check', { method: 'POST', body: { requests, rules: SETS[name] } });
      assert.equal(r.status, 200, r.text);
      answers.set(name, results(r.body));
    }
  });
  after(async () => {
    await a.stop();
  });

  for (const name of NAMES) {
    const cases = casesOf(name);
    cases.forEach((c, i) => {
      it(caseTitle(c), () => {
        const answer = answers.get(name);
        assert.equal(answer?.revision, null);
        const r = answer?.results[i];
        assert.deepEqual({ method: r?.method, path: r?.path }, { method: c.method, path: c.target });
        assert.equal(r?.verdict, c.expect.verdict);
        assert.equal(r?.ruleId, c.expect.ruleId);
        if (r?.verdict === 'refuse') assert.notEqual(r.reason, '');
      });
    });
  }

  it('checks one request against the active rules, with the canonical path and the revision', async () => {
    const r = await a.call('/api/check', {
      method: 'POST',
      body: { method: 'GET', path: '/v1.41/%63ontainers/json?all=1' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(results(r.body), {
      revision: 1,
      results: [
        {
          method: 'GET',
          path: '/v1.41/%63ontainers/json?all=1',
          verdict: 'allow',
          ruleId: 'containers',
          ruleIndex: 1,
          canonicalPath: '/v1.41/containers/json',
          target: '/v1.41/containers/json?all=1',
          reason: '',
        },
      ],
    });
  });

  it('checks a list against the active rules', async () => {
    const r = await a.call('/api/check', {
      method: 'POST',
      body: [
        { method: 'POST', path: '/containers/create' },
        { method: 'GET', path: '/_ping/../x' },
      ],
    });
    assert.equal(r.status, 200);
    const [denied, refused] = results(r.body).results;
    assert.equal(denied?.verdict, 'deny');
    assert.match(denied?.reason ?? '', /no rule allows it/);
    assert.equal(refused?.verdict, 'refuse');
    assert.match(refused?.reason ?? '', /dot segment/);
  });

  for (const c of [
    { body: { requests: [{ method: 'GET' }] }, where: '/requests/0/path' },
    { body: [{ method: 1, path: '/' }], where: '/0/method' },
    { body: { method: 'GET' }, where: '/path' },
    {
      body: {
        requests: [{ method: 'GET', path: '/' }],
        rules: [{ id: 'x', action: 'allow', methods: '*', pattern: '(' }],
      },
      where: '/rules/0/pattern',
    },
  ]) {
    it(`answers 400 at ${c.where} for a bad check body`, async () => {
      const r = await a.call('/api/check', { method: 'POST', body: c.body });
      assert.equal(r.status, 400);
      assert.equal((r.body as ApiError).error.where, c.where);
    });
  }
});
