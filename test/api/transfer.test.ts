// Export and import: a dry run shows the diff, a bad file is refused with where and changes nothing, a round trip is exact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import { formatRuleSetFile } from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

function rulesOf(body: unknown): RulesResponse {
  return body as RulesResponse;
}

function ids(rules: readonly Rule[]): string[] {
  return rules.map((r) => r.id);
}

describe('export and import', () => {
  let a: AdminDoxy;
  const current = async (): Promise<RulesResponse> => rulesOf((await a.call('/api/rules')).body);
  const importFile = (text: string, query: string): ReturnType<AdminDoxy['call']> =>
    a.call(`/api/import?${query}`, { method: 'POST', body: text, headers: { 'Content-Type': 'text/plain' } });

  before(async () => {
    a = await startAdminDoxy();
  });
  after(async () => {
    await a.stop();
  });

  it('GET /api/export answers the saved rules as a doxy-ruleset attachment', async () => {
    const r = await a.call('/api/export');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="?doxy-rules-r1\.json"?$/);
    assert.deepEqual(r.body, { format: 'doxy-ruleset', version: 1, rules: BUILTIN_RULES });
  });

  it('GET /api/export?format=pattern answers a pattern file of the same rules', async () => {
    const r = await a.call('/api/export?format=pattern');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="?doxy-rules-r1\.pattern"?$/);
    const parsed = parsePatternFile(r.text, 'export');
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.value.map((x) => x.pattern),
      BUILTIN_RULES.map((x) => x.pattern),
    );
  });

  it('a dry run answers added, removed, changed and reordered, and changes nothing', async () => {
    const [ping, containers, ...rest] = BUILTIN_RULES;
    assert.ok(ping && containers);
    const next: Rule[] = [
      containers,
      { ...ping, pattern: '^/_ping$', enabled: false },
      ...rest.filter((r) => r.id !== 'info'),
      { id: 'events', action: 'allow', methods: ['GET'], pattern: '^/events$', comment: '', enabled: true },
    ];
    const r = await importFile(formatRuleSetFile(next), 'dryRun=1&name=next.json');
    assert.equal(r.status, 200, r.text);
    const answer = r.body as ImportResponse;
    assert.equal(answer.dryRun, true);
    assert.equal(answer.format, 'doxy-ruleset');
    assert.equal(answer.revision, 1);
    assert.deepEqual(ids(answer.diff.added), ['events']);
    assert.deepEqual(ids(answer.diff.removed), ['info']);
    assert.deepEqual(
      answer.diff.changed.map((c) => [c.id, c.fields]),
      [['ping', ['pattern', 'enabled']]],
    );
    assert.equal(answer.diff.reordered, true);
    assert.equal((await current()).revision, 1);
  });

  const MALFORMED: readonly { what: string; text: string; where: string }[] = [
    { what: 'text that is not JSON', text: '{"format": "doxy-ruleset",', where: '/' },
    { what: 'another format', text: JSON.stringify({ format: 'other', version: 1, rules: [] }), where: '/format' },
    {
      what: 'a future version',
      text: JSON.stringify({ format: 'doxy-ruleset', version: 2, rules: [] }),
      where: '/version',
    },
    {
      what: 'a rule without a pattern',
      text: JSON.stringify({ format: 'doxy-ruleset', version: 1, rules: [{ id: 'a', action: 'allow', methods: '*' }] }),
      where: '/rules/0/pattern',
    },
    {
      what: 'a bad pattern',
      text: formatRuleSetFile([{ ...BUILTIN_RULES[0]!, pattern: '^/_ping[' }]),
      where: '/rules/0/pattern',
    },
    {
      what: 'an unknown method',
      text: JSON.stringify({
        format: 'doxy-ruleset',
        version: 1,
        rules: [{ ...BUILTIN_RULES[0], methods: ['GET', 'FETCH'] }],
      }),
      where: '/rules/0/methods/1',
    },
    { what: 'a pattern file with a bad line', text: 'allow GET ^/_ping$\nallow GET ^/info(\n', where: 'bad.pattern:2' },
    { what: 'an empty file', text: '  \n', where: '/' },
  ];
  for (const c of MALFORMED) {
    it(`refuses ${c.what} with 400 at ${c.where}, dry run or not, and the rules stay`, async () => {
      for (const query of ['dryRun=1&name=bad.pattern', 'basedOn=1&name=bad.pattern']) {
        const r = await importFile(c.text, query);
        assert.equal(r.status, 400, r.text);
        const e = (r.body as ApiError).error;
        assert.equal(e.code, 'INVALID_FILE');
        assert.equal(e.where, c.where, e.message);
      }
      const now = await current();
      assert.equal(now.revision, 1);
      assert.deepEqual(now.rules, BUILTIN_RULES);
    });
  }

  it('applying an import needs basedOn, and a stale one answers 409 with the rules untouched', async () => {
    const text = formatRuleSetFile([]);
    const missing = await importFile(text, 'name=x.json');
    assert.equal(missing.status, 400);
    assert.equal((missing.body as ApiError).error.where, '?basedOn');
    const stale = await importFile(text, 'basedOn=7&name=x.json');
    assert.equal(stale.status, 409);
    assert.deepEqual((await current()).rules, BUILTIN_RULES);
  });

  it("imports doxy's own pattern file", async () => {
    const text = readFileSync(DOXY_PATTERN_FILE, 'utf8');
    const dry = await importFile(text, 'dryRun=1&name=doxy.pattern');
    assert.equal(dry.status, 200, dry.text);
    const preview = dry.body as ImportResponse;
    assert.equal(preview.format, 'doxy-pattern');
    assert.equal(preview.diff.added.length, 10);
    assert.equal(preview.diff.removed.length, BUILTIN_RULES.length);
    const applied = await importFile(text, `basedOn=${preview.revision}&name=doxy.pattern`);
    assert.equal(applied.status, 200, applied.text);
    const now = await current();
    assert.equal(now.revision, 2);
    assert.deepEqual(now.rules, preview.rules);
  });

  it('export then import is a round trip: the same rules, comments, order and enabled state', async () => {
    const mine: Rule[] = [
      { id: 'b', action: 'deny', methods: '*', pattern: '^/secrets', comment: 'never\nsecrets', enabled: true },
      { id: 'a', action: 'allow', methods: ['GET', 'HEAD'], pattern: '^/_ping$', comment: '', enabled: false },
    ];
    const saved = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 2, rules: mine } });
    assert.equal(saved.status, 200);
    const exported = await a.call('/api/export');
    await a.call('/api/rules', { method: 'PUT', body: { basedOn: 3, rules: BUILTIN_RULES } });
    const r = await importFile(exported.text, 'basedOn=4&name=exported.json&confirm=1');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((await current()).rules, mine);
    assert.equal((await a.call('/api/export')).text, exported.text);
  });
});
