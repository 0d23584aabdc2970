// Coverage: which Engine API operations a rule set grants, in whole or in part, and what changes between two sets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareCoverage, coverage, coverOperation } from '../../shared/catalog/coverage.ts';
import { isLibpod, OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { areaGrants } from '../../shared/catalog/grants.ts';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import type { Rule } from '../../shared/rules/types.ts';

function compiled(rules: readonly Rule[]): CompiledRuleSet {
  const c = compileRuleSet(rules);
  assert.ok(c.ok);
  return c.value;
}
function op(method: string, template: string) {
  const found = OPERATIONS.find((o) => o.method === method && o.template === template);
  assert.ok(found, `${method} ${template}`);
  return found;
}

const builtin = compiled(BUILTIN_RULES);

describe('coverage', () => {
  const cases: [string, string, string][] = [
    ['GET', '/containers/json', 'allowed'],
    ['GET', '/containers/{id}/json', 'allowed'],
    ['HEAD', '/_ping', 'allowed'],
    ['GET', '/images/{name}/json', 'allowed'],
    ['GET', '/images/{name}/get', 'denied'],
    ['GET', '/images/get', 'denied'],
    ['POST', '/containers/create', 'denied'],
    ['GET', '/containers/{id}/export', 'denied'],
    ['GET', '/events', 'denied'],
  ];
  for (const [method, template, grant] of cases) {
    it(`built-in rules: ${method} ${template} is ${grant}`, () => {
      assert.equal(coverOperation(op(method, template), builtin).grant, grant);
    });
  }

  it("built-in rules grant libpod's equivalent of every Docker read they grant, and nothing else of libpod", () => {
    const libpod = OPERATIONS.filter(isLibpod);
    const granted = libpod.filter((o) => coverOperation(o, builtin).grant !== 'denied');
    for (const o of granted) assert.equal(coverOperation(o, builtin).grant, 'allowed', `${o.method} ${o.template}`);
    assert.deepEqual(
      granted.map((o) => `${o.method} ${o.template}`),
      [
        'GET /libpod/_ping',
        'HEAD /libpod/_ping',
        'GET /libpod/info',
        'GET /libpod/version',
        'GET /libpod/containers/json',
        'GET /libpod/containers/{id}/json',
        'GET /libpod/containers/{id}/exists',
        'GET /libpod/containers/{id}/top',
        'GET /libpod/containers/{id}/stats',
        'GET /libpod/containers/stats',
        'GET /libpod/images/json',
        'GET /libpod/images/{name}/json',
        'GET /libpod/images/{name}/history',
        'GET /libpod/images/{name}/exists',
        'GET /libpod/images/{name}/tree',
        'GET /libpod/networks/json',
        'GET /libpod/networks/{id}/json',
        'GET /libpod/volumes/json',
        'GET /libpod/volumes/{name}/json',
        'GET /libpod/pods/json',
        'GET /libpod/pods/{id}/json',
        'GET /libpod/pods/{id}/top',
        'GET /libpod/pods/stats',
      ],
    );
    // Each Docker operation with a libpod twin is granted exactly when the twin is.
    for (const o of libpod) {
      const twin = OPERATIONS.find(
        (d) => !isLibpod(d) && d.method === o.method && `/libpod${d.template}` === o.template,
      );
      if (twin) assert.equal(coverOperation(o, builtin).grant, coverOperation(twin, builtin).grant, o.template);
    }
  });

  it('names the deciding rule, and null for the default deny', () => {
    assert.deepEqual(coverOperation(op('GET', '/containers/json'), builtin).rules, ['containers']);
    assert.deepEqual(coverOperation(op('POST', '/containers/create'), builtin).rules, [null]);
  });

  it('reports partial when only some names or only unversioned paths pass', () => {
    const hexOnly = compiled([
      {
        id: 'hex',
        action: 'allow',
        methods: ['GET'],
        pattern: '^/(v\\d+\\.\\d+/)?containers/[0-9a-f]+/json$',
        comment: '',
        enabled: true,
      },
    ]);
    assert.equal(coverOperation(op('GET', '/containers/{id}/json'), hexOnly).grant, 'partial');
    const unversioned = compiled([
      { id: 'u', action: 'allow', methods: ['GET'], pattern: '^/info$', comment: '', enabled: true },
    ]);
    assert.equal(coverOperation(op('GET', '/info'), unversioned).grant, 'partial');
  });

  it('groups every operation by area', () => {
    const areas = coverage(builtin);
    assert.deepEqual(
      areas.map((a) => a.area),
      ['containers', 'images', 'system', 'exec', 'volumes', 'networks', 'plugins', 'swarm', 'libpod'],
    );
    assert.equal(
      areas.reduce((n, a) => n + a.operations.length, 0),
      OPERATIONS.length,
    );
  });

  const allowAll = compiled([{ id: 'all', action: 'allow', methods: '*', pattern: '.*', comment: '', enabled: true }]);

  it('with a body policy that bounds them, root-equivalent policed operations show as writes bounded by policy', () => {
    const flat = areaGrants(coverage(allowAll, OPERATIONS, CI_RUNNER_POLICY)).flatMap((a) => a.operations);
    const bounded = flat.filter((o) => o.boundedBy === 'policy');
    assert.deepEqual(
      bounded.map((o) => `${o.method} ${o.template} ${o.risk}`),
      [
        'POST /containers/create write',
        'POST /containers/{id}/exec write',
        'POST /plugins/pull write',
        'POST /plugins/{name}/upgrade write',
        'POST /plugins/{name}/set write',
        'POST /services/create write',
        'POST /services/{id}/update write',
      ],
    );
    // What no body bounds stays root: exec start and attach reach any container, privileged ones included.
    const root = flat.filter((o) => o.risk === 'root').map((o) => `${o.method} ${o.template}`);
    assert.ok(root.includes('POST /exec/{id}/start') && root.includes('POST /containers/{id}/attach'));
  });

  it('without a policy, or with one that grants root, nothing is bounded and the wire shape is as before', () => {
    for (const policy of [undefined, null, { ...CI_RUNNER_POLICY, privileged: true }]) {
      const flat = areaGrants(coverage(allowAll, OPERATIONS, policy)).flatMap((a) => a.operations);
      const create = flat.find((o) => o.template === '/containers/create');
      assert.equal(create?.risk, 'root');
      assert.ok(create !== undefined && !('boundedBy' in create));
    }
    // privileged leaves exec create root too, but not a service create (services have no privileged).
    const privileged = coverOperation(op('POST', '/services/create'), allowAll, {
      ...CI_RUNNER_POLICY,
      privileged: true,
    });
    assert.equal(privileged.boundedBy, 'policy');
    assert.equal(
      coverOperation(op('POST', '/containers/{id}/exec'), allowAll, { ...CI_RUNNER_POLICY, privileged: true })
        .boundedBy,
      undefined,
    );
  });

  it('compares two sets operation by operation', () => {
    const more = compiled([
      ...BUILTIN_RULES,
      {
        id: 'events',
        action: 'allow',
        methods: ['GET'],
        pattern: '^/(v\\d+\\.\\d+/)?events$',
        comment: '',
        enabled: true,
      },
    ]);
    const changes = compareCoverage(builtin, more);
    assert.deepEqual(
      changes.map((c) => `${c.operation.method} ${c.operation.template} ${c.before}->${c.after}`),
      ['GET /events denied->allowed'],
    );
  });
});
