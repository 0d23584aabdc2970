// A wrong file must not silently replace a profile's rules (issue 12, item 7): a text file that is not a pattern file
// is refused with its line numbers; the import preview shows lint warnings and what would be lost; an import or save
// that takes away most of what the profile grants, or the ping, answers 409 unless confirmed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { formatRuleSetFile } from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import {
  addAgentProfile,
  agentRules,
  NARROWED_AGENT,
  revision as currentRevision,
} from '../harness/narrowed-profile.ts';

const rule = (id: string, pattern: string, fields: Partial<Rule> = {}): Rule => ({
  id,
  action: 'allow',
  methods: ['GET'],
  pattern,
  comment: '',
  enabled: true,
  ...fields,
});

describe('importing or saving what takes most of a profile away', () => {
  let a: AdminDoxy;
  const current = async (): Promise<RulesResponse> => (await a.call('/api/rules')).body as RulesResponse;
  const importText = (text: string, query: string): ReturnType<AdminDoxy['call']> =>
    a.call(`/api/import?${query}`, { method: 'POST', body: text, headers: { 'Content-Type': 'text/plain' } });
  const error = (body: unknown): ApiError['error'] => (body as ApiError).error;

  before(async () => {
    a = await startAdminDoxy();
  });
  after(async () => {
    await a?.stop();
  });

  it('a text file that is not a pattern file is refused, naming each line, and nothing is offered', async () => {
    const r = await importText('this is not a rule file\n{ oops\n', 'dryRun=1&name=notes.txt');
    assert.equal(r.status, 400, r.text);
    assert.equal(error(r.body).code, 'INVALID_FILE');
    assert.deepEqual(
      (error(r.body).problems ?? []).map((p) => [p.where, /can never match a request path/.test(p.message)]),
      [
        ['notes.txt:1', true],
        ['notes.txt:2', true],
      ],
    );
  });

  // A JSON rule set that parses, but keeps one read and loses the ping and the rest; one rule can never match.
  const narrow = [rule('info', '^/(v\\d+\\.\\d+/)?info$'), rule('oops', 'containers/json')];

  it('the preview shows the lint warnings of the new set and what it would take away', async () => {
    const r = await importText(formatRuleSetFile(narrow), 'dryRun=1&name=narrow.json');
    assert.equal(r.status, 200, r.text);
    const preview = r.body as ImportResponse;
    assert.ok(
      preview.warnings.some(
        (w) => w.where === '/rules/1/pattern' && /"oops" can never match a request path/.test(w.message),
      ),
      JSON.stringify(preview.warnings),
    );
    assert.equal(preview.loss.needsConfirm, true);
    assert.equal(preview.loss.ping, true);
    assert.ok(preview.loss.lost.includes('GET /containers/json'), preview.loss.lost.join(', '));
    assert.ok(!preview.loss.lost.includes('GET /info'));
    assert.match(preview.loss.message ?? '', /takes away \d+ of the \d+ operations the profile grants and the ping/);
  });

  it('applying it unconfirmed answers 409 with what would be lost, and saves nothing', async () => {
    const before = await current();
    const r = await importText(formatRuleSetFile(narrow), `basedOn=${before.revision}&name=narrow.json`);
    assert.equal(r.status, 409, r.text);
    assert.equal(error(r.body).code, 'CONFIRM_NEEDED');
    assert.equal(error(r.body).where, '?confirm');
    const lost = (error(r.body).problems ?? []).map((p) => p.where);
    assert.ok(lost.includes('GET /_ping') && lost.includes('GET /containers/json'), lost.join(', '));
    assert.deepEqual(await current(), before);
  });

  it('confirmed, it is applied', async () => {
    const before = await current();
    const r = await importText(formatRuleSetFile(narrow), `basedOn=${before.revision}&name=narrow.json&confirm=1`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      (await current()).rules.map((x) => x.id),
      ['info', 'oops'],
    );
  });

  it('a save that loses the ping alone asks too; one that loses little does not', async () => {
    const put = (rules: readonly Rule[], basedOn: number, confirm = false): ReturnType<AdminDoxy['call']> =>
      a.call(`/api/rules${confirm ? '?confirm=1' : ''}`, { method: 'PUT', body: { basedOn, rules } });
    let revision = (await current()).revision;
    // Back to the built-in set: it takes nothing away.
    assert.equal((await put(BUILTIN_RULES, revision)).status, 200);
    revision++;
    const noPing = BUILTIN_RULES.map((r) => (r.id === 'ping' ? { ...r, enabled: false } : r));
    const asked = await put(noPing, revision);
    assert.equal(asked.status, 409, asked.text);
    assert.match(error(asked.body).message, /takes away the ping/);
    const oneLess = BUILTIN_RULES.filter((r) => r.id !== 'volumes');
    assert.equal((await put(oneLess, revision)).status, 200, 'losing one operation of many is not asked about');
    revision++;
    const most = [BUILTIN_RULES[0] as Rule];
    assert.equal((await put(most, revision)).status, 409);
    assert.equal((await put(most, revision, true)).status, 200);
  });

  it('a stale save is the usual revision conflict, not a confirmation', async () => {
    const r = await a.call('/api/rules', { method: 'PUT', body: { basedOn: 1, rules: [] } });
    assert.equal(r.status, 409);
    assert.equal(error(r.body).code, 'REVISION_CONFLICT');
  });
});

describe('a whole-configuration import or a history restore that takes most of a profile away', () => {
  let a: AdminDoxy;
  const error = (body: unknown): ApiError['error'] => (body as ApiError).error;
  const config = async (): Promise<string> => (await a.call('/api/export?format=config')).text;
  const revision = (): Promise<number> => currentRevision(a);
  const importConfig = (text: string, query: string): ReturnType<AdminDoxy['call']> =>
    a.call(`/api/import?name=doxy-config.json&${query}`, {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': 'text/plain' },
    });
  const restore = (wanted: number, basedOn: number, confirm = false): ReturnType<AdminDoxy['call']> =>
    a.call(`/api/history/${wanted}/restore${confirm ? '?confirm=1' : ''}`, { method: 'POST', body: { basedOn } });
  let full = 0;

  before(async () => {
    a = await startAdminDoxy();
    full = await addAgentProfile(a);
  });
  after(async () => {
    await a?.stop();
  });

  it('an import unconfirmed answers 409 naming the profile and what it would lose, and saves nothing', async () => {
    const before = await config();
    const r = await importConfig(NARROWED_AGENT, `basedOn=${full}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(error(r.body).code, 'CONFIRM_NEEDED');
    assert.equal(error(r.body).where, '?confirm');
    assert.match(
      error(r.body).message,
      /profile agent: this change takes away \d+ of the \d+ operations .* and the ping/,
    );
    assert.doesNotMatch(error(r.body).message, /profile default/);
    const lost = (error(r.body).problems ?? []).map((p) => p.where);
    assert.ok(lost.includes('agent: GET /_ping') && lost.includes('agent: GET /containers/json'), lost.join(', '));
    assert.ok(!lost.some((w) => w.startsWith('default:')), lost.join(', '));
    assert.equal(await config(), before);
  });

  it('confirmed, it is applied; one that loses nothing is not asked about', async () => {
    const again = await importConfig(await config(), `basedOn=${full}`);
    assert.equal(again.status, 200, 'importing the current configuration takes nothing away');
    const r = await importConfig(NARROWED_AGENT, `basedOn=${await revision()}&confirm=1`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await agentRules(a), ['info']);
  });

  it('restoring a revision that had it NARROWED_AGENT asks too; restoring what grants more does not', async () => {
    const narrow = await revision();
    assert.equal((await restore(full, narrow)).status, 200, 'restoring the full rules loses nothing');
    const now = await revision();
    const before = await config();
    const asked = await restore(narrow, now);
    assert.equal(asked.status, 409, asked.text);
    assert.equal(error(asked.body).code, 'CONFIRM_NEEDED');
    assert.match(error(asked.body).message, /profile agent: .*the ping/);
    assert.equal(await config(), before);
    const done = await restore(narrow, now, true);
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(await agentRules(a), ['info']);
  });

  it('a stale restore is the usual revision conflict, not a confirmation', async () => {
    const r = await restore(full, 1);
    assert.equal(r.status, 409);
    assert.equal(error(r.body).code, 'REVISION_CONFLICT');
  });
});
