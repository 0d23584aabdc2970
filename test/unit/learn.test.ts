// Learn mode's proposal: endpoints generalised through the catalog, counted, and turned into rules that allow them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generalise, propose, proposalsToRules } from '../../shared/learn/propose.ts';
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

describe("generalise on Podman's libpod API", () => {
  // What podman --remote sends: its libpod version in full, which only the libpod form of a pattern takes.
  const cases: readonly { method: string; path: string; pattern: string; template: string | null }[] = [
    {
      method: 'GET',
      path: '/v4.3.1/libpod/containers/json',
      pattern: '^/(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/containers/json$',
      template: '/libpod/containers/json',
    },
    {
      method: 'GET',
      path: '/v4.3.1/libpod/containers/worker-1/logs',
      pattern: '^/(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/containers/[\\w.-]+/logs$',
      template: '/libpod/containers/{id}/logs',
    },
    {
      method: 'GET',
      path: '/libpod/manifests/0123456789abcdef/json',
      pattern: '^/(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/manifests/[\\w.-]+/json$',
      template: null,
    },
    {
      method: 'GET',
      path: '/v4.3.1/libpod/manifests/0123456789abcdef/json',
      pattern: '^/(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/manifests/[\\w.-]+/json$',
      template: null,
    },
    {
      method: 'GET',
      path: '/v1.41/containers/json',
      pattern: '^/(v\\d+\\.\\d+/)?containers/json$',
      template: '/containers/json',
    },
  ];
  for (const c of cases)
    it(`generalises ${c.method} ${c.path} to the libpod form of the version where it is libpod's`, () => {
      const g = generalise(c.method, c.path);
      assert.equal(g.pattern, c.pattern);
      assert.equal(g.operation?.template ?? null, c.template);
    });

  it("yields a rule that passes the path unversioned, in Docker's and in libpod's version", () => {
    const rules = proposalsToRules(
      propose([{ method: 'GET', path: '/v4.3.1/libpod/manifests/0123456789abcdef/json' }]),
      new Set(),
    );
    const set = compileRuleSet(rules);
    assert.ok(set.ok);
    for (const target of [
      '/libpod/manifests/fedcba9876543210/json',
      '/v1.41/libpod/manifests/fedcba9876543210/json',
      '/v4.3.1/libpod/manifests/fedcba9876543210/json',
    ])
      assert.equal(decide({ method: 'GET', target }, set.value).verdict, 'allow', target);
    assert.equal(decide({ method: 'GET', target: '/v4.3.1/libpod/manifests/x/inspect' }, set.value).verdict, 'deny');
  });
});
