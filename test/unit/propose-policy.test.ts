// Learn mode's body policy proposal: every body it was shown passes under it, a body asking one thing more is denied,
// and what it grants of the host is flagged. Driven by hand-written bodies, the policy case table and random bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposePolicy, type SeenBody } from '../../shared/learn/propose-policy.ts';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { checkBody } from '../../shared/policy/check-body.ts';
import { underPrefix } from '../../shared/policy/host-path.ts';
import { policedRequest, type PolicedOperation } from '../../shared/policy/operations.ts';
import { BODY_CASES, GRANTING_POLICY, POLICIES } from '../cases/body-policy-cases.ts';
import { randomCreateBody } from '../cases/body-policy-fuzz.ts';
import { prng } from '../security/lib.ts';

const create = (o: object): SeenBody => ({ operation: 'container-create', body: JSON.stringify(o) });
const exec = (o: object): SeenBody => ({ operation: 'exec-create', body: JSON.stringify(o) });
const volume = (o: object): SeenBody => ({ operation: 'volume-create', body: JSON.stringify(o) });

function verdict(seen: SeenBody, policy: BodyPolicy) {
  return checkBody({ operation: seen.operation, apiVersion: null }, seen.body, policy);
}

/** What a CI job's docker CLI sends: run with a named volume and a read-only cache bind, exec, a named volume. */
const CI_JOB: readonly SeenBody[] = [
  create({
    Image: 'golang:1.22',
    User: '1000',
    Cmd: ['go', 'test'],
    HostConfig: { Binds: ['gocache:/root/.cache', '/srv/ci/cache:/cache:ro'], AutoRemove: true, CapDrop: ['ALL'] },
  }),
  create({ Image: 'busybox', User: 'app', HostConfig: { SecurityOpt: ['no-new-privileges'] } }),
  exec({ User: '1000', Cmd: ['ls'] }),
  volume({ Name: 'gocache' }),
];

describe('proposePolicy', () => {
  const { policy, flags, refused } = proposePolicy(CI_JOB);

  it('proposes exactly what a CI job asked for: its images, its read-only bind, a non-root user, nothing privileged', () => {
    assert.deepEqual(policy, {
      ...CI_RUNNER_POLICY,
      securityOptions: ['no-new-privileges'],
      binds: [{ path: '/srv/ci/cache', readOnly: true }],
      user: 'explicit-not-root',
      images: ['docker.io/library/busybox:latest', 'docker.io/library/golang:1.22'],
    });
    assert.deepEqual(refused, []);
    assert.deepEqual(flags, ['host paths mounted (and everything under them): /srv/ci/cache (read-only)']);
  });

  it('every body seen passes under it', () => {
    for (const seen of CI_JOB) assert.ok(verdict(seen, policy).ok, String(seen.body));
  });

  // Each widens one field of a body the job sent, beyond anything it was seen asking; the field named must decide.
  const WIDER: readonly [string, SeenBody, string][] = [
    [
      'privileged',
      create({ Image: 'busybox', User: 'app', HostConfig: { Privileged: true } }),
      'HostConfig.Privileged',
    ],
    [
      'a capability',
      create({ Image: 'busybox', User: 'app', HostConfig: { CapAdd: ['CHOWN'] } }),
      'HostConfig.CapAdd[0]',
    ],
    ['another image', create({ Image: 'busybox:1.36', User: 'app' }), 'Image'],
    ['another registry', create({ Image: 'evil.example/library/busybox', User: 'app' }), 'Image'],
    ['root', create({ Image: 'busybox', User: '0' }), 'User'],
    ['the image default user', create({ Image: 'busybox' }), 'User'],
    ['root in an exec', exec({ User: 'root', Cmd: ['ls'] }), 'User'],
    ['a privileged exec', exec({ User: '1000', Privileged: true }), 'Privileged'],
    [
      'the bind read-write',
      create({ Image: 'busybox', User: 'app', HostConfig: { Binds: ['/srv/ci/cache:/c'] } }),
      'HostConfig.Binds[0]',
    ],
    [
      'a parent of the bind',
      create({ Image: 'busybox', User: 'app', HostConfig: { Binds: ['/srv/ci:/c:ro'] } }),
      'HostConfig.Binds[0]',
    ],
    [
      'the bind as a Mount with CreateMountpoint',
      create({
        Image: 'busybox',
        User: 'app',
        HostConfig: {
          Mounts: [
            {
              Type: 'bind',
              Source: '/srv/ci/cache',
              Target: '/c',
              ReadOnly: true,
              BindOptions: { CreateMountpoint: true },
            },
          ],
        },
      }),
      'HostConfig.Mounts[0].Source',
    ],
    [
      'the pid namespace',
      create({ Image: 'busybox', User: 'app', HostConfig: { PidMode: 'host' } }),
      'HostConfig.PidMode',
    ],
    [
      'the host network',
      create({ Image: 'busybox', User: 'app', NetworkingConfig: { EndpointsConfig: { host: {} } } }),
      'NetworkingConfig.EndpointsConfig["host"]',
    ],
    [
      'a container namespace',
      create({ Image: 'busybox', User: 'app', HostConfig: { IpcMode: 'container:x' } }),
      'HostConfig.IpcMode',
    ],
    [
      'seccomp unconfined',
      create({ Image: 'busybox', User: 'app', HostConfig: { SecurityOpt: ['seccomp=unconfined'] } }),
      'HostConfig.SecurityOpt[0]',
    ],
    [
      'a device',
      create({ Image: 'busybox', User: 'app', HostConfig: { Devices: [{ PathOnHost: '/dev/sda' }] } }),
      'HostConfig.Devices',
    ],
    [
      'VolumesFrom',
      create({ Image: 'busybox', User: 'app', HostConfig: { VolumesFrom: ['other'] } }),
      'HostConfig.VolumesFrom',
    ],
    [
      'a sysctl',
      create({ Image: 'busybox', User: 'app', HostConfig: { Sysctls: { 'net.ipv4.ip_forward': '1' } } }),
      'HostConfig.Sysctls["net.ipv4.ip_forward"]',
    ],
    ['a runtime', create({ Image: 'busybox', User: 'app', HostConfig: { Runtime: 'runsc' } }), 'HostConfig.Runtime'],
    [
      'system paths',
      create({ Image: 'busybox', User: 'app', HostConfig: { MaskedPaths: [] } }),
      'HostConfig.MaskedPaths',
    ],
    [
      'annotations',
      create({ Image: 'busybox', User: 'app', HostConfig: { Annotations: { a: 'b' } } }),
      'HostConfig.Annotations',
    ],
    ['a volume driver', volume({ Name: 'x', Driver: 'rexray' }), 'Driver'],
    [
      'a read-write bind volume',
      volume({ Name: 'x', DriverOpts: { type: 'none', o: 'bind', device: '/srv/ci/cache' } }),
      'DriverOpts["device"]',
    ],
  ];
  for (const [what, seen, field] of WIDER) {
    it(`denies a body that asks one thing more: ${what} (${field})`, () => {
      const v = verdict(seen, policy);
      assert.equal(v.ok ? 'forwarded' : `${v.status} ${v.field}`, `403 ${field}`);
    });
  }

  it('a path seen bound read-only may be bound read-only in any form, and what is under it too (prefixes)', () => {
    const under = volume({ Name: 'x', DriverOpts: { type: 'none', o: 'bind,ro', device: '/srv/ci/cache/go' } });
    assert.ok(verdict(under, policy).ok);
  });

  it('grants what it saw and flags each thing of the host', () => {
    const wide = proposePolicy([
      create({
        Image: 'ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        User: 'root',
        HostConfig: {
          Privileged: true,
          CapAdd: ['net_admin'],
          PidMode: 'HOST',
          Binds: ['/var/run/docker.sock:/var/run/docker.sock'],
          SecurityOpt: ['apparmor:unconfined', 'no-new-privileges'],
        },
      }),
      exec({ Privileged: true }),
    ]);
    assert.deepEqual(wide.refused, []);
    assert.equal(wide.policy.privileged, true);
    assert.deepEqual(wide.policy.capabilities, ['CAP_NET_ADMIN']);
    assert.deepEqual(wide.policy.hostNamespaces, ['pid']);
    assert.deepEqual(wide.policy.securityOptions, ['apparmor=unconfined', 'no-new-privileges']);
    assert.deepEqual(wide.policy.binds, [{ path: '/var/run/docker.sock', readOnly: false }]);
    assert.equal(wide.policy.user, 'any');
    assert.deepEqual(wide.policy.images, [
      'ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ]);
    assert.deepEqual(wide.flags, [
      'privileged: a privileged container or exec was seen; that is root on the host',
      'capabilities added: CAP_NET_ADMIN',
      "the host's namespaces were joined: pid",
      'security options: apparmor=unconfined',
      'host paths mounted (and everything under them): /var/run/docker.sock (read-write)',
    ]);
  });

  it('a user seen empty (the image default) but never root gives not-root; one seen root gives any', () => {
    assert.equal(proposePolicy([create({ Image: 'busybox' })]).policy.user, 'not-root');
    assert.equal(proposePolicy([create({ Image: 'busybox', User: ':5' })]).policy.user, 'any');
  });

  it('nothing seen proposes nothing: no image, a user required', () => {
    const { policy: none, flags: noFlags } = proposePolicy([]);
    assert.deepEqual(none, { ...CI_RUNNER_POLICY, securityOptions: [], images: [], user: 'explicit-not-root' });
    assert.deepEqual(noFlags, []);
  });

  it('leaves out, and flags, bodies no policy admits', () => {
    const bodies: SeenBody[] = [
      create({ Image: 'busybox', User: 'app' }),
      { operation: 'container-create', body: '{"Image":' },
      create({ Image: 'busybox', User: 'app', Bogus: 1 }),
      create({ Image: 'busybox', User: 'app', HostConfig: { Mounts: [{ Type: 'npipe', Source: 'x', Target: '/x' }] } }),
      create({ Image: 'busybox', User: 'app', HostConfig: { Binds: ['/srv/ci/../etc:/e'] } }),
      volume({ Name: 'nfs', DriverOpts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } }),
    ];
    const p = proposePolicy(bodies);
    assert.deepEqual(
      p.refused.map((r) => `${r.index} ${r.field}`),
      ['1 ', '2 Bogus', '3 HostConfig.Mounts[0].Type', '4 HostConfig.Binds[0]', '5 DriverOpts["device"]'],
    );
    assert.deepEqual(p.policy.binds, []);
    assert.deepEqual(p.policy.images, ['docker.io/library/busybox:latest']);
    assert.equal(p.flags.length, 5);
    assert.match(
      p.flags[3] ?? '',
      /^body 5 \(container-create\) is refused whatever the policy: HostConfig\.Binds\[0\] host path "\/srv\/ci\/\.\.\/etc" has a "\." or "\.\." segment$/,
    );
  });

  it('reads a repeated body once but answers for every copy, text or bytes', () => {
    const bad = create({ Image: 'busybox', User: 'app', Bogus: 1 });
    const good = create({ Image: 'busybox', User: 'app' });
    const bytes: SeenBody = { operation: 'container-create', body: new TextEncoder().encode(String(bad.body)) };
    const notUtf8: SeenBody = { operation: 'container-create', body: new Uint8Array([0x7b, 0xff, 0x7d]) };
    const p = proposePolicy([bad, good, bad, bytes, good, notUtf8]);
    assert.deepEqual(
      p.refused.map((r) => `${r.index} ${r.field}`),
      ['0 Bogus', '2 Bogus', '3 Bogus', '5 '],
    );
    assert.deepEqual(p.policy.images, ['docker.io/library/busybox:latest']);
  });

  it('an image named by ID leaves images open, flagged: no pattern can name it', () => {
    const p = proposePolicy([create({ Image: 'busybox', User: 'app' }), create({ Image: 'sha256:cafe', User: 'app' })]);
    assert.equal(p.policy.images, null);
    assert.deepEqual(p.refused, []);
    assert.match(p.flags.join('\n'), /an image was named by ID \(or not at all\)[^\n]*any image is allowed/);
  });
});

/** The operation a table case's path is. */
function operationOf(path: string): PolicedOperation {
  const r = policedRequest({ method: 'POST', path });
  assert.ok(r !== null, path);
  return r.operation;
}

/** Grants all the fuzz generator and the table ask for, where a policy can grant it. */
const WIDEST: BodyPolicy = {
  ...GRANTING_POLICY,
  capabilities: ['ALL'],
  securityOptions: [
    'no-new-privileges',
    'seccomp=unconfined',
    'label=disable',
    'apparmor=docker-default',
    'apparmor=unconfined',
  ],
  volumeDrivers: ['rexray', 'evil'],
  sysctls: ['*'],
  runtimes: ['runsc'],
  user: 'any',
  images: null,
  pluginPrivileges: ['network', 'mount', 'device', 'capabilities'],
};

/** Whether some policy forwards the body: then no proposal may leave it out. */
function admissible(seen: SeenBody): boolean {
  return [...Object.values(POLICIES), WIDEST].some((p) => verdict(seen, p).ok);
}

describe('proposePolicy over the policy case table and random bodies', () => {
  const table: SeenBody[] = BODY_CASES.filter((c) => c.body.trim() !== '').map((c) => ({
    operation: operationOf(c.path),
    body: c.body,
  }));

  it('each table body alone: it passes under its own proposal when any policy admits it', () => {
    let admitted = 0;
    for (const seen of table) {
      const p = proposePolicy([seen]);
      if (!admissible(seen)) continue;
      admitted++;
      assert.deepEqual(p.refused, [], String(seen.body));
      assert.ok(verdict(seen, p.policy).ok, String(seen.body));
    }
    assert.ok(admitted >= 40, `only ${admitted} table bodies admitted by some policy`);
  });

  it('all table bodies at once: every one some policy admits passes; the rest are refused', () => {
    const p = proposePolicy(table);
    const left = new Set(p.refused.map((r) => r.index));
    for (const [i, seen] of table.entries()) {
      assert.equal(verdict(seen, p.policy).ok, !left.has(i), String(seen.body));
      if (admissible(seen)) assert.ok(!left.has(i), String(seen.body));
    }
  });

  it('random create bodies: the proposal admits each admissible one, and a body it admits adds nothing to it', (t) => {
    const random = prng(7);
    const bodies = Array.from({ length: 600 }, (): SeenBody => ({
      operation: 'container-create',
      body: randomCreateBody(random),
    }));
    let checked = 0;
    let admittedOthers = 0;
    for (let start = 0; start + 6 <= bodies.length; start += 6) {
      const seen = bodies.slice(start, start + 5);
      const other = bodies[start + 5] as SeenBody;
      const p = proposePolicy(seen);
      for (const [i, s] of seen.entries()) {
        const passes = verdict(s, p.policy).ok;
        assert.equal(passes, !p.refused.some((r) => r.index === i), String(s.body));
        if (admissible(s)) assert.ok(passes, String(s.body));
        checked++;
      }
      // Nothing wider than seen: a body the proposal admits asks for nothing new, so adding it changes no grant
      // (a bind under a seen path may add its own, narrower, entry).
      if (!verdict(other, p.policy).ok) continue;
      admittedOthers++;
      const q = proposePolicy([...seen, other]).policy;
      assert.deepEqual({ ...q, binds: [] }, { ...p.policy, binds: [] }, String(other.body));
      for (const b of q.binds)
        assert.ok(
          p.policy.binds.some((a) => underPrefix(b.path, a.path) && (b.readOnly || !a.readOnly)),
          `${b.path} from ${String(other.body)}`,
        );
    }
    t.diagnostic(`${checked} bodies seen in sets of 5; ${admittedOthers} of 100 other bodies admitted`);
    assert.ok(checked >= 400 && admittedOthers >= 5, `checked ${checked}, other bodies admitted ${admittedOthers}`);
  });
});
