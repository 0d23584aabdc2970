// What a body policy leaves root-equivalent, operation by operation, and so whether coverage may call a root
// operation "write, bounded by policy".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { catalogOperation, POLICED_OPERATIONS } from '../../shared/policy/operations.ts';
import { boundedByPolicy, policedAs, policyRootGrants, rootGrantsFor } from '../../shared/policy/root-grants.ts';
import { BOUNDED_POLICY, GRANTING_POLICY } from '../cases/body-policy-cases.ts';

function op(method: string, template: string) {
  const found = OPERATIONS.find((o) => o.method === method && o.template === template);
  assert.ok(found, `${method} ${template}`);
  return found;
}

/** One widening of ci-runner each, and the operations it must leave root-equivalent. */
const WIDENINGS: readonly [string, Partial<BodyPolicy>, readonly string[]][] = [
  ['privileged', { privileged: true }, ['container-create', 'container-start', 'exec-create']],
  [
    'SYS_ADMIN',
    { capabilities: ['sys_admin'] },
    ['container-create', 'container-start', 'service-create', 'service-update'],
  ],
  ['devices', { devices: true }, ['container-create', 'container-start', 'container-update', 'plugin-set']],
  ['the pid namespace', { hostNamespaces: ['pid'] }, ['container-create', 'container-start']],
  [
    'the host network',
    { hostNamespaces: ['network'] },
    ['container-create', 'container-start', 'service-create', 'service-update'],
  ],
  ['container namespaces', { containerNamespaces: true }, ['container-create', 'container-start']],
  [
    'seccomp unconfined',
    { securityOptions: ['seccomp:unconfined'] },
    ['container-create', 'container-start', 'service-create', 'service-update'],
  ],
  [
    'a read-write bind',
    { binds: [{ path: '/srv/ci', readOnly: false }] },
    ['container-create', 'container-start', 'service-create', 'service-update', 'volume-create', 'plugin-set'],
  ],
  [
    'a read-only bind that reaches the docker socket',
    { binds: [{ path: '/var/run', readOnly: true }] },
    ['container-create', 'container-start', 'service-create', 'service-update', 'volume-create', 'plugin-set'],
  ],
  [
    'a volume driver',
    { volumeDrivers: ['rexray'] },
    ['container-create', 'container-start', 'service-create', 'service-update', 'volume-create'],
  ],
  ['VolumesFrom', { volumesFrom: true }, ['container-create', 'container-start']],
  ['a runtime', { runtimes: ['runsc'] }, ['container-create', 'container-start']],
  ['system paths', { systemPaths: true }, ['container-create', 'container-start']],
  ['annotations', { annotations: true }, ['container-create', 'container-start']],
  [
    'plugin privileges',
    { pluginPrivileges: ['mount'] },
    ['service-create', 'service-update', 'plugin-pull', 'plugin-upgrade'],
  ],
];

/** Widenings that take nothing of the host: bounded still. */
const HARMLESS: readonly [string, Partial<BodyPolicy>][] = [
  ['a default capability added back', { capabilities: ['CHOWN', 'cap_net_bind_service'] }],
  ['a read-only bind away from sockets', { binds: [{ path: '/etc/ssl/certs', readOnly: true }] }],
  ['sysctls', { sysctls: ['net.*'] }],
  ['any user, any image', { user: 'any', images: null }],
  ['no-new-privileges=true', { securityOptions: ['no-new-privileges=true'] }],
];

describe('policyRootGrants', () => {
  it('ci-runner leaves nothing root-equivalent, so every policed root operation is bounded', () => {
    assert.deepEqual(policyRootGrants(CI_RUNNER_POLICY), []);
    for (const id of POLICED_OPERATIONS) {
      const c = catalogOperation(id);
      assert.equal(boundedByPolicy(c, CI_RUNNER_POLICY), c.risk === 'root', id);
    }
  });

  for (const [what, change, ops] of WIDENINGS) {
    it(`${what} leaves ${ops.join(', ')} root-equivalent, and only those`, () => {
      const policy = { ...CI_RUNNER_POLICY, ...change };
      assert.deepEqual(
        POLICED_OPERATIONS.filter((id) => rootGrantsFor(id, policy).length > 0),
        POLICED_OPERATIONS.filter((id) => ops.includes(id)),
      );
    });
  }

  for (const [what, change] of HARMLESS) {
    it(`${what} takes nothing of the host`, () => {
      assert.deepEqual(policyRootGrants({ ...CI_RUNNER_POLICY, ...change }), []);
    });
  }

  it('names what is left in plain words', () => {
    assert.deepEqual(
      policyRootGrants(BOUNDED_POLICY).map((g) => g.what),
      [
        'added capabilities (CAP_NET_ADMIN)',
        'read-write binds (/srv/ci)',
        'volume drivers (rexray)',
        'runtimes (runsc)',
        'plugin privileges (network)',
      ],
    );
    assert.equal(policyRootGrants(GRANTING_POLICY).length, 10);
  });

  it('maps catalog operations to policed ones, and nothing else', () => {
    assert.equal(policedAs(op('POST', '/containers/create')), 'container-create');
    assert.equal(policedAs(op('POST', '/containers/{id}/exec')), 'exec-create');
    assert.equal(policedAs(op('POST', '/exec/{id}/start')), null);
    assert.equal(OPERATIONS.filter((o) => policedAs(o) !== null).length, POLICED_OPERATIONS.length);
  });

  it('never bounds an operation whose body is not policed: exec start, attach, archive PUT, plugin enable', () => {
    for (const [method, template] of [
      ['POST', '/exec/{id}/start'],
      ['POST', '/containers/{id}/attach'],
      ['PUT', '/containers/{id}/archive'],
      ['POST', '/plugins/{name}/enable'],
      ['POST', '/session'],
    ] as const)
      assert.equal(boundedByPolicy(op(method, template), CI_RUNNER_POLICY), false, template);
  });
});
