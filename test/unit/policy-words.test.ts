// policyWords: a body policy in plain words, one line per constraint in the schema's order (the policy panel's summary
// and the learn screen's proposal read it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyPolicySchema, CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { policyWords } from '../../web/src/policy/policy-words.ts';

const FIELDS = Object.keys(bodyPolicySchema.shape) as (keyof BodyPolicy)[];

/** Each constraint widened from ci-runner, and the line it must then read. */
const WIDENED: { readonly [K in keyof BodyPolicy]: readonly [BodyPolicy[K], string] } = {
  privileged: [true, 'Privileged containers and exec allowed: root on the host'],
  capabilities: [['NET_ADMIN', 'sys_time'], 'Capabilities that may be added: NET_ADMIN, sys_time'],
  devices: [true, 'Host devices allowed (devices, GPUs, device cgroup rules)'],
  hostNamespaces: [['network', 'pid'], "The host's namespaces that may be joined: network, pid"],
  containerNamespaces: [true, "Other containers' namespaces may be joined"],
  securityOptions: [['apparmor=unconfined'], 'Security options allowed: apparmor=unconfined'],
  binds: [
    [
      { path: '/srv/ci', readOnly: true },
      { path: '/data', readOnly: false },
    ],
    'Bind mounts of host paths under: /srv/ci (read-only), /data (read-write)',
  ],
  volumeDrivers: [['rexray'], 'Volume drivers besides local: rexray'],
  volumesFrom: [true, "Another container's mounts may be taken (VolumesFrom)"],
  sysctls: [['net.*'], 'Sysctls allowed: net.*'],
  runtimes: [['runsc'], 'Runtimes besides the default: runsc'],
  user: ['explicit-not-root', 'A user must be named, and not root'],
  images: [['registry.example/ci/**'], 'Only images matching: registry.example/ci/**'],
  systemPaths: [true, 'System paths may be unmasked (/proc/sys writable)'],
  annotations: [true, 'OCI annotations allowed'],
  pluginPrivileges: [['network'], 'Plugin privileges that may be granted: network'],
};

describe('policyWords', () => {
  it('says what ci-runner allows, one line per constraint in the order of the schema', () => {
    assert.deepEqual(policyWords(CI_RUNNER_POLICY), [
      'No privileged containers or exec',
      'No added capabilities',
      'No host devices',
      'No host namespaces',
      "No joining other containers' namespaces",
      'Security options allowed: no-new-privileges, no-new-privileges=true',
      'No bind mounts of host paths',
      'Volumes of the local driver only',
      'No VolumesFrom',
      'No sysctls',
      "The daemon's default runtime only",
      'Any user inside the container, root included',
      'Any image',
      'System paths stay masked and read-only',
      'No OCI annotations',
      'No plugin privileges',
    ]);
  });

  it('changes only the line of the constraint that changed, for every constraint', () => {
    const before = policyWords(CI_RUNNER_POLICY);
    assert.equal(before.length, FIELDS.length);
    FIELDS.forEach((field, i) => {
      const after = policyWords({ ...CI_RUNNER_POLICY, [field]: WIDENED[field][0] });
      assert.equal(after[i], WIDENED[field][1], field);
      assert.deepEqual(
        after.filter((_, k) => k !== i),
        before.filter((_, k) => k !== i),
        `${field} changes no other line`,
      );
    });
  });

  it('names the other user rules, ALL capabilities and an empty image list plainly', () => {
    const words = (p: Partial<BodyPolicy>): string[] => policyWords({ ...CI_RUNNER_POLICY, ...p });
    assert.match(words({ user: 'not-root' })[11] ?? '', /^Never root inside the container/);
    assert.equal(words({ capabilities: ['all'] })[1], 'Any capability may be added (ALL)');
    assert.equal(words({ images: [] })[12], 'No image at all');
  });
});
