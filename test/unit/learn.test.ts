// Learn mode's proposal: endpoints generalised through the catalog, counted, and turned into rules that allow them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { propose, proposalsToRules } from '../../shared/learn/propose.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';

const SEEN = [
  { method: 'HEAD', path: '/_ping' },
  { method: 'GET', path: '/v1.41/containers/json' },
  { method: 'GET', path: '/v1.41/containers/json' },
  { method: 'GET', path: '/v1.41/containers/0123456789abcdef0123/json' },
  { method: 'GET', path: '/v1.41/containers/web-1.app/json' },
  { method: 'GET', path: '/v1.41/images/library/busybox:latest/json' },
  { method: 'GET', path: '/v1.41/events' },
  { method: 'GET', path: '/v1.41/custom/0123456789abcdef/thing' },
];

describe('propose', () => {
  const proposals = propose(SEEN);

  it('groups container ids and names into one inspect endpoint, counted', () => {
    const inspect = proposals.find((p) => p.operation?.template === '/containers/{id}/json');
    assert.ok(inspect);
    assert.equal(inspect.count, 2);
    assert.equal(inspect.risk, 'secret-read');
  });

  it('sorts by how often an endpoint was seen', () => {
    assert.equal(proposals[0]?.count, 2);
    assert.ok(proposals.every((p, i) => i === 0 || (proposals[i - 1]?.count ?? 0) >= p.count));
  });

  it('marks endpoints outside the catalog as unknown and keeps them literal but for ids', () => {
    const custom = proposals.find((p) => p.operation === null);
    assert.ok(custom);
    assert.equal(custom.risk, 'unknown');
    assert.equal(custom.pattern, '^/(v\\d+\\.\\d+/)?custom/[\\w.-]+/thing$');
  });

  it('yields rules under which every seen request passes and others are denied', () => {
    const rules = proposalsToRules(proposals, new Set());
    const set = compileRuleSet(rules);
    assert.ok(set.ok, JSON.stringify(!set.ok && set.problems));
    for (const o of SEEN)
      assert.equal(decide({ method: o.method, target: o.path }, set.value).verdict, 'allow', `${o.method} ${o.path}`);
    for (const [method, target] of [
      ['POST', '/v1.41/containers/create'],
      ['GET', '/v1.41/containers/x/export'],
      ['GET', '/_ping'],
      ['DELETE', '/v1.41/containers/x'],
    ]) {
      assert.equal(
        decide({ method: method ?? '', target: target ?? '' }, set.value).verdict,
        'deny',
        `${method} ${target}`,
      );
    }
  });

  it('gives rules unique ids that do not clash with existing ones', () => {
    const rules = proposalsToRules(proposals, new Set(['learned-containers-id-json-get']));
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(!ids.includes('learned-containers-id-json-get'));
  });
});
