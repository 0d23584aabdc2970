// The body policy a profile may carry: what a create (start, update, exec, volume, service, plugin) body may ask of
// the host. Plain JSON, validated like every stored value; everything it does not grant is denied.
import { z } from 'zod';
import { zodProblems } from '../rules/ruleset-json.ts';
import type { Result } from '../rules/types.ts';
import { cleanHostPath } from './host-path.ts';

export const HOST_NAMESPACES = ['network', 'pid', 'ipc', 'uts', 'userns', 'cgroupns'] as const;
export type HostNamespace = (typeof HOST_NAMESPACES)[number];

/** `any`: whatever user; `not-root`: never uid 0 or `root` (an empty user, the image's default, passes);
 * `explicit-not-root`: a user must be given, and not root. */
export const USER_RULES = ['any', 'not-root', 'explicit-not-root'] as const;

const hostPrefix = z.string().refine((p) => cleanHostPath(p).ok, {
  message: 'an absolute host path without "." or ".." segments',
});

export const bodyPolicySchema = z.strictObject({
  /** Privileged containers and exec instances. */
  privileged: z.boolean(),
  /** Capabilities a body may add (`CAP_` optional, any case); `ALL` listed allows every one, `ALL` included. */
  capabilities: z.array(z.string().min(1)).readonly(),
  /** Host devices: Devices, DeviceRequests (GPUs), DeviceCgroupRules, plugin device settings. */
  devices: z.boolean(),
  /** The host's namespaces a container may join (NetworkMode, PidMode, IpcMode, UTSMode, UsernsMode, CgroupnsMode = host). */
  hostNamespaces: z.array(z.enum(HOST_NAMESPACES)).readonly(),
  /** Joining another container's namespaces (`container:ID` modes, Cgroup): that container may have the host's. */
  containerNamespaces: z.boolean(),
  /** SecurityOpt entries allowed, compared as the daemon reads them (`label:disable` is `label=disable`). */
  securityOptions: z.array(z.string().min(1)).readonly(),
  /** Host paths a bind mount (Binds, Mounts, a local volume's o=bind device) may be under; readOnly: only read-only. */
  binds: z.array(z.strictObject({ path: hostPrefix, readOnly: z.boolean() })).readonly(),
  /** Volume drivers besides `local` (a plugin driver mounts what it likes). */
  volumeDrivers: z.array(z.string().min(1)).readonly(),
  /** VolumesFrom: the other container's mounts, binds included. */
  volumesFrom: z.boolean(),
  /** Sysctl names allowed; `net.*` allows a prefix. */
  sysctls: z.array(z.string().min(1)).readonly(),
  /** OCI runtimes besides the daemon's default. */
  runtimes: z.array(z.string().min(1)).readonly(),
  user: z.enum(USER_RULES),
  /** Image reference patterns (`*` within a path component, `**` across), or null for any image. */
  images: z.array(z.string().min(1)).readonly().nullable(),
  /** MaskedPaths / ReadonlyPaths: emptied, /proc/sys and friends become writable. */
  systemPaths: z.boolean(),
  /** OCI annotations, which some runtimes read as configuration. */
  annotations: z.boolean(),
  /** Plugin privileges (`network`, `mount`, `device`, `capabilities`, ...) a plugin install may be granted. */
  pluginPrivileges: z.array(z.string().min(1)).readonly(),
});

export type BodyPolicy = z.infer<typeof bodyPolicySchema>;

export function parseBodyPolicy(input: unknown, base = ''): Result<BodyPolicy> {
  const parsed = bodyPolicySchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, base) };
  return { ok: true, value: parsed.data };
}

/** The options no-new-privileges: the only SecurityOpt that only takes something away. */
const NO_NEW_PRIVILEGES = ['no-new-privileges', 'no-new-privileges=true'];

/** The ci-runner preset's policy: run containers, with named volumes, and nothing of the host. */
export const CI_RUNNER_POLICY: BodyPolicy = {
  privileged: false,
  capabilities: [],
  devices: false,
  hostNamespaces: [],
  containerNamespaces: false,
  securityOptions: NO_NEW_PRIVILEGES,
  binds: [],
  volumeDrivers: [],
  volumesFrom: false,
  sysctls: [],
  runtimes: [],
  user: 'any',
  images: null,
  systemPaths: false,
  annotations: false,
  pluginPrivileges: [],
};
