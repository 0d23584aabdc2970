// What a body policy still lets a body ask that amounts to root on the host, operation by operation. Coverage shows a
// root-equivalent operation as "write, bounded by policy" only when nothing is left, and lint names what is.
import type { Operation } from '../catalog/engine-api.ts';
import type { BodyPolicy } from './body-policy.ts';
import { normaliseCapability, normaliseSecurityOpt } from './constraints.ts';
import { cleanHostPath, underPrefix } from './host-path.ts';
import { catalogOperation, POLICED_OPERATIONS, type PolicedOperation } from './operations.ts';

export interface RootGrant {
  /** In plain words, e.g. `privileged containers`. */
  readonly what: string;
  /** The operations whose bodies can ask for it. */
  readonly operations: readonly PolicedOperation[];
}

/** Docker's default capability set (oci/caps DefaultCapabilities): adding one back takes nothing from the host. */
const DEFAULT_CAPABILITIES = new Set(
  [
    'CHOWN',
    'DAC_OVERRIDE',
    'FSETID',
    'FOWNER',
    'MKNOD',
    'NET_RAW',
    'SETGID',
    'SETUID',
    'SETFCAP',
    'SETPCAP',
    'NET_BIND_SERVICE',
    'SYS_CHROOT',
    'KILL',
    'AUDIT_WRITE',
  ].map(normaliseCapability),
);

/** Where daemons keep their sockets: a bind reaching one (read-only does not stop connect()) hands over that daemon. */
const SOCKET_DIRS = ['/run', '/var/run'];

const CONTAINER: readonly PolicedOperation[] = ['container-create', 'container-start'];
const SERVICE: readonly PolicedOperation[] = ['service-create', 'service-update'];
const HOST_PATHS: readonly PolicedOperation[] = [...CONTAINER, ...SERVICE, 'volume-create', 'plugin-set'];

function reachesSockets(path: string): boolean {
  const clean = cleanHostPath(path);
  return clean.ok && SOCKET_DIRS.some((d) => underPrefix(clean.path, d) || underPrefix(d, clean.path));
}

/**
 * What the policy grants that amounts to root, conservatively: privileged; capabilities beyond Docker's defaults;
 * devices; any host namespace or another container's; security options other than no-new-privileges; read-write
 * binds (a container can plant a symlink there that a later bind follows); binds reaching daemon sockets; volume
 * drivers, runtimes or VolumesFrom it cannot see into; writable system paths; annotations; plugin privileges.
 * Sysctls (the daemon takes only namespaced ones), the user inside the container and images are not host access.
 */
export function policyRootGrants(policy: BodyPolicy): RootGrant[] {
  const grants: RootGrant[] = [];
  const add = (when: boolean, what: string, operations: readonly PolicedOperation[]): void => {
    if (when) grants.push({ what, operations });
  };
  add(policy.privileged, 'privileged containers', [...CONTAINER, 'exec-create']);
  const caps = policy.capabilities.map(normaliseCapability).filter((c) => !DEFAULT_CAPABILITIES.has(c));
  add(caps.length > 0, `added capabilities (${caps.join(', ')})`, [...CONTAINER, ...SERVICE]);
  add(policy.devices, 'host devices', [...CONTAINER, 'container-update', 'plugin-set']);
  const network = policy.hostNamespaces.includes('network');
  add(policy.hostNamespaces.length > 0, `host namespaces (${policy.hostNamespaces.join(', ')})`, [
    ...CONTAINER,
    ...(network ? SERVICE : []),
  ]);
  add(policy.containerNamespaces, "other containers' namespaces", CONTAINER);
  const options = policy.securityOptions.map(normaliseSecurityOpt).filter((o) => !o.startsWith('no-new-privileges'));
  add(options.length > 0, `security options (${options.join(', ')})`, [...CONTAINER, ...SERVICE]);
  const writable = policy.binds.filter((b) => !b.readOnly).map((b) => b.path);
  add(writable.length > 0, `read-write binds (${writable.join(', ')})`, HOST_PATHS);
  const sockets = policy.binds.filter((b) => b.readOnly && reachesSockets(b.path)).map((b) => b.path);
  add(sockets.length > 0, `binds that reach daemon sockets (${sockets.join(', ')})`, HOST_PATHS);
  add(policy.volumeDrivers.length > 0, `volume drivers (${policy.volumeDrivers.join(', ')})`, [
    ...CONTAINER,
    ...SERVICE,
    'volume-create',
  ]);
  add(policy.volumesFrom, 'VolumesFrom', CONTAINER);
  add(policy.runtimes.length > 0, `runtimes (${policy.runtimes.join(', ')})`, CONTAINER);
  add(policy.systemPaths, 'writable system paths (/proc/sys)', CONTAINER);
  add(policy.annotations, 'OCI annotations', CONTAINER);
  add(policy.pluginPrivileges.length > 0, `plugin privileges (${policy.pluginPrivileges.join(', ')})`, [
    'plugin-pull',
    'plugin-upgrade',
    ...SERVICE,
  ]);
  return grants;
}

/** The policed operation a catalog operation is, or null (container start is policed only before API 1.24). */
export function policedAs(op: Operation): PolicedOperation | null {
  return (
    POLICED_OPERATIONS.find((id) => {
      const c = catalogOperation(id);
      return c.method === op.method && c.template === op.template;
    }) ?? null
  );
}

/** What of a policed operation the policy leaves root-equivalent (none: the policy bounds its body to a write). */
export function rootGrantsFor(op: PolicedOperation, policy: BodyPolicy): RootGrant[] {
  return policyRootGrants(policy).filter((g) => g.operations.includes(op));
}

/** Whether a root-equivalent catalog operation is only a write under the policy: its body is policed and nothing the
 * policy lets it ask amounts to root. */
export function boundedByPolicy(op: Operation, policy: BodyPolicy): boolean {
  const id = policedAs(op);
  return op.risk === 'root' && id !== null && rootGrantsFor(id, policy).length === 0;
}
