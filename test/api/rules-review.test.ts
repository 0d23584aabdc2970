// POST /api/rules/review: an unsaved draft's warnings and the risky operations it grants, with the profile's body
// policy, saving nothing; a draft that is not a rule set is refused naming each problem.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { RulesResponse, RulesReview } from '../../shared/protocol/rules.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const rule = (id: string, methods: Rule['methods'], pattern: string): Rule => ({
  id,
  action: 'allow',
  methods,
  pattern,
  comment: '',
  enabled: true,
});
const EXPORT = rule('export', ['GET'], '^/(v\\d+\\.\\d+/)?containers/[^/]+/export$');
const CREATE = rule('create', ['POST'], '^/(v\\d+\\.\\d+/)?containers/create$');
const EXEC = rule('exec', ['POST'], '^/(v\\d+\\.\\d+/)?exec/[^/]+/start$');

describe('POST /api/rules/review', () => {
  let a: AdminDoxy;
  const review = (rules: unknown, query = '') =>
    a.call(`/api/rules/review${query}`, { method: 'POST', body: { rules } });
  before(async () => {
    a = await startAdminDoxy();
  });
  after(async () => {
    await a?.stop();
  });

  it('answers the built-in set with the same warnings a save gives it, and nothing risky', async () => {
    const saved = (await a.call('/api/rules')).body as RulesResponse;
    const r = await review(BUILTIN_RULES);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { warnings: saved.warnings, risky: [] } satisfies RulesReview);
  });

  it('names a dangerous read and the root-equivalent operations a draft grants, and saves nothing', async () => {
    const before = ((await a.call('/api/rules')).body as RulesResponse).revision;
    const r = await review([...BUILTIN_RULES, EXPORT, CREATE, EXEC]);
    assert.equal(r.status, 200, r.text);
    const body = r.body as RulesReview;
    assert.ok(body.risky.includes('GET /containers/{id}/export'), body.risky.join(', '));
    assert.ok(body.risky.includes('POST /containers/create'), body.risky.join(', '));
    assert.ok(body.risky.includes('POST /exec/{id}/start'), body.risky.join(', '));
    assert.ok(body.warnings.some((w) => w.message.includes('rule "export"') && w.message.includes('export')));
    assert.ok(body.warnings.some((w) => w.message.includes('rule "create"') && w.message.includes('body policy')));
    assert.equal(((await a.call('/api/rules')).body as RulesResponse).revision, before);
  });

  it('refuses a draft that is not a rule set, pointing at the bad field, and an unknown profile', async () => {
    const bad = await review([{ ...EXPORT, pattern: '^/(x' }]);
    assert.equal(bad.status, 400, bad.text);
    const e = (bad.body as ApiError).error;
    assert.equal(e.code, 'INVALID_RULES');
    assert.match(JSON.stringify(e), /\/rules\/0\/pattern[\s\S]*missing closing \)[\s\S]*at index 2/);
    const none = await review(BUILTIN_RULES, '?profile=nobody');
    assert.equal(none.status, 404, none.text);
  });
});
