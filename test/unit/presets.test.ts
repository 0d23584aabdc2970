// Presets: every listed operation exists in the catalog and passes; a sample of what the agent does not need is denied.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverOperation } from '../../shared/catalog/coverage.ts';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { PRESETS, presetProfile, presetRules } from '../../shared/presets/presets.ts';
import { DEFAULT_PROFILE, profileNameProblem } from '../../shared/profiles/names.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';

type Request = readonly [string, string];

/** The preset (found by id, as --socket PATH=ID finds it) allows each of `allowed` and denies each of `denied`. */
function assertVerdicts(id: string, allowed: readonly Request[], denied: readonly Request[]): void {
  const preset = PRESETS.find((p) => p.id === id);
  assert.ok(preset, id);
  const compiled = compileRuleSet(presetRules(preset));
  assert.ok(compiled.ok);
  for (const [verdict, list] of [['allow', allowed] as const, ['deny', denied] as const])
    for (const [method, target] of list)
      assert.equal(decide({ method, target }, compiled.value).verdict, verdict, `${method} ${target}`);
}

describe('presets', () => {
  for (const preset of PRESETS) {
    describe(preset.name, () => {
      const compiled = compileRuleSet(presetRules(preset));
      assert.ok(compiled.ok, preset.id);
      const set = compiled.value;

      it('names only catalog operations', () => {
        for (const op of preset.operations)
          assert.ok(
            OPERATIONS.some((o) => `${o.method} ${o.template}` === op),
            op,
          );
      });
      it('grants each of its operations, versioned or not, and the unversioned HEAD /_ping Go clients send first', () => {
        for (const op of OPERATIONS.filter((o) => preset.operations.includes(`${o.method} ${o.template}`))) {
          assert.equal(coverOperation(op, set).grant, 'allowed', `${op.method} ${op.template}`);
        }
        assert.equal(decide({ method: 'HEAD', target: '/_ping' }, set).verdict, 'allow');
        assert.equal(decide({ method: 'GET', target: '/v1.41/version' }, set).verdict, 'allow');
      });
      if (!preset.fullControl) {
        it('denies what it does not need', () => {
          const unneeded = OPERATIONS.filter(
            (o) =>
              !preset.operations.includes(`${o.method} ${o.template}`) && !['/_ping', '/version'].includes(o.template),
          );
          assert.ok(unneeded.length > 0);
          for (const op of unneeded)
            assert.equal(coverOperation(op, set).grant, 'denied', `${op.method} ${op.template}`);
        });
      }
    });
  }
  it('preset ids are unique profile names, so that --socket PATH=PRESET can name the profile it makes after the preset', () => {
    assert.equal(new Set(PRESETS.map((p) => p.id)).size, PRESETS.length);
    for (const p of PRESETS) {
      assert.equal(profileNameProblem(p.id), null, p.id);
      assert.notEqual(p.id, DEFAULT_PROFILE);
    }
  });
  it('docker-compose runs a project (create, start, attach, networks, volumes) but gets no exec, build, push, export or swarm', () => {
    assertVerdicts(
      'compose',
      [
        ['POST', '/v1.41/containers/create'],
        ['POST', '/v1.41/containers/x_hello_1/attach'],
        ['POST', '/v1.41/networks/create'],
        ['DELETE', '/v1.41/volumes/x_data'],
        ['GET', '/version'],
      ],
      [
        ['POST', '/v1.41/containers/x_hello_1/exec'],
        ['POST', '/v1.41/build'],
        ['POST', '/v1.41/images/x/push'],
        ['GET', '/v1.41/containers/x_hello_1/export'],
        ['POST', '/v1.41/services/create'],
        ['PUT', '/v1.41/containers/x/archive'],
      ],
    );
  });
  it('ci-runner runs what `docker run`, `docker exec` and `docker volume` send, and no more; its policy is ci-runner', () => {
    const id = '3f2a1b0c9d8e';
    assertVerdicts(
      'ci-runner',
      [
        ['HEAD', '/_ping'],
        ['GET', '/v1.41/images/busybox:latest/json'],
        ['POST', '/v1.41/images/create'],
        ['POST', '/v1.41/containers/create'],
        ['POST', `/v1.41/containers/${id}/attach`],
        ['POST', `/v1.41/containers/${id}/wait`],
        ['POST', `/v1.41/containers/${id}/start`],
        ['POST', `/v1.41/containers/${id}/resize`],
        ['GET', `/v1.41/containers/${id}/logs`],
        ['POST', `/v1.41/containers/${id}/kill`],
        ['DELETE', `/v1.41/containers/${id}`],
        ['POST', `/v1.41/containers/${id}/exec`],
        ['POST', `/v1.41/exec/${id}/start`],
        ['GET', `/v1.41/exec/${id}/json`],
        ['POST', '/v1.41/volumes/create'],
        ['DELETE', '/v1.41/volumes/cache'],
      ],
      [
        ['GET', '/v1.41/events'],
        ['POST', '/v1.41/networks/create'],
        ['POST', `/v1.41/containers/${id}/update`],
        ['PUT', `/v1.41/containers/${id}/archive`],
        ['POST', '/v1.41/build'],
        ['POST', '/v1.41/services/create'],
        ['POST', '/v1.41/plugins/pull'],
      ],
    );
  });
  it('only ci-runner pairs with a body policy, and each profile gets its own copy of it', () => {
    assert.deepEqual(
      PRESETS.filter((p) => presetProfile(p, p.id).policy !== undefined).map((p) => p.id),
      ['ci-runner'],
    );
    const ci = PRESETS.find((p) => p.id === 'ci-runner');
    assert.ok(ci);
    const copy = presetProfile(ci, 'jobs').policy;
    assert.deepEqual(copy, CI_RUNNER_POLICY);
    assert.notEqual(copy, ci.policy);
  });
  it('Portainer is marked full control and allows everything', () => {
    const portainer = PRESETS.find((p) => p.id === 'portainer');
    assert.equal(portainer?.fullControl, true);
  });
});
