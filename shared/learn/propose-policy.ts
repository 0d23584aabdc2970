// Learn mode's proposal of a body policy: the narrowest one that admits every policed body an agent was seen sending,
// read as the daemon reads it (decodeBody), and nothing the bodies did not ask for. What it grants of the host, and the
// bodies no policy admits, are flagged for a second look.
import { CI_RUNNER_POLICY, HOST_NAMESPACES, type BodyPolicy, type HostNamespace } from '../policy/body-policy.ts';
import { checkBody, decodeBody } from '../policy/check-body.ts';
import {
  bindHostPath,
  bindMountReadOnly,
  isRootUser,
  localDevices,
  NAMESPACE_MODES,
  normaliseCapability,
  normaliseSecurityOpt,
  specSecurityOptions,
} from '../policy/constraints.ts';
import type { GoValue } from '../policy/go-schema.ts';
import { entries, get, isTrue, items, text } from '../policy/go-values.ts';
import { cleanHostPath } from '../policy/host-path.ts';
import { normaliseImageRef } from '../policy/image-ref.ts';
import type { PolicedOperation } from '../policy/operations.ts';

export interface SeenBody {
  readonly operation: PolicedOperation;
  readonly body: string | Uint8Array;
}

export interface RefusedBody {
  /** Its position in the bodies given. */
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

export interface PolicyProposal {
  readonly policy: BodyPolicy;
  /** What the proposal grants of the host, and the bodies it cannot admit, in plain words. */
  readonly flags: readonly string[];
  /** Seen bodies no policy admits (not JSON, an unknown field, an image named by ID, a `..` path, a device volume). */
  readonly refused: readonly RefusedBody[];
}

/** What the bodies asked of the host, gathered field by field the way constraints.ts checks each one. */
interface Asked {
  privileged: boolean;
  devices: boolean;
  containerNamespaces: boolean;
  volumesFrom: boolean;
  systemPaths: boolean;
  annotations: boolean;
  rootUser: boolean;
  emptyUser: boolean;
  /** An image named by ID (or not named): no pattern matches one, only "any image" admits it. */
  unnamedImage: boolean;
  readonly capabilities: Set<string>;
  readonly hostNamespaces: Set<HostNamespace>;
  readonly securityOptions: Set<string>;
  /** Clean host path -> whether every mount of it was read-only. */
  readonly binds: Map<string, boolean>;
  readonly volumeDrivers: Set<string>;
  readonly sysctls: Set<string>;
  readonly runtimes: Set<string>;
  /** Full normalised references (`docker.io/library/busybox:latest`): a pattern that matches exactly that image. */
  readonly images: Set<string>;
  readonly pluginPrivileges: Set<string>;
}

function nonEmpty(v: GoValue | undefined): boolean {
  return items(v).length > 0 || entries(v).length > 0;
}

function bind(a: Asked, path: string, readOnly: boolean): void {
  const clean = cleanHostPath(path);
  if (clean.ok) a.binds.set(clean.path, (a.binds.get(clean.path) ?? true) && readOnly);
}

function namespace(a: Asked, mode: string, ns: HostNamespace): void {
  const lower = mode.toLowerCase();
  if (lower === 'host') a.hostNamespaces.add(ns);
  if (lower.startsWith('container:')) a.containerNamespaces = true;
}

function image(a: Asked, ref: string): void {
  const normalised = normaliseImageRef(ref);
  if (normalised === null) a.unnamedImage = true;
  // `*` would make the pattern a glob; the daemon refuses such a reference anyway.
  else if (!normalised.full.includes('*')) a.images.add(normalised.full);
}

function user(a: Asked, u: string): void {
  if (u === '') a.emptyUser = true;
  else if (isRootUser(u)) a.rootUser = true;
}

function volumeDriver(a: Asked, driver: string, options: GoValue | undefined): void {
  if (driver !== '' && driver !== 'local') a.volumeDrivers.add(driver);
  else for (const d of localDevices(options)) if (d.kind === 'bind') bind(a, d.device, d.readOnly);
}

function mount(a: Asked, m: GoValue): void {
  const type = text(get(m, 'Type'));
  if (type === 'bind') bind(a, text(get(m, 'Source')), bindMountReadOnly(m));
  if (type === 'image') image(a, text(get(m, 'Source')));
  if (type === 'volume') {
    const driver = get(get(m, 'VolumeOptions'), 'DriverConfig');
    volumeDriver(a, text(get(driver, 'Name')), get(driver, 'Options'));
  }
}

function resources(a: Asked, r: GoValue | undefined): void {
  if (['Devices', 'DeviceRequests', 'DeviceCgroupRules'].some((name) => nonEmpty(get(r, name)))) a.devices = true;
}

function hostConfig(a: Asked, hc: GoValue | undefined): void {
  if (isTrue(get(hc, 'Privileged'))) a.privileged = true;
  for (const cap of items(get(hc, 'CapAdd'))) a.capabilities.add(normaliseCapability(text(cap)));
  resources(a, hc);
  for (const [name, ns] of NAMESPACE_MODES) namespace(a, text(get(hc, name)), ns);
  if (text(get(hc, 'Cgroup')) !== '') a.containerNamespaces = true;
  for (const opt of items(get(hc, 'SecurityOpt'))) a.securityOptions.add(normaliseSecurityOpt(text(opt)));
  for (const spec of items(get(hc, 'Binds'))) {
    const b = bindHostPath(text(spec));
    if (b !== null) bind(a, b.path, b.readOnly);
  }
  for (const m of items(get(hc, 'Mounts'))) mount(a, m);
  volumeDriver(a, text(get(hc, 'VolumeDriver')), undefined);
  if (nonEmpty(get(hc, 'VolumesFrom'))) a.volumesFrom = true;
  for (const [name] of entries(get(hc, 'Sysctls'))) a.sysctls.add(name);
  if (text(get(hc, 'Runtime')) !== '') a.runtimes.add(text(get(hc, 'Runtime')));
  for (const name of ['MaskedPaths', 'ReadonlyPaths'])
    if (get(hc, name) !== undefined && get(hc, name) !== null) a.systemPaths = true;
  if (nonEmpty(get(hc, 'Annotations'))) a.annotations = true;
}

function pluginPrivileges(a: Asked, v: GoValue | undefined): void {
  for (const p of items(v)) a.pluginPrivileges.add(text(get(p, 'Name') ?? get(p, 'name')));
}

function service(a: Asked, v: GoValue | undefined): void {
  const task = get(v, 'TaskTemplate');
  const spec = get(task, 'ContainerSpec');
  image(a, text(get(spec, 'Image')));
  user(a, text(get(spec, 'User')));
  for (const cap of items(get(spec, 'CapabilityAdd'))) a.capabilities.add(normaliseCapability(text(cap)));
  for (const m of items(get(spec, 'Mounts'))) mount(a, m);
  for (const [name] of entries(get(spec, 'Sysctls'))) a.sysctls.add(name);
  for (const [, opt] of specSecurityOptions(spec, '')) a.securityOptions.add(opt);
  pluginPrivileges(a, get(get(task, 'PluginSpec'), 'privileges'));
  for (const n of [...items(get(task, 'Networks')), ...items(get(v, 'Networks'))])
    namespace(a, text(get(n, 'Target')), 'network');
}

const GATHER: Record<PolicedOperation, (a: Asked, v: GoValue | undefined) => void> = {
  'container-create': (a, v) => {
    image(a, text(get(v, 'Image')));
    user(a, text(get(v, 'User')));
    hostConfig(a, get(v, 'HostConfig'));
    for (const [name] of entries(get(get(v, 'NetworkingConfig'), 'EndpointsConfig'))) namespace(a, name, 'network');
  },
  'container-start': hostConfig,
  'container-update': resources,
  'exec-create': (a, v) => {
    if (isTrue(get(v, 'Privileged'))) a.privileged = true;
    user(a, text(get(v, 'User')));
  },
  'volume-create': (a, v) => volumeDriver(a, text(get(v, 'Driver')), get(v, 'DriverOpts')),
  'service-create': service,
  'service-update': service,
  'plugin-pull': pluginPrivileges,
  'plugin-upgrade': pluginPrivileges,
  'plugin-set': (a, v) => {
    for (const setting of items(v)) {
      const s = text(setting);
      const eq = s.indexOf('=');
      const key = (eq === -1 ? s : s.slice(0, eq)).toLowerCase();
      if (key.endsWith('.source')) bind(a, s.slice(eq + 1), false);
      if (key.endsWith('.path')) a.devices = true;
    }
  },
};

const sorted = (s: ReadonlySet<string>): string[] => [...s].sort();

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Equal for the same operation and text; bytes that are not UTF-8 stay apart (they are refused anyway). */
function bodyKey({ operation, body }: SeenBody, index: number): string {
  if (typeof body === 'string') return `${operation} ${body}`;
  try {
    return `${operation} ${utf8.decode(body)}`;
  } catch {
    return `${index}`;
  }
}

function policyOf(a: Asked): BodyPolicy {
  return {
    privileged: a.privileged,
    capabilities: a.capabilities.has('ALL') ? ['ALL'] : sorted(a.capabilities),
    devices: a.devices,
    hostNamespaces: HOST_NAMESPACES.filter((ns) => a.hostNamespaces.has(ns)),
    containerNamespaces: a.containerNamespaces,
    securityOptions: sorted(a.securityOptions),
    binds: [...a.binds].sort(([p], [q]) => p.localeCompare(q)).map(([path, readOnly]) => ({ path, readOnly })),
    volumeDrivers: sorted(a.volumeDrivers),
    volumesFrom: a.volumesFrom,
    sysctls: sorted(a.sysctls),
    runtimes: sorted(a.runtimes),
    user: a.rootUser ? 'any' : a.emptyUser ? 'not-root' : 'explicit-not-root',
    images: a.unnamedImage ? null : sorted(a.images),
    systemPaths: a.systemPaths,
    annotations: a.annotations,
    pluginPrivileges: sorted(a.pluginPrivileges),
  };
}

/** What the policy grants of the host, one line each: everything beyond the ci-runner policy's "nothing of the host". */
function hostFlags(p: BodyPolicy): string[] {
  const quiet = new Set(CI_RUNNER_POLICY.securityOptions.map(normaliseSecurityOpt));
  const options = p.securityOptions.filter((o) => !quiet.has(o));
  const lines: [boolean, string][] = [
    [p.privileged, 'privileged: a privileged container or exec was seen; that is root on the host'],
    [p.capabilities.length > 0, `capabilities added: ${p.capabilities.join(', ')}`],
    [p.devices, 'host devices were handed to a container or plugin'],
    [p.hostNamespaces.length > 0, `the host's namespaces were joined: ${p.hostNamespaces.join(', ')}`],
    [p.containerNamespaces, "another container's namespaces were joined (they may be the host's)"],
    [options.length > 0, `security options: ${options.join(', ')}`],
    [
      p.binds.length > 0,
      `host paths mounted (and everything under them): ${p.binds.map((b) => `${b.path} (${b.readOnly ? 'read-only' : 'read-write'})`).join(', ')}`,
    ],
    [p.volumeDrivers.length > 0, `volume drivers besides local: ${p.volumeDrivers.join(', ')}`],
    [p.volumesFrom, "VolumesFrom: another container's mounts, its binds included"],
    [p.sysctls.length > 0, `sysctls: ${p.sysctls.join(', ')}`],
    [p.runtimes.length > 0, `runtimes besides the default: ${p.runtimes.join(', ')}`],
    [p.systemPaths, 'MaskedPaths or ReadonlyPaths were set: any value is then allowed, [] (a writable /proc/sys) too'],
    [p.annotations, 'OCI annotations were set'],
    [p.pluginPrivileges.length > 0, `plugin privileges: ${p.pluginPrivileges.join(', ')}`],
  ];
  return lines.flatMap(([when, line]) => (when ? [line] : []));
}

/**
 * The narrowest body policy under which every body seen passes checkBody: exactly the host paths (read-only when every
 * mount of one was), capabilities, images (each as its exact normalised reference), namespaces, options and drivers
 * the bodies asked for; privileged, devices and the like only if seen. One exception, flagged: an image named by ID
 * (the daemon resolves `cafe` to whatever local image has that prefix), which only `images: null` admits. Bodies no
 * policy admits are left out, refused.
 */
export function proposePolicy(bodies: readonly SeenBody[]): PolicyProposal {
  const asked: Asked = {
    privileged: false,
    devices: false,
    containerNamespaces: false,
    volumesFrom: false,
    systemPaths: false,
    annotations: false,
    rootUser: false,
    emptyUser: false,
    unnamedImage: false,
    capabilities: new Set(),
    hostNamespaces: new Set(),
    securityOptions: new Set(),
    binds: new Map(),
    volumeDrivers: new Set(),
    sysctls: new Set(),
    runtimes: new Set(),
    images: new Set(),
    pluginPrivileges: new Set(),
  };
  // An agent sends the same body again and again (a CI job per commit): each distinct one is read once.
  const keys = bodies.map((seen, index) => bodyKey(seen, index));
  const distinct = new Map<string, SeenBody>();
  for (const [index, seen] of bodies.entries()) distinct.set(keys[index] ?? '', seen);
  for (const { operation, body } of distinct.values()) {
    const decoded = decodeBody({ operation, apiVersion: null }, body, CI_RUNNER_POLICY);
    if (decoded.ok && decoded.canonical !== null) GATHER[operation](asked, decoded.canonical.value);
  }
  const policy = policyOf(asked);
  const verdicts = new Map(
    [...distinct].map(([k, { operation, body }]) => [k, checkBody({ operation, apiVersion: null }, body, policy)]),
  );
  const refused = bodies.flatMap((_, index) => {
    const verdict = verdicts.get(keys[index] ?? '');
    return verdict === undefined || verdict.ok ? [] : [{ index, field: verdict.field, message: verdict.message }];
  });
  const flags = [
    ...hostFlags(policy),
    ...(asked.unnamedImage
      ? [
          'an image was named by ID (or not at all): no pattern can match one, so any image is allowed; run images by name to narrow it',
        ]
      : []),
    ...refused.map(
      (r) => `body ${r.index + 1} (${bodies[r.index]?.operation}) is refused whatever the policy: ${r.message}`,
    ),
  ];
  return { policy, flags, refused };
}
