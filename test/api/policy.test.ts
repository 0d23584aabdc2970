// GET and PUT /api/policy, POST /api/check with a body, export/import of a policy, and the store keeping policies
// across a restart and a history restore.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { ApiError } from '../../shared/protocol/api-error.ts';
import type { CheckResponse } from '../../shared/protocol/check.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const BOUNDED: BodyPolicy = { ...CI_RUNNER_POLICY, binds: [{ path: '/srv/ci', readOnly: false }] };

const policyOf = (body: unknown): PolicyResponse => body as PolicyResponse;
const errorOf = (body: unknown): ApiError['error'] => (body as ApiError).error;

describe('the body policy endpoints', () => {
  let dir: string;
  let a: AdminDoxy;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-api-policy-'));
    a = await startAdminDoxy({ dir, args: ['--socket', `${join(dir, 'ci.sock')}=ci-runner`] });
  });
  after(async () => {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a profile made from the ci-runner preset by --socket carries its policy; default has none', async () => {
    const ci = await a.call('/api/policy?profile=ci-runner');
    assert.equal(ci.status, 200);
    assert.deepEqual(policyOf(ci.body).policy, CI_RUNNER_POLICY);
    assert.equal(policyOf(ci.body).profile, 'ci-runner');
    assert.equal(policyOf((await a.call('/api/policy')).body).policy, null);
    const missing = await a.call('/api/policy?profile=nope');
    assert.equal(missing.status, 404);
    assert.equal(errorOf(missing.body).code, 'NO_SUCH_PROFILE');
  });

  it('PUT saves a policy as the next revision; a stale revision answers 409 and saves nothing', async () => {
    const { revision } = policyOf((await a.call('/api/policy?profile=ci-runner')).body);
    const r = await a.call('/api/policy?profile=ci-runner', {
      method: 'PUT',
      body: { basedOn: revision, policy: BOUNDED },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(policyOf(r.body).revision, revision + 1);
    assert.deepEqual(policyOf(r.body).policy, BOUNDED);
    const stale = await a.call('/api/policy?profile=ci-runner', {
      method: 'PUT',
      body: { basedOn: revision, policy: null },
    });
    assert.equal(stale.status, 409);
    assert.equal(errorOf(stale.body).code, 'REVISION_CONFLICT');
    assert.deepEqual(policyOf((await a.call('/api/policy?profile=ci-runner')).body).policy, BOUNDED);
  });

  it('PUT refuses an invalid policy with 400 and a JSON pointer to the bad field', async () => {
    const { revision } = policyOf((await a.call('/api/policy?profile=ci-runner')).body);
    const cases: [unknown, string][] = [
      [{ ...BOUNDED, privileged: 'no' }, '/policy/privileged'],
      [{ ...BOUNDED, binds: [{ path: '/srv/../etc', readOnly: true }] }, '/policy/binds/0/path'],
      [{ ...BOUNDED, user: 'nobody' }, '/policy/user'],
    ];
    for (const [policy, where] of cases) {
      const r = await a.call('/api/policy?profile=ci-runner', { method: 'PUT', body: { basedOn: revision, policy } });
      assert.equal(r.status, 400, r.text);
      assert.equal(errorOf(r.body).code, 'INVALID_POLICY');
      assert.equal(errorOf(r.body).where, where, r.text);
    }
    const { privileged: _gone, ...partial } = BOUNDED;
    const r = await a.call('/api/policy?profile=ci-runner', {
      method: 'PUT',
      body: { basedOn: revision, policy: partial },
    });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r.body).where, '/policy/privileged');
    assert.equal(policyOf((await a.call('/api/policy?profile=ci-runner')).body).revision, revision);
  });

  it('POST /api/check answers the body verdict and the field that decided, as the proxy would', async () => {
    const create = '/v1.41/containers/create';
    const r = await a.call('/api/check?profile=ci-runner', {
      method: 'POST',
      body: {
        requests: [
          { method: 'POST', path: create, body: '{"Image":"busybox","HostConfig":{"privileged":true}}' },
          { method: 'POST', path: create, body: '{"Image":"busybox","HostConfig":{"Binds":["/srv/ci/job:/w"]}}' },
          { method: 'POST', path: create, body: '{"Image":"busybox","HostConfig":{"Binds":["/etc:/w"]}}' },
          { method: 'POST', path: create, body: '{"Image":' },
          { method: 'GET', path: '/v1.41/containers/json', body: '{}' },
          { method: 'POST', path: create },
        ],
      },
    });
    assert.equal(r.status, 200, r.text);
    const [privileged, inside, outside, broken, unpoliced, none] = (r.body as CheckResponse).results;
    assert.deepEqual(privileged?.bodyVerdict, {
      verdict: 'deny',
      status: 403,
      field: 'HostConfig.Privileged',
      message: `doxy: POST ${create} is denied: HostConfig.Privileged is not allowed (profile ci-runner)`,
    });
    assert.equal(inside?.bodyVerdict?.verdict, 'forward');
    assert.ok(
      inside?.bodyVerdict?.verdict === 'forward' && inside.bodyVerdict.forwarded.includes('"Binds":["/srv/ci/job:/w"]'),
      JSON.stringify(inside?.bodyVerdict),
    );
    assert.equal(outside?.bodyVerdict?.verdict, 'deny');
    assert.ok(outside?.bodyVerdict?.verdict === 'deny' && outside.bodyVerdict.field === 'HostConfig.Binds[0]');
    assert.equal(broken?.bodyVerdict?.verdict, 'refuse');
    assert.ok(broken?.bodyVerdict?.verdict === 'refuse' && broken.bodyVerdict.status === 400);
    assert.equal(unpoliced?.bodyVerdict?.verdict, 'unread');
    assert.equal(none?.bodyVerdict, undefined);
  });

  it('a profile without a policy reads no body: the check says so', async () => {
    const r = await a.call('/api/check', {
      method: 'POST',
      body: [{ method: 'POST', path: '/_ping', body: '{"Privileged":true}' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((r.body as CheckResponse).results[0]?.bodyVerdict?.verdict, 'unread');
  });

  it('a doxy-ruleset export carries the policy, and importing it into another profile sets it there', async () => {
    const exported = await a.call('/api/export?profile=ci-runner');
    assert.equal(exported.status, 200);
    assert.deepEqual((exported.body as { policy?: unknown }).policy, BOUNDED);
    const { revision } = policyOf((await a.call('/api/policy')).body);
    const created = await a.call('/api/profiles', { method: 'POST', body: { basedOn: revision, name: 'copy' } });
    assert.equal(created.status, 201, created.text);
    const dry = await a.call(`/api/import?profile=copy&dryRun=1&name=ci.json`, { method: 'POST', body: exported.text });
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual((dry.body as ImportResponse).policy, BOUNDED);
    const applied = await a.call(
      `/api/import?profile=copy&basedOn=${(dry.body as ImportResponse).revision}&name=ci.json`,
      { method: 'POST', body: exported.text },
    );
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual(policyOf((await a.call('/api/policy?profile=copy')).body).policy, BOUNDED);
    const pattern = await a.call('/api/export?profile=ci-runner&format=pattern');
    // A pattern file holds rules only: the policy (its /srv/ci bind prefix) is not in it.
    assert.doesNotMatch(pattern.text, /srv\/ci|"policy"|readOnly/);
  });

  it('a doxy-ruleset file with an invalid policy is refused with a pointer into it', async () => {
    const file = JSON.stringify({ format: 'doxy-ruleset', version: 1, rules: [], policy: { privileged: true } });
    const r = await a.call('/api/import?profile=copy&dryRun=1&name=bad.json', { method: 'POST', body: file });
    assert.equal(r.status, 400, r.text);
    assert.match(errorOf(r.body).where ?? '', /^\/policy\//);
  });

  it('a doxy-config export carries every policy, and its import reports a policy change', async () => {
    const exported = await a.call('/api/export?format=config');
    const config = exported.body as { profiles: { name: string; rules: unknown; policy?: BodyPolicy }[] };
    assert.deepEqual(config.profiles.find((p) => p.name === 'ci-runner')?.policy, BOUNDED);
    const changed = {
      ...config,
      profiles: config.profiles.map((p) => (p.name === 'copy' ? { name: p.name, rules: p.rules } : p)),
    };
    const dry = await a.call('/api/import?dryRun=1&name=c.json', { method: 'POST', body: JSON.stringify(changed) });
    assert.equal(dry.status, 200, dry.text);
    const copy = (dry.body as { profiles: { name: string; change: string; policyChanged: boolean }[] }).profiles.find(
      (p) => p.name === 'copy',
    );
    assert.deepEqual(
      { change: copy?.change, policyChanged: copy?.policyChanged },
      { change: 'changed', policyChanged: true },
    );
  });

  it('policies survive a restart and come back with a history restore', async () => {
    const before = policyOf((await a.call('/api/policy?profile=ci-runner')).body);
    const removed = await a.call('/api/policy?profile=ci-runner', {
      method: 'PUT',
      body: { basedOn: before.revision, policy: null },
    });
    assert.equal(policyOf(removed.body).policy, null);
    await a.stop();
    // Restarted without the --socket flag: the stored profile is used as it is.
    a = await startAdminDoxy({ dir });
    assert.equal(policyOf((await a.call('/api/policy?profile=ci-runner')).body).policy, null);
    assert.deepEqual(policyOf((await a.call('/api/policy?profile=copy')).body).policy, BOUNDED);
    const now = policyOf((await a.call('/api/policy')).body).revision;
    const restored = await a.call(`/api/history/${before.revision}/restore?confirm=1`, {
      method: 'POST',
      body: { basedOn: now },
    });
    assert.equal(restored.status, 200, restored.text);
    assert.deepEqual(policyOf((await a.call('/api/policy?profile=ci-runner')).body).policy, BOUNDED);
  });

  it('a store written before policies existed loads unchanged, every profile without one', async () => {
    const old = mkdtempSync(join(tmpdir(), 'doxy-api-policy-old-'));
    const stored = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')) as {
      profiles: { policy?: unknown }[];
      sockets: unknown[];
      history: { profiles: { policy?: unknown }[]; sockets: unknown[] }[];
    };
    for (const p of [...stored.profiles, ...stored.history.flatMap((h) => h.profiles)]) delete p.policy;
    // The sockets are the running doxy's: this one gets none of them.
    stored.sockets = [];
    for (const h of stored.history) h.sockets = [];
    const text = `${JSON.stringify(stored, null, 2)}\n`;
    writeFileSync(join(old, 'db.json'), text);
    const b = await startAdminDoxy({ dir: old });
    try {
      assert.equal(policyOf((await b.call('/api/policy?profile=ci-runner')).body).policy, null);
      // Only read: the file is as it was.
      assert.equal(readFileSync(join(old, 'db.json'), 'utf8'), text);
    } finally {
      await b.stop();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
