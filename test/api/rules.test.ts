// GET and PUT /api/rules: whole ordered sets, saved on top of the revision they were edited from, kept across a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const MINE: Rule[] = [
  { id: 'ping', action: 'allow', methods: ['GET', 'HEAD'], pattern: '^/_ping$', comment: 'health', enabled: true },
  { id: 'no-secrets', action: 'deny', methods: '*', pattern: '^/secrets.*', comment: '', enabled: false },
];

function state(body: unknown): RulesResponse {
  return body as RulesResponse;
}

function error(body: unknown): ApiError['error'] {
  return (body as ApiError).error;
}

describe('the rules endpoints', () => {
  let dir: string;
  let a: AdminDoxy;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-api-rules-'));
    a = await startAdminDoxy({ dir });
  });
  after(async () => {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/rules answers the built-in set at revision 1, with warnings', async () => {
    const r = await a.call('/api/rules');
    assert.equal(r.status, 200);
    assert.equal(state(r.body).revision, 1);
    assert.deepEqual(state(r.body).rules, BUILTIN_RULES);
    assert.deepEqual(state(r.body).warnings, []);
  });

  it('PUT saves the whole ordered set as the next revision', async () => {
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: MINE } });
    assert.equal(r.status, 200);
    assert.equal(state(r.body).revision, 2);
    assert.deepEqual(state((await a.call('/api/rules')).body), state(r.body));
    assert.deepEqual(state(r.body).rules, MINE);
  });

  it('PUT on a stale revision answers 409 and loses nothing', async () => {
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: [] } });
    assert.equal(r.status, 409);
    assert.equal(error(r.body).code, 'REVISION_CONFLICT');
    assert.equal(error(r.body).where, '/basedOn');
    assert.match(error(r.body).message, /revision 2/);
    const now = state((await a.call('/api/rules')).body);
    assert.equal(now.revision, 2);
    assert.deepEqual(now.rules, MINE);
  });

  it('PUT with a bad pattern answers 400 pointing at it, with the position, and saves nothing', async () => {
    const rules = [MINE[0], { ...MINE[1], pattern: '^/secrets(' }];
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 2, rules } });
    assert.equal(r.status, 400);
    assert.equal(error(r.body).code, 'INVALID_RULES');
    assert.equal(error(r.body).where, '/rules/1/pattern');
    assert.match(error(r.body).message, /at index \d+/);
    assert.equal(state((await a.call('/api/rules')).body).revision, 2);
  });

  const BAD_BODIES: readonly { what: string; body: unknown; where: string }[] = [
    { what: 'no basedOn', body: { rules: MINE }, where: '/basedOn' },
    { what: 'basedOn not a number', body: { basedOn: '2', rules: MINE }, where: '/basedOn' },
    { what: 'rules not a list', body: { basedOn: 2, rules: {} }, where: '/rules' },
    {
      what: 'an unknown method',
      body: { basedOn: 2, rules: [{ ...MINE[0], methods: ['FETCH'] }] },
      where: '/rules/0/methods/0',
    },
    {
      what: 'an unknown action',
      body: { basedOn: 2, rules: [MINE[0], { ...MINE[1], action: 'maybe' }] },
      where: '/rules/1/action',
    },
    { what: 'a duplicate id', body: { basedOn: 2, rules: [MINE[0], MINE[0]] }, where: '/rules/1/id' },
    { what: 'a bad id', body: { basedOn: 2, rules: [{ ...MINE[0], id: 'has space' }] }, where: '/rules/0/id' },
    { what: 'an empty pattern', body: { basedOn: 2, rules: [{ ...MINE[0], pattern: '' }] }, where: '/rules/0/pattern' },
    { what: 'an unknown field', body: { basedOn: 2, rules: MINE, force: true }, where: '/' },
    { what: 'not an object', body: '"rules"', where: '/' },
  ];
  for (const c of BAD_BODIES) {
    it(`PUT with ${c.what} answers 400 at ${c.where}`, async () => {
      const r = await a.call('/api/rules?confirm=1', {
        method: 'PUT',
        body: c.body,
        headers: { 'Content-Type': 'application/json' },
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(error(r.body).where, c.where, r.text);
      assert.equal(state((await a.call('/api/rules')).body).revision, 2);
    });
  }

  it('PUT with a body that is not JSON answers 400 BAD_JSON', async () => {
    const r = await a.call('/api/rules?confirm=1', {
      method: 'PUT',
      body: '{"basedOn": 2,',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 400);
    assert.equal(error(r.body).code, 'BAD_JSON');
  });

  it('an unknown endpoint answers 404 in the same error shape', async () => {
    const r = await a.call('/api/nothing');
    assert.equal(r.status, 404);
    assert.equal(error(r.body).code, 'NOT_FOUND');
  });

  it('warns about a rule that grants a dangerous endpoint, naming it', async () => {
    const all: Rule = { id: 'everything', action: 'allow', methods: '*', pattern: '.*', comment: '', enabled: true };
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 2, rules: [...MINE, all] } });
    assert.equal(r.status, 200);
    const warnings = state(r.body)
      .warnings.filter((w) => w.where === '/rules/2')
      .map((w) => w.message);
    assert.ok(
      warnings.some((m) => /rule "everything" .*allows GET \/containers\/\{id\}\/export/.test(m)),
      warnings.join('\n'),
    );
    const back = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 3, rules: MINE } });
    assert.equal(state(back.body).revision, 4);
  });

  it('saved rules survive a restart', async () => {
    await a.stop();
    a = await startAdminDoxy({ dir });
    const r = state((await a.call('/api/rules')).body);
    assert.equal(r.revision, 4);
    assert.deepEqual(r.rules, MINE);
  });
});
