// The editor's words for each yes/no and list constraint of a body policy, in the schema's order (after the field
// comments of shared/policy/body-policy.ts); the constraints with a control of their own are named where they go.
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';

type Keys<V> = { [K in keyof BodyPolicy]: BodyPolicy[K] extends V ? K : never }[keyof BodyPolicy];
export type CheckKey = Keys<boolean>;
export type ListKey = Exclude<Keys<readonly string[]>, 'hostNamespaces' | 'images'>;

export type Control =
  | { readonly kind: 'check'; readonly key: CheckKey; readonly label: string; readonly hint: string }
  | {
      readonly kind: 'list';
      readonly key: ListKey;
      readonly label: string;
      readonly hint: string;
      readonly placeholder?: string;
    }
  | { readonly kind: 'own'; readonly key: 'hostNamespaces' | 'binds' | 'user' | 'images' };

export const CONTROLS: readonly Control[] = [
  {
    kind: 'check',
    key: 'privileged',
    label: 'Allow privileged containers and exec',
    hint: '--privileged: every device, every capability, no confinement. Root on the host.',
  },
  {
    kind: 'list',
    key: 'capabilities',
    label: 'Capabilities a container may add',
    hint: "--cap-add, one a line (CAP_ optional, any case); ALL allows every one. None: only Docker's defaults.",
    placeholder: 'NET_ADMIN',
  },
  {
    kind: 'check',
    key: 'devices',
    label: 'Allow host devices',
    hint: '--device, --gpus, device cgroup rules, and plugin device settings.',
  },
  { kind: 'own', key: 'hostNamespaces' },
  {
    kind: 'check',
    key: 'containerNamespaces',
    label: "Allow joining other containers' namespaces",
    hint: "--network container:ID, --pid container:ID and the like: that container may have the host's.",
  },
  {
    kind: 'list',
    key: 'securityOptions',
    label: 'Security options allowed',
    hint: '--security-opt, one a line, compared as the daemon reads them (label:disable is label=disable). seccomp=unconfined, apparmor=unconfined and label=disable lift the confinement.',
    placeholder: 'no-new-privileges',
  },
  { kind: 'own', key: 'binds' },
  {
    kind: 'list',
    key: 'volumeDrivers',
    label: 'Volume drivers besides local',
    hint: 'A plugin volume driver mounts what it likes. None: local volumes only.',
  },
  {
    kind: 'check',
    key: 'volumesFrom',
    label: "Allow another container's mounts (--volumes-from)",
    hint: 'Takes every mount of the other container, its binds included.',
  },
  {
    kind: 'list',
    key: 'sysctls',
    label: 'Sysctls allowed',
    hint: '--sysctl names, one a line; net.* allows a prefix.',
    placeholder: 'net.ipv4.ip_unprivileged_port_start',
  },
  {
    kind: 'list',
    key: 'runtimes',
    label: 'Runtimes besides the default',
    hint: "--runtime: an OCI runtime other than the daemon's default.",
  },
  { kind: 'own', key: 'user' },
  { kind: 'own', key: 'images' },
  {
    kind: 'check',
    key: 'systemPaths',
    label: 'Allow unmasked system paths',
    hint: 'Emptied MaskedPaths and ReadonlyPaths make /proc/sys and friends writable: a root container can then escape.',
  },
  {
    kind: 'check',
    key: 'annotations',
    label: 'Allow OCI annotations',
    hint: 'Some runtimes read annotations as configuration.',
  },
  {
    kind: 'list',
    key: 'pluginPrivileges',
    label: 'Plugin privileges a plugin install may be granted',
    hint: 'network, mount, device, capabilities… one a line. None: no plugin that asks for any.',
  },
];
