// The profile's body policy in what the admin API says of its rules: lint warnings (GET /api/rules, /api/profiles, an
// import preview, the lines at start) and coverage ("write, bounded by policy" instead of root).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import type { CoverageResponse, OperationGrant } from '../../shared/protocol/coverage.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { ProfilesResponse } from '../../shared/protocol/profiles.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import type { Problem } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const NO_POLICY = /grants POST \/containers\/create without a body policy: this is root on the host/;

const createOp = (c: CoverageResponse): OperationGrant | undefined =>
  c.areas.flatMap((x) => x.operations).find((o) => o.method === 'POST' && o.template === '/containers/create');

describe("lint and coverage see the profile's body policy", () => {
  let dir: string;
  let a: AdminDoxy;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-api-policy-lint-'));
    a = await startAdminDoxy({ dir, args: ['--socket', `${join(dir, 'ci.sock')}=ci-runner`] });
  });
  after(async () => {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const warningsOf = async (): Promise<{ rules: readonly Problem[]; profiles: readonly Problem[] }> => {
    const rules = (await a.call('/api/rules?profile=ci-runner')).body as RulesResponse;
    const profiles = (await a.call('/api/profiles')).body as ProfilesResponse;
    return { rules: rules.warnings, profiles: profiles.profiles.find((p) => p.name === 'ci-runner')?.warnings ?? [] };
  };
  const coverage = async (): Promise<CoverageResponse> => {
    const r = await a.call('/api/coverage?profile=ci-runner');
    assert.equal(r.status, 200, r.text);
    return r.body as CoverageResponse;
  };
  const putPolicy = async (policy: unknown): Promise<void> => {
    const { revision } = (await a.call('/api/policy?profile=ci-runner')).body as PolicyResponse;
    const r = await a.call('/api/policy?profile=ci-runner', { method: 'PUT', body: { basedOn: revision, policy } });
    assert.equal(r.status, 200, r.text);
  };

  it('with the ci-runner policy: no "without a body policy" warning, and create is a write bounded by policy', async () => {
    const w = await warningsOf();
    assert.ok(!w.rules.some((p) => NO_POLICY.test(p.message)), JSON.stringify(w.rules));
    assert.deepEqual(w.profiles, w.rules);
    const create = createOp(await coverage());
    assert.equal(create?.grant, 'allowed');
    assert.equal(create?.boundedBy, 'policy');
    assert.equal(create?.risk, 'write');
  });

  it('removing the policy brings the warning, and create back to root, at once', async () => {
    await putPolicy(null);
    const w = await warningsOf();
    const warned = w.rules.filter((p) => NO_POLICY.test(p.message));
    assert.equal(warned.length, 1, JSON.stringify(w.rules));
    assert.match(warned[0]?.where ?? '', /^\/rules\/\d+$/);
    assert.deepEqual(w.profiles, w.rules);
    const create = createOp(await coverage());
    assert.equal(create?.boundedBy, undefined);
    assert.equal(create?.risk, 'root');
  });

  it('a policy that still allows privileged is warned about as one that grants root', async () => {
    await putPolicy({ ...CI_RUNNER_POLICY, privileged: true });
    const w = await warningsOf();
    assert.ok(!w.rules.some((p) => NO_POLICY.test(p.message)));
    assert.ok(
      w.rules.some((p) =>
        /allows POST \/containers\/create \(.*\): the body policy lets these bodies ask for root/.test(p.message),
      ),
      JSON.stringify(w.rules),
    );
    assert.equal(createOp(await coverage())?.risk, 'root');
  });

  it("an import preview lints the rules with the policy the profile will have: the file's, else its own", async () => {
    const exported = await a.call('/api/export?profile=ci-runner');
    const file = exported.body as { rules: unknown; policy?: unknown };
    const withPolicy = JSON.stringify({ ...file, policy: CI_RUNNER_POLICY });
    const preview = async (text: string): Promise<readonly Problem[]> => {
      const r = await a.call('/api/import?profile=ci-runner&dryRun=1&name=ci.json', { method: 'POST', body: text });
      assert.equal(r.status, 200, r.text);
      return (r.body as ImportResponse).warnings;
    };
    assert.ok(!(await preview(withPolicy)).some((p) => NO_POLICY.test(p.message)));
    const withoutPolicy = JSON.stringify({ ...file, policy: null });
    assert.ok((await preview(withoutPolicy)).some((p) => NO_POLICY.test(p.message)));
    // The file says nothing of a policy: the profile keeps its own (privileged allowed, set above).
    const { policy: _own, ...silent } = file;
    assert.ok((await preview(JSON.stringify(silent))).some((p) => /lets these bodies ask for root/.test(p.message)));
  });

  it('the lines at start lint each served profile with its policy', async () => {
    await putPolicy(null);
    await a.stop();
    a = await startAdminDoxy({ dir });
    const lint = (): string[] =>
      a.doxy
        .output()
        .split('\n')
        .filter((l) => l.startsWith('doxy: lint: profile "ci-runner"'));
    assert.ok(
      lint().some((l) => NO_POLICY.test(l)),
      a.doxy.output(),
    );
    await putPolicy(CI_RUNNER_POLICY);
    await a.stop();
    a = await startAdminDoxy({ dir });
    assert.ok(!lint().some((l) => NO_POLICY.test(l)), a.doxy.output());
  });
});
