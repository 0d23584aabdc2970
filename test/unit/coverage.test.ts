// Coverage: which Engine API operations a rule set grants, in whole or in part, and what changes between two sets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareCoverage, coverage, coverOperation } from '../../shared/catalog/coverage.ts';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
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
      ['containers', 'images', 'system', 'exec', 'volumes', 'networks', 'plugins', 'swarm'],
    );
    assert.equal(
      areas.reduce((n, a) => n + a.operations.length, 0),
      OPERATIONS.length,
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
