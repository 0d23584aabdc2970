// A body policy in plain words, one line per constraint, in the schema's order: the policy panel's summary and the
// learn screen's proposal both read it. The words follow the field comments in shared/policy/body-policy.ts.
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';

/** `none` when the list is empty, else `some` followed by the items. */
function listed(items: readonly string[], none: string, some: string): string {
  return items.length === 0 ? none : `${some}: ${items.join(', ')}`;
}

const USER_WORDS: Record<BodyPolicy['user'], string> = {
  any: 'Any user inside the container, root included',
  'not-root': "Never root inside the container (a body that names no user gets the image's default)",
  'explicit-not-root': 'A user must be named, and not root',
};

export function policyWords(policy: BodyPolicy): string[] {
  const binds = policy.binds.map((b) => `${b.path}${b.readOnly ? ' (read-only)' : ' (read-write)'}`);
  return [
    policy.privileged ? 'Privileged containers and exec allowed: root on the host' : 'No privileged containers or exec',
    policy.capabilities.some((c) => c.toUpperCase() === 'ALL')
      ? 'Any capability may be added (ALL)'
      : listed(policy.capabilities, 'No added capabilities', 'Capabilities that may be added'),
    policy.devices ? 'Host devices allowed (devices, GPUs, device cgroup rules)' : 'No host devices',
    listed(policy.hostNamespaces, 'No host namespaces', "The host's namespaces that may be joined"),
    policy.containerNamespaces
      ? "Other containers' namespaces may be joined"
      : "No joining other containers' namespaces",
    listed(policy.securityOptions, 'No security options', 'Security options allowed'),
    listed(binds, 'No bind mounts of host paths', 'Bind mounts of host paths under'),
    listed(policy.volumeDrivers, 'Volumes of the local driver only', 'Volume drivers besides local'),
    policy.volumesFrom ? "Another container's mounts may be taken (VolumesFrom)" : 'No VolumesFrom',
    listed(policy.sysctls, 'No sysctls', 'Sysctls allowed'),
    listed(policy.runtimes, "The daemon's default runtime only", 'Runtimes besides the default'),
    USER_WORDS[policy.user],
    policy.images === null ? 'Any image' : listed(policy.images, 'No image at all', 'Only images matching'),
    policy.systemPaths ? 'System paths may be unmasked (/proc/sys writable)' : 'System paths stay masked and read-only',
    policy.annotations ? 'OCI annotations allowed' : 'No OCI annotations',
    listed(policy.pluginPrivileges, 'No plugin privileges', 'Plugin privileges that may be granted'),
  ];
}
