// The policy's parts besides checkBody: which requests are policed, the stored policy's validation, host paths and
// image references.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CI_RUNNER_POLICY, parseBodyPolicy } from '../../shared/policy/body-policy.ts';
import { isRootUser, normaliseCapability, normaliseSecurityOpt } from '../../shared/policy/constraints.ts';
import { cleanHostPath, underPrefix } from '../../shared/policy/host-path.ts';
import { imageAllowed, normaliseImageRef } from '../../shared/policy/image-ref.ts';
import { catalogOperation, POLICED_OPERATIONS, policedRequest } from '../../shared/policy/operations.ts';
import { canonicalize } from '../../shared/rules/canonical.ts';

describe('policedRequest', () => {
  const table: [string, string, string | null, [number, number] | null][] = [
    ['POST', '/containers/create', 'container-create', null],
    ['POST', '/v1.41/containers/create', 'container-create', [1, 41]],
    ['POST', '/v1.12/containers/create', 'container-create', [1, 12]],
    ['GET', '/containers/create', null, null],
    ['PUT', '/containers/create', null, null],
    ['POST', '/containers/abc/start', null, null],
    ['POST', '/v1.24/containers/abc/start', null, null],
    ['POST', '/v1.41/containers/abc/start', null, null],
    ['POST', '/v1.23/containers/abc/start', 'container-start', [1, 23]],
    ['POST', '/v1.9/containers/abc/start', 'container-start', [1, 9]],
    ['POST', '/v1.41/containers/abc/update', 'container-update', [1, 41]],
    ['POST', '/containers/abc/exec', 'exec-create', null],
    ['POST', '/containers/abc/stop', null, null],
    ['POST', '/exec/abc/start', null, null],
    ['POST', '/volumes/create', 'volume-create', null],
    ['POST', '/networks/create', null, null],
    ['POST', '/services/create', 'service-create', null],
    ['POST', '/v1.41/services/abc/update', 'service-update', [1, 41]],
    ['POST', '/plugins/pull', 'plugin-pull', null],
    ['POST', '/plugins/vieux/sshfs:latest/upgrade', 'plugin-upgrade', null],
    ['POST', '/plugins/vieux/sshfs:latest/set', 'plugin-set', null],
    ['POST', '/plugins/p/enable', null, null],
    ['POST', '/v1.41/build', null, null],
    ['POST', '/containers/abc/attach', null, null],
  ];
  for (const [method, path, op, version] of table)
    it(`${method} ${path} -> ${op ?? 'not policed'}`, () => {
      const got = policedRequest({ method, path });
      assert.deepEqual(got, op === null ? null : { operation: op, apiVersion: version });
    });

  it('reads the canonical path: an escaped spelling is the same operation', () => {
    const c = canonicalize('POST', '/v1.41/containers/cr%65ate');
    assert.ok(c.ok);
    if (c.ok) assert.equal(policedRequest(c)?.operation, 'container-create');
  });

  it('each policed operation is a catalog operation', () => {
    for (const op of POLICED_OPERATIONS) assert.equal(catalogOperation(op).method, 'POST', op);
  });
});

describe('parseBodyPolicy', () => {
  it('takes the ci-runner policy and a JSON round trip of it', () => {
    assert.deepEqual(parseBodyPolicy(JSON.parse(JSON.stringify(CI_RUNNER_POLICY))), {
      ok: true,
      value: CI_RUNNER_POLICY,
    });
  });

  it('refuses a missing field, an unknown one and a bad bind prefix, each by JSON pointer', () => {
    const { privileged: _, ...missing } = CI_RUNNER_POLICY;
    const r1 = parseBodyPolicy(missing, '/policy');
    assert.ok(!r1.ok && r1.problems.some((p) => p.where === '/policy/privileged'));
    const r2 = parseBodyPolicy({ ...CI_RUNNER_POLICY, extra: 1 });
    assert.ok(!r2.ok);
    const r3 = parseBodyPolicy({ ...CI_RUNNER_POLICY, binds: [{ path: '/srv/../etc', readOnly: false }] });
    assert.ok(!r3.ok && r3.problems.some((p) => p.where === '/binds/0/path'), JSON.stringify(r3));
    const r4 = parseBodyPolicy({ ...CI_RUNNER_POLICY, hostNamespaces: ['mount'] });
    assert.ok(!r4.ok && r4.problems.some((p) => p.where === '/hostNamespaces/0'));
  });
});

describe('host paths', () => {
  it('collapses // and trailing slashes, refuses relative paths and dot segments', () => {
    assert.deepEqual(cleanHostPath('/srv//ci/'), { ok: true, path: '/srv/ci' });
    assert.deepEqual(cleanHostPath('/'), { ok: true, path: '/' });
    assert.deepEqual(cleanHostPath('//'), { ok: true, path: '/' });
    for (const bad of ['srv/ci', '', '/srv/./ci', '/srv/ci/..', '/..', 'C:\\x'])
      assert.equal(cleanHostPath(bad).ok, false, bad);
  });

  it('a prefix covers whole segments only', () => {
    assert.ok(underPrefix('/srv/ci', '/srv/ci'));
    assert.ok(underPrefix('/srv/ci/a', '/srv/ci'));
    assert.ok(!underPrefix('/srv/ci-other', '/srv/ci'));
    assert.ok(!underPrefix('/srv', '/srv/ci'));
    assert.ok(underPrefix('/anything', '/'));
  });
});

describe('image references', () => {
  it('normalises familiar names as the daemon does', () => {
    assert.deepEqual(normaliseImageRef('busybox'), {
      repository: 'docker.io/library/busybox',
      full: 'docker.io/library/busybox:latest',
    });
    assert.deepEqual(normaliseImageRef('acme/app:1'), {
      repository: 'docker.io/acme/app',
      full: 'docker.io/acme/app:1',
    });
    assert.deepEqual(normaliseImageRef('index.docker.io/busybox'), {
      repository: 'docker.io/library/busybox',
      full: 'docker.io/library/busybox:latest',
    });
    assert.deepEqual(normaliseImageRef('localhost:5000/app'), {
      repository: 'localhost:5000/app',
      full: 'localhost:5000/app:latest',
    });
    assert.deepEqual(normaliseImageRef('localhost/app'), { repository: 'localhost/app', full: 'localhost/app:latest' });
  });

  it('never names an image that may be an ID or an ID prefix', () => {
    for (const ref of ['abc', 'deadbeef', `sha256:${'a'.repeat(64)}`, 'a'.repeat(64), '', 'a b'])
      assert.equal(normaliseImageRef(ref), null, ref);
    assert.ok(!imageAllowed('cafe', ['**']));
  });

  it('matches patterns by repository, or by full reference when the pattern has a tag', () => {
    assert.ok(imageAllowed('busybox:1.36', ['busybox']));
    assert.ok(imageAllowed('docker.io/library/busybox', ['busybox']));
    assert.ok(!imageAllowed('busybox', ['busybox:1.36']));
    assert.ok(imageAllowed('acme/x', ['acme/*']));
    assert.ok(!imageAllowed('acme/x/y', ['acme/*']));
    assert.ok(imageAllowed('acme/x/y', ['acme/**']));
    assert.ok(!imageAllowed('evil.io/acme/x', ['acme/*']));
    assert.ok(imageAllowed('alpine:3.20', ['alpine:3.*']));
    assert.ok(!imageAllowed('alpine', ['alpine:3.*']));
  });
});

describe('the daemon readings of users, capabilities and security options', () => {
  it('root is uid 0 or the name root, whatever the group', () => {
    for (const u of ['root', '0', '00', '+0', '-0', 'root:1000', '0:0', ':0', ':1000']) assert.ok(isRootUser(u), u);
    for (const u of ['1000', '1000:0', 'rooty', 'Root', 'nobody:root']) assert.ok(!isRootUser(u), u);
  });

  it('capabilities in any case, with CAP_ or without', () => {
    assert.equal(normaliseCapability('sys_admin'), 'CAP_SYS_ADMIN');
    assert.equal(normaliseCapability('CAP_SYS_ADMIN'), 'CAP_SYS_ADMIN');
    assert.equal(normaliseCapability('all'), 'ALL');
  });

  it('security options with = or the deprecated :', () => {
    assert.equal(normaliseSecurityOpt('seccomp:unconfined'), 'seccomp=unconfined');
    assert.equal(normaliseSecurityOpt('label:type:spc_t'), 'label=type:spc_t');
    assert.equal(normaliseSecurityOpt('label=type:spc_t'), 'label=type:spc_t');
    assert.equal(normaliseSecurityOpt('disable'), 'label=disable');
    assert.equal(normaliseSecurityOpt('no-new-privileges'), 'no-new-privileges');
  });
});
