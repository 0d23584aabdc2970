// A body policy in plain words, one short line per constraint, for the Learn screen's proposed policy. Minimal on
// purpose: the policy editor's own wording (web/src/policy/policy-words.ts, from the web slice) should replace it.
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';

const USER_WORDS: Record<BodyPolicy['user'], string> = {
  any: 'any user, root included',
  'not-root': 'not root (the image’s default user is allowed)',
  'explicit-not-root': 'an explicit user that is not root',
};

const list = (items: readonly string[]): string => items.join(', ');

/** `CAP_NET_ADMIN` as the CLI's `--cap-add NET_ADMIN` says it. */
const capability = (cap: string): string => cap.replace(/^CAP_/i, '');

export function policyWords(p: BodyPolicy): string[] {
  const lines: (string | false)[] = [
    p.privileged ? 'privileged containers and execs (root on the host)' : 'no privileged',
    p.capabilities.length === 0 ? 'no added capabilities' : `capabilities: ${list(p.capabilities.map(capability))}`,
    p.devices ? 'host devices' : 'no host devices',
    p.hostNamespaces.length === 0 ? 'no host namespaces' : `host namespaces: ${list(p.hostNamespaces)}`,
    p.containerNamespaces && 'another container’s namespaces',
    p.securityOptions.length > 0 && `security options: ${list(p.securityOptions)}`,
    ...(p.binds.length === 0
      ? ['no bind mounts']
      : p.binds.map((b) => `bind mounts under ${b.path} (${b.readOnly ? 'read-only' : 'read-write'})`)),
    p.volumeDrivers.length > 0 && `volume drivers besides local: ${list(p.volumeDrivers)}`,
    p.volumesFrom && 'VolumesFrom (another container’s mounts)',
    p.sysctls.length > 0 && `sysctls: ${list(p.sysctls)}`,
    p.runtimes.length > 0 && `runtimes: ${list(p.runtimes)}`,
    `user: ${USER_WORDS[p.user]}`,
    p.images === null ? 'any image' : p.images.length === 0 ? 'no image' : `images: ${list(p.images)}`,
    p.systemPaths && 'masked and read-only system paths may be changed',
    p.annotations && 'OCI annotations',
    p.pluginPrivileges.length > 0 && `plugin privileges: ${list(p.pluginPrivileges)}`,
  ];
  return lines.filter((l): l is string => l !== false);
}
