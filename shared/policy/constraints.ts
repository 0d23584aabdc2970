// Each constraint of a body policy, as a check on a decoded value that yields every field it does not allow, named by
// its path (`HostConfig.Binds[0]`). The field-level rules mirror how the daemon reads each value (cited inline).
import type { BodyPolicy, HostNamespace } from './body-policy.ts';
import { fieldPath } from './go-decode.ts';
import type { GoValue } from './go-schema.ts';
import { entries, get, isTrue, items, text } from './go-values.ts';
import { cleanHostPath, underPrefix } from './host-path.ts';
import { imageAllowed } from './image-ref.ts';

export interface Violation {
  /** The canonical path of the field that decided, e.g. `HostConfig.Privileged`. */
  readonly field: string;
  /** What a user reads after "is denied: ", e.g. `HostConfig.Privileged is not allowed`. */
  readonly message: string;
}

function deny(field: string, detail = 'is not allowed'): Violation {
  return { field, message: `${field} ${detail}` };
}

const quote = (s: string): string => JSON.stringify(s);

/** The daemon's reading of a capability name (oci/caps NormalizeLegacyCapabilities): any case, `CAP_` optional. */
export function normaliseCapability(cap: string): string {
  const upper = cap.toUpperCase();
  return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

export function* checkCapabilities(v: GoValue | undefined, field: string, policy: BodyPolicy): Generator<Violation> {
  const allowed = new Set(policy.capabilities.map(normaliseCapability));
  if (allowed.has('ALL')) return;
  for (const [i, cap] of items(v).entries())
    if (!allowed.has(normaliseCapability(text(cap))))
      yield deny(`${field}[${i}]`, `${quote(text(cap))} is not allowed`);
}

/** daemon parseSecurityOpt: `disable` alone is label=disable; `key=value`, else the deprecated `key:value`. */
export function normaliseSecurityOpt(opt: string): string {
  if (opt === 'no-new-privileges') return opt;
  if (opt === 'disable') return 'label=disable';
  if (opt.includes('=')) return opt;
  const colon = opt.indexOf(':');
  return colon === -1 ? opt : `${opt.slice(0, colon)}=${opt.slice(colon + 1)}`;
}

function* checkSecurityOpt(v: GoValue | undefined, field: string, policy: BodyPolicy): Generator<Violation> {
  const allowed = new Set(policy.securityOptions.map(normaliseSecurityOpt));
  for (const [i, opt] of items(v).entries())
    if (!allowed.has(normaliseSecurityOpt(text(opt))))
      yield deny(`${field}[${i}]`, `${quote(text(opt))} is not allowed`);
}

/** A host path a bind mounts: allowed when an entry covers it (read-write, or read-only and the mount is read-only). */
export function* checkHostPath(
  raw: string,
  readOnly: boolean,
  field: string,
  policy: BodyPolicy,
): Generator<Violation> {
  const clean = cleanHostPath(raw);
  if (!clean.ok) {
    yield deny(field, `host path ${quote(raw)} ${clean.reason}`);
    return;
  }
  const covering = policy.binds.filter((b) => {
    const prefix = cleanHostPath(b.path);
    return prefix.ok && underPrefix(clean.path, prefix.path);
  });
  if (covering.length === 0) yield deny(field, `mounts host path ${quote(clean.path)}, outside the allowed ones`);
  else if (!readOnly && covering.every((b) => b.readOnly))
    yield deny(field, `mounts host path ${quote(clean.path)} read-write; only read-only is allowed there`);
}

/** linux_parser ParseMountRaw: `dst`, `src:dst` or `src:dst:mode`; an absolute src is a bind (the host path it
 * mounts, read-only with `ro` in the mode), else a volume name (null). */
export function bindHostPath(spec: string): { readonly path: string; readonly readOnly: boolean } | null {
  const parts = spec.split(':');
  if (parts.length === 1) return null;
  const source = parts[0] ?? '';
  if (!source.startsWith('/')) return null;
  const mode = parts.length >= 3 ? (parts[parts.length - 1] ?? '') : '';
  return { path: source, readOnly: mode.split(',').includes('ro') };
}

function* checkBind(spec: string, field: string, policy: BodyPolicy): Generator<Violation> {
  const bind = bindHostPath(spec);
  if (bind !== null) yield* checkHostPath(bind.path, bind.readOnly, field, policy);
}

function driverAllowed(driver: string, policy: BodyPolicy): boolean {
  return driver === '' || driver === 'local' || policy.volumeDrivers.includes(driver);
}

/**
 * A volume driver and its options. The local driver mounts `device` with `type` and `o` (volume/local): with `o`
 * holding bind or rbind that is a host path; any other device is a block device or a network share. Keys are read in
 * any case here, though the driver takes them exactly: refusing a spelling it would reject costs nothing.
 */
export function* checkVolumeDriver(
  driver: string,
  options: GoValue | undefined,
  fields: { readonly driver: string; readonly options: string },
  policy: BodyPolicy,
): Generator<Violation> {
  if (!driverAllowed(driver, policy)) {
    yield deny(fields.driver, `${quote(driver)} is not an allowed volume driver`);
    return;
  }
  if (driver !== '' && driver !== 'local') return;
  for (const d of localDevices(options)) {
    const at = `${fields.options}[${quote(d.key)}]`;
    if (d.kind === 'bind') yield* checkHostPath(d.device, d.readOnly, at, policy);
    else if (d.kind === 'device') yield deny(at, `${quote(d.device)} mounts a host device or a network share`);
  }
}

/** The `device` options of a local volume, each as the driver mounts it: a host path (bind), tmpfs, or a device or share. */
export function localDevices(
  options: GoValue | undefined,
): { key: string; device: string; kind: 'bind' | 'tmpfs' | 'device'; readOnly: boolean }[] {
  const opts = entries(options).map(([k, v]) => [k.toLowerCase(), text(v), k] as const);
  const o = opts.filter(([k]) => k === 'o').flatMap(([, v]) => v.split(','));
  const types = opts.filter(([k]) => k === 'type').map(([, v]) => v);
  const bind = o.includes('bind') || o.includes('rbind');
  const tmpfs = types.length > 0 && types.every((t) => t === 'tmpfs');
  return opts
    .filter(([key]) => key === 'device')
    .map(([, device, key]) => ({
      key,
      device,
      kind: bind ? 'bind' : tmpfs ? 'tmpfs' : 'device',
      readOnly: o.includes('ro'),
    }));
}

/** Whether a bind mount.Mount only reads the host: CreateMountpoint makes the source directory, a write whatever
 * ReadOnly says. */
export function bindMountReadOnly(m: GoValue): boolean {
  return isTrue(get(m, 'ReadOnly')) && !isTrue(get(get(m, 'BindOptions'), 'CreateMountpoint'));
}

/** A mount.Mount, in HostConfig.Mounts or a service's ContainerSpec.Mounts. */
export function* checkMount(m: GoValue, field: string, policy: BodyPolicy): Generator<Violation> {
  const type = text(get(m, 'Type'));
  if (type === 'bind') {
    yield* checkHostPath(text(get(m, 'Source')), bindMountReadOnly(m), fieldPath(field, 'Source'), policy);
  } else if (type === 'volume') {
    const driver = get(get(m, 'VolumeOptions'), 'DriverConfig');
    const at = `${field}.VolumeOptions.DriverConfig`;
    yield* checkVolumeDriver(
      text(get(driver, 'Name')),
      get(driver, 'Options'),
      { driver: `${at}.Name`, options: `${at}.Options` },
      policy,
    );
  } else if (type === 'image') {
    yield* checkImage(text(get(m, 'Source')), fieldPath(field, 'Source'), policy);
  } else if (type !== 'tmpfs') {
    yield deny(fieldPath(field, 'Type'), `${quote(type)} is not allowed`);
  }
}

/**
 * libcontainer's user lookup (GetExecUserPath, no defaults: uid 0): `user[:group]`; uid 0 is `root`, a number that
 * parses (strconv.Atoi) to 0, or an empty user part (`:1000` runs as uid 0, whatever the image's USER says).
 */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || (/^[+-]?[0-9]+$/.test(name) && BigInt(name) === 0n);
}

export function* checkUser(user: string, field: string, policy: BodyPolicy): Generator<Violation> {
  if (policy.user === 'any') return;
  if (user === '' && policy.user === 'explicit-not-root')
    yield deny(field, 'is empty (the image default); a non-root user is required');
  else if (user !== '' && isRootUser(user)) yield deny(field, `${quote(user)} is root, which is not allowed`);
}

export function* checkImage(ref: string, field: string, policy: BodyPolicy): Generator<Violation> {
  if (policy.images === null || imageAllowed(ref, policy.images)) return;
  yield deny(field, `${quote(ref)} is not an allowed image`);
}

function* checkSysctls(v: GoValue | undefined, field: string, policy: BodyPolicy): Generator<Violation> {
  for (const [key] of entries(v)) {
    const ok = policy.sysctls.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p));
    if (!ok) yield deny(`${field}[${quote(key)}]`);
  }
}

/** A namespace mode: `host` (any case: a network named HOST is refused too) or, shared, `container:ID`. */
function* checkNamespace(mode: string, ns: HostNamespace, field: string, policy: BodyPolicy): Generator<Violation> {
  const lower = mode.toLowerCase();
  if (lower === 'host' && !policy.hostNamespaces.includes(ns)) yield deny(field, `${quote(mode)} is not allowed`);
  if (lower.startsWith('container:') && !policy.containerNamespaces)
    yield deny(field, `${quote(mode)} (another container's namespace) is not allowed`);
}

export function* checkPluginPrivileges(
  v: GoValue | undefined,
  field: string,
  policy: BodyPolicy,
): Generator<Violation> {
  for (const [i, p] of items(v).entries()) {
    const name = text(get(p, 'Name') ?? get(p, 'name'));
    if (!policy.pluginPrivileges.includes(name)) yield deny(`${field}[${i}]`, `${quote(name)} is not allowed`);
  }
}

function nonEmpty(v: GoValue | undefined): boolean {
  return items(v).length > 0 || entries(v).length > 0;
}

/** The resources any container body may carry (create, update): devices are the host's. */
export function* checkResources(r: GoValue | undefined, base: string, policy: BodyPolicy): Generator<Violation> {
  if (policy.devices) return;
  for (const name of ['Devices', 'DeviceRequests', 'DeviceCgroupRules'])
    if (nonEmpty(get(r, name))) yield deny(fieldPath(base, name));
}

/** The HostConfig field that sets each namespace. */
export const NAMESPACE_MODES: readonly (readonly [string, HostNamespace])[] = [
  ['NetworkMode', 'network'],
  ['PidMode', 'pid'],
  ['IpcMode', 'ipc'],
  ['UTSMode', 'uts'],
  ['UsernsMode', 'userns'],
  ['CgroupnsMode', 'cgroupns'],
];

/** A container's HostConfig (create, and an old-API start). */
export function* checkHostConfig(hc: GoValue | undefined, base: string, policy: BodyPolicy): Generator<Violation> {
  const at = (name: string): string => fieldPath(base, name);
  if (isTrue(get(hc, 'Privileged')) && !policy.privileged) yield deny(at('Privileged'));
  yield* checkCapabilities(get(hc, 'CapAdd'), at('CapAdd'), policy);
  yield* checkResources(hc, base, policy);
  for (const [name, ns] of NAMESPACE_MODES) yield* checkNamespace(text(get(hc, name)), ns, at(name), policy);
  if (text(get(hc, 'Cgroup')) !== '' && !policy.containerNamespaces) yield deny(at('Cgroup'));
  yield* checkSecurityOpt(get(hc, 'SecurityOpt'), at('SecurityOpt'), policy);
  for (const [i, bind] of items(get(hc, 'Binds')).entries())
    yield* checkBind(text(bind), `${at('Binds')}[${i}]`, policy);
  for (const [i, m] of items(get(hc, 'Mounts')).entries()) yield* checkMount(m, `${at('Mounts')}[${i}]`, policy);
  const driver = text(get(hc, 'VolumeDriver'));
  if (!driverAllowed(driver, policy)) yield deny(at('VolumeDriver'), `${quote(driver)} is not allowed`);
  if (nonEmpty(get(hc, 'VolumesFrom')) && !policy.volumesFrom) yield deny(at('VolumesFrom'));
  yield* checkSysctls(get(hc, 'Sysctls'), at('Sysctls'), policy);
  const runtime = text(get(hc, 'Runtime'));
  if (runtime !== '' && !policy.runtimes.includes(runtime))
    yield deny(at('Runtime'), `${quote(runtime)} is not allowed`);
  for (const name of ['MaskedPaths', 'ReadonlyPaths'])
    if (get(hc, name) !== undefined && get(hc, name) !== null && !policy.systemPaths) yield deny(at(name));
  if (nonEmpty(get(hc, 'Annotations')) && !policy.annotations) yield deny(at('Annotations'));
}

/** NetworkingConfig.EndpointsConfig keys are networks the container joins: `host` is the host's network namespace. */
export function* checkEndpoints(nc: GoValue | undefined, base: string, policy: BodyPolicy): Generator<Violation> {
  for (const [name] of entries(get(nc, 'EndpointsConfig')))
    yield* checkNamespace(name, 'network', `${base}.EndpointsConfig[${quote(name)}]`, policy);
}

/** swarm NetworkAttachmentConfig targets: the `host` network is the host's network namespace. */
export function* checkAttachments(v: GoValue | undefined, base: string, policy: BodyPolicy): Generator<Violation> {
  for (const [i, n] of items(v).entries())
    yield* checkNamespace(text(get(n, 'Target')), 'network', `${base}[${i}].Target`, policy);
}

/** A service's ContainerSpec: swarm has no privileged or device fields, but mounts, capabilities and security ones. */
export function* checkContainerSpec(spec: GoValue | undefined, base: string, policy: BodyPolicy): Generator<Violation> {
  const at = (name: string): string => fieldPath(base, name);
  yield* checkImage(text(get(spec, 'Image')), at('Image'), policy);
  yield* checkUser(text(get(spec, 'User')), at('User'), policy);
  yield* checkCapabilities(get(spec, 'CapabilityAdd'), at('CapabilityAdd'), policy);
  for (const [i, m] of items(get(spec, 'Mounts')).entries()) yield* checkMount(m, `${at('Mounts')}[${i}]`, policy);
  yield* checkSysctls(get(spec, 'Sysctls'), at('Sysctls'), policy);
  const allowed = new Set(policy.securityOptions.map(normaliseSecurityOpt));
  for (const [field, opt] of specSecurityOptions(spec, base))
    if (!allowed.has(opt)) yield deny(field, `(${opt}) is not allowed`);
}

/** The security options a ContainerSpec's Privileges amount to (daemon/cluster/executor/container: securityOpts), each
 * with the field that asks for it. */
export function specSecurityOptions(spec: GoValue | undefined, base: string): [string, string][] {
  const privileges = get(spec, 'Privileges');
  const p = (name: string): string => `${fieldPath(base, 'Privileges')}.${name}`;
  const selinux = get(privileges, 'SELinuxContext');
  const asOptions: [string, string][] = [];
  if (isTrue(get(selinux, 'Disable'))) asOptions.push([p('SELinuxContext.Disable'), 'label=disable']);
  for (const part of ['User', 'Role', 'Type', 'Level'])
    if (text(get(selinux, part)) !== '')
      asOptions.push([p(`SELinuxContext.${part}`), `label=${part.toLowerCase()}:${text(get(selinux, part))}`]);
  const seccomp = text(get(get(privileges, 'Seccomp'), 'Mode'));
  if (seccomp !== '' && seccomp !== 'default') asOptions.push([p('Seccomp.Mode'), `seccomp=${seccomp}`]);
  const apparmor = text(get(get(privileges, 'AppArmor'), 'Mode'));
  if (apparmor !== '' && apparmor !== 'default')
    asOptions.push([p('AppArmor.Mode'), `apparmor=${apparmor === 'disabled' ? 'unconfined' : apparmor}`]);
  return asOptions;
}
