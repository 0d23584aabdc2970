// GET /api/coverage and GET /api/presets, and the set-wide lint warnings a PUT /api/rules answers with.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { PRESETS, presetRules } from '../../shared/presets/presets.ts';
import type { CoverageResponse, OperationGrant } from '../../shared/protocol/coverage.ts';
import type { PresetsResponse } from '../../shared/protocol/presets.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

describe('the coverage and presets endpoints', () => {
  let a: AdminDoxy;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-api-coverage-'));
    a = await startAdminDoxy({ dir });
  });
  after(async () => {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const coverage = async (): Promise<CoverageResponse> => {
    const r = await a.call('/api/coverage');
    assert.equal(r.status, 200, r.text);
    return r.body as CoverageResponse;
  };
  const find = (c: CoverageResponse, method: string, template: string): OperationGrant | undefined =>
    c.areas.flatMap((x) => x.operations).find((o) => o.method === method && o.template === template);

  const create: Rule = {
    id: 'create',
    action: 'allow',
    methods: ['POST'],
    pattern: '^/(v\\d+\\.\\d+/)?containers/create$',
    comment: '',
    enabled: true,
  };

  const BUILTIN: readonly [string, string, string, string, readonly (string | null)[]][] = [
    ['containers', 'GET', '/containers/json', 'allowed', ['containers']],
    ['containers', 'POST', '/containers/create', 'denied', [null]],
    ['exec', 'POST', '/containers/{id}/exec', 'denied', [null]],
    ['exec', 'POST', '/exec/{id}/start', 'denied', [null]],
    ['system', 'HEAD', '/_ping', 'allowed', ['ping']],
  ];
  for (const [area, method, template, grant, rules] of BUILTIN) {
    it(`GET /api/coverage: the built-in rules leave ${method} ${template} ${grant}, in ${area}`, async () => {
      const c = await coverage();
      const op = c.areas
        .find((x) => x.area === area)
        ?.operations.find((o) => o.method === method && o.template === template);
      assert.ok(op, `${method} ${template} in ${area}`);
      assert.equal(op.grant, grant);
      assert.deepEqual(op.rules, rules);
      assert.ok(['read', 'secret-read', 'write', 'root'].includes(op.risk));
    });
  }

  it('GET /api/coverage covers every catalog operation once, with counts per area and in all', async () => {
    const c = await coverage();
    assert.equal(c.revision, 1);
    assert.deepEqual(
      c.areas.map((x) => x.area),
      ['containers', 'images', 'system', 'exec', 'volumes', 'networks', 'plugins', 'swarm', 'libpod'],
    );
    assert.equal(
      c.areas.reduce((n, x) => n + x.operations.length, 0),
      OPERATIONS.length,
    );
    for (const x of c.areas)
      assert.equal(x.counts.allowed + x.counts.denied + x.counts.partial, x.operations.length, x.area);
    assert.equal(c.counts.allowed + c.counts.denied + c.counts.partial, OPERATIONS.length);
    assert.equal(c.areas.find((x) => x.area === 'exec')?.counts.allowed, 0);
  });

  it('GET /api/presets lists every preset with its operations, risks and rules', async () => {
    const r = await a.call('/api/presets');
    assert.equal(r.status, 200);
    const { presets } = r.body as PresetsResponse;
    assert.deepEqual(
      presets.map((p) => p.id),
      PRESETS.map((p) => p.id),
    );
    const traefik = presets.find((p) => p.id === 'traefik');
    assert.deepEqual(traefik?.rules, presetRules(PRESETS[0]!));
    assert.ok(traefik?.operations.some((o) => o.method === 'GET' && o.template === '/events' && o.risk === 'read'));
    assert.equal(presets.find((p) => p.id === 'portainer')?.fullControl, true);
    assert.equal(traefik?.fullControl, false);
  });

  it("GET /api/coverage follows a save: a preset's rules allow what the preset lists", async () => {
    const traefik = (await a.call('/api/presets')).body as PresetsResponse;
    const rules = traefik.presets.find((p) => p.id === 'traefik')?.rules;
    const put = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules } });
    assert.equal(put.status, 200, put.text);
    const c = await coverage();
    assert.equal(c.revision, 2);
    assert.equal(find(c, 'GET', '/events')?.grant, 'allowed');
    assert.equal(find(c, 'GET', '/images/json')?.grant, 'denied');
  });

  it('a PUT with a root-granting rule saves and answers the warning, naming the rule and where', async () => {
    const put = await a.call('/api/rules?confirm=1', {
      method: 'PUT',
      body: { basedOn: 2, rules: [...BUILTIN_RULES, create] },
    });
    assert.equal(put.status, 200, put.text);
    const state = put.body as RulesResponse;
    assert.equal(state.revision, 3);
    const where = `/rules/${BUILTIN_RULES.length}`;
    assert.deepEqual(
      state.warnings.filter((w) => w.where === where).map((w) => w.message),
      [
        // The default profile has no body policy: any create body may ask for root.
        `rule "create" (#${BUILTIN_RULES.length + 1}) grants POST /containers/create without a body policy: this is root on the host (a body can ask for privileged, host mounts, host namespaces). Give the profile a body policy.`,
      ],
    );
    assert.deepEqual((await a.call('/api/rules')).body, state);
    assert.equal(find(await coverage(), 'POST', '/containers/create')?.grant, 'allowed');
  });

  it('a PUT without HEAD /_ping is warned about the set', async () => {
    const rules = [...BUILTIN_RULES.map((r) => (r.id === 'ping' ? { ...r, methods: ['GET' as const] } : r)), create];
    const put = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 3, rules } });
    assert.equal(put.status, 200, put.text);
    assert.ok(
      (put.body as RulesResponse).warnings.some(
        (w) => w.where === '/rules' && /no rule allows HEAD \/_ping/.test(w.message),
      ),
    );
  });

  it("the next start prints the saved set's lint lines on stderr", async () => {
    await a.stop();
    a = await startAdminDoxy({ dir });
    const lines = a.doxy
      .output()
      .split('\n')
      .filter((l) => l.startsWith('doxy: lint:'));
    assert.deepEqual(
      lines.map((l) => l.split(':').slice(0, 3).join(':')),
      ['doxy: lint: /rules', `doxy: lint: /rules/${BUILTIN_RULES.length}`],
    );
    assert.match(lines[1] ?? '', /rule "create" .* grants POST \/containers\/create without a body policy/);
  });
});
