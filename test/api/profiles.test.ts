// /api/profiles, ?profile= on the rule endpoints, and POST /api/coverage/compare: named rule sets under one revision.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { CheckResponse } from '../../shared/protocol/check.ts';
import type { CoverageCompareResponse, CoverageResponse } from '../../shared/protocol/coverage.ts';
import type { HistoryResponse } from '../../shared/protocol/history.ts';
import type { ProfilesResponse } from '../../shared/protocol/profiles.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import { PRESETS, presetRules } from '../../shared/presets/presets.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const PING: Rule = {
  id: 'ping',
  action: 'allow',
  methods: ['GET', 'HEAD'],
  pattern: '^/_ping$',
  comment: '',
  enabled: true,
};
const error = (body: unknown): ApiError['error'] => (body as ApiError).error;

describe('profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-api-profiles-'));
  let a: AdminDoxy;
  const revision = async (): Promise<number> => ((await a.call('/api/profiles')).body as ProfilesResponse).revision;
  before(async () => {
    a = await startAdminDoxy({ dir });
  });
  after(async () => {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with profile "default" alone, bound to the --proxy-socket', async () => {
    const r = (await a.call('/api/profiles')).body as ProfilesResponse;
    assert.deepEqual(
      r.profiles.map((p) => [p.name, p.sockets]),
      [['default', [a.doxy.socket]]],
    );
  });

  it('creates a profile empty, from a preset, or as a copy of another', async () => {
    let r = await a.call('/api/profiles', { method: 'POST', body: { basedOn: await revision(), name: 'empty' } });
    assert.equal(r.status, 201, r.text);
    const traefik = PRESETS.find((p) => p.id === 'traefik');
    assert.ok(traefik);
    r = await a.call('/api/profiles', {
      method: 'POST',
      body: { basedOn: await revision(), name: 'proxy-a', from: { preset: 'traefik' } },
    });
    assert.equal(r.status, 201, r.text);
    r = await a.call('/api/profiles', {
      method: 'POST',
      body: { basedOn: await revision(), name: 'proxy-b', from: { profile: 'proxy-a' } },
    });
    const profiles = (r.body as ProfilesResponse).profiles;
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['default', 'empty', 'proxy-a', 'proxy-b'],
    );
    assert.deepEqual(profiles[1]?.rules, []);
    assert.ok(profiles[1]?.warnings.some((w) => /every request is denied/.test(w.message)));
    assert.deepEqual(profiles[2]?.rules, presetRules(traefik));
    assert.deepEqual(profiles[3]?.rules, profiles[2]?.rules);
  });

  it('refuses bad creations, each with its code and pointer', async () => {
    const base = await revision();
    const cases: [unknown, number, string, string][] = [
      [{ basedOn: base, name: 'a b' }, 400, 'INVALID_NAME', '/name'],
      [{ basedOn: base, name: '' }, 400, 'INVALID_NAME', '/name'],
      [{ basedOn: base, name: 'empty' }, 409, 'PROFILE_EXISTS', '/name'],
      [{ basedOn: base, name: 'x', from: { preset: 'nope' } }, 404, 'NO_SUCH_PRESET', '/from/preset'],
      [{ basedOn: base, name: 'x', from: { profile: 'nope' } }, 404, 'NO_SUCH_PROFILE', '/from/profile'],
      [{ basedOn: base - 1, name: 'x' }, 409, 'REVISION_CONFLICT', '/basedOn'],
      [{ name: 'x' }, 400, 'INVALID_BODY', '/basedOn'],
    ];
    for (const [body, status, code, where] of cases) {
      const r = await a.call('/api/profiles', { method: 'POST', body });
      assert.deepEqual(
        [r.status, error(r.body).code, error(r.body).where],
        [status, code, where],
        JSON.stringify(body),
      );
    }
    assert.equal(await revision(), base);
  });

  it("PUT /api/profiles/:name saves one profile's rules, and /api/rules?profile= reads and writes the same", async () => {
    const r = await a.call('/api/profiles/empty', {
      method: 'PUT',
      body: { basedOn: await revision(), rules: [PING] },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((r.body as RulesResponse).rules, [PING]);
    assert.deepEqual(((await a.call('/api/rules?profile=empty')).body as RulesResponse).rules, [PING]);
    const put = await a.call('/api/rules?profile=empty&confirm=1', {
      method: 'PUT',
      body: { basedOn: await revision(), rules: [PING, { ...PING, id: 'p2' }] },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(((await a.call('/api/profiles')).body as ProfilesResponse).profiles[1]?.rules.length, 2);
    // 'default' is untouched by all this.
    assert.notDeepEqual(((await a.call('/api/rules')).body as RulesResponse).rules, [PING]);
    const bad = await a.call('/api/profiles/empty', {
      method: 'PUT',
      body: { basedOn: await revision(), rules: [{ ...PING, pattern: '(' }] },
    });
    assert.deepEqual([bad.status, error(bad.body).where], [400, '/rules/0/pattern']);
    const none = await a.call('/api/rules?profile=ghost');
    assert.deepEqual(
      [none.status, error(none.body).code, error(none.body).where],
      [404, 'NO_SUCH_PROFILE', '?profile'],
    );
  });

  it('checks, covers, exports and imports by ?profile=', async () => {
    const check = (
      await a.call('/api/check?profile=empty', {
        method: 'POST',
        body: [
          { method: 'GET', path: '/_ping' },
          { method: 'GET', path: '/containers/json' },
        ],
      })
    ).body as CheckResponse;
    assert.deepEqual(
      check.results.map((r) => r.verdict),
      ['allow', 'deny'],
    );
    const cov = (await a.call('/api/coverage?profile=proxy-a')).body as CoverageResponse;
    assert.ok(cov.counts.allowed > 0);
    const exported = await a.call('/api/export?profile=empty&format=pattern');
    assert.match(exported.text, /\^\/_ping\$/);
    const dry = await a.call('/api/import?profile=proxy-b&dryRun=1', { method: 'POST', body: exported.text });
    assert.equal(dry.status, 200, dry.text);
    const diff = dry.body as ImportResponse;
    assert.ok(diff.diff.removed.length > 0);
    const applied = await a.call(`/api/import?profile=proxy-b&basedOn=${diff.revision}&confirm=1`, {
      method: 'POST',
      body: exported.text,
    });
    assert.equal(applied.status, 200, applied.text);
    assert.equal(((await a.call('/api/rules?profile=proxy-b')).body as RulesResponse).rules.length, 2);
  });

  it('compares two profiles, or a profile with unsaved rules', async () => {
    const get = await a.call('/api/coverage/compare?a=default&b=proxy-a');
    assert.equal(get.status, 200, get.text);
    const c = get.body as CoverageCompareResponse;
    const events = c.areas.flatMap((x) => x.operations).find((o) => o.method === 'GET' && o.template === '/events');
    assert.deepEqual([events?.a, events?.b], ['denied', 'allowed']);
    const post = await a.call('/api/coverage/compare', {
      method: 'POST',
      body: { a: { profile: 'empty' }, b: { rules: [], label: 'nothing' } },
    });
    assert.equal(post.status, 200, post.text);
    const p = post.body as CoverageCompareResponse;
    assert.deepEqual([p.a.label, p.b.label], ['empty', 'nothing']);
    assert.equal(p.b.counts.allowed, 0);
    const bad = await a.call('/api/coverage/compare', {
      method: 'POST',
      body: { a: { profile: 'empty' }, b: { rules: [{ ...PING, pattern: '(' }] } },
    });
    assert.deepEqual([bad.status, error(bad.body).where], [400, '/b/rules/0/pattern']);
    const none = await a.call('/api/coverage/compare?a=default&b=ghost');
    assert.deepEqual([none.status, error(none.body).where], [404, '?b']);
  });

  it('deletes a profile on top of the current revision only; never "default"', async () => {
    const stale = await a.call(`/api/profiles/proxy-b?basedOn=${(await revision()) - 1}`, { method: 'DELETE' });
    assert.equal(stale.status, 409);
    const ok = await a.call(`/api/profiles/proxy-b?basedOn=${await revision()}`, { method: 'DELETE' });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(
      (ok.body as ProfilesResponse).profiles.map((p) => p.name),
      ['default', 'empty', 'proxy-a'],
    );
    const def = await a.call(`/api/profiles/default?basedOn=${await revision()}`, { method: 'DELETE' });
    assert.deepEqual([def.status, error(def.body).code], [409, 'PROFILE_REQUIRED']);
    const gone = await a.call(`/api/profiles/proxy-b?basedOn=${await revision()}`, { method: 'DELETE' });
    assert.equal(gone.status, 404);
  });

  it('history holds every profile at each revision, and a restore puts them all back', async () => {
    const h = (await a.call('/api/history')).body as HistoryResponse;
    const withB = h.entries.find((e) => e.profiles?.some((p) => p.name === 'proxy-b'));
    assert.ok(withB);
    const r = await a.call(`/api/history/${withB.revision}/restore`, { method: 'POST', body: { basedOn: h.revision } });
    assert.equal(r.status, 200, r.text);
    const names = ((await a.call('/api/profiles')).body as ProfilesResponse).profiles.map((p) => p.name);
    assert.ok(names.includes('proxy-b'), names.join());
  });

  it('keeps every profile across a restart', async () => {
    const before = (await a.call('/api/profiles')).body as ProfilesResponse;
    await a.stop();
    a = await startAdminDoxy({ dir });
    assert.deepEqual((await a.call('/api/profiles')).body, before);
  });
});
