// Policed request bodies and what the body policy must answer: forward (and what), refuse (400) or deny (403, and
// which field decided). Pure data: the unit tests drive it through checkBody(); the proxy's tests on the real daemon
// can drive the same table (a denied case must leave nothing behind on the daemon, an allowed one must work).
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';

/** Everything ci-runner forbids, bounded by allow-lists instead. */
export const BOUNDED_POLICY: BodyPolicy = {
  ...CI_RUNNER_POLICY,
  capabilities: ['NET_ADMIN'],
  binds: [
    { path: '/srv/ci', readOnly: false },
    { path: '/etc/ssl/certs/', readOnly: true },
  ],
  volumeDrivers: ['rexray'],
  sysctls: ['net.ipv4.ping_group_range', 'net.core.*'],
  runtimes: ['runsc'],
  user: 'not-root',
  images: ['busybox', 'docker.io/library/alpine:3.*', 'ghcr.io/acme/**'],
  pluginPrivileges: ['network'],
};

/** Grants what the other two refuse, to show each grant lets its field through. */
export const GRANTING_POLICY: BodyPolicy = {
  ...CI_RUNNER_POLICY,
  privileged: true,
  devices: true,
  hostNamespaces: ['network', 'pid', 'ipc', 'uts', 'userns', 'cgroupns'],
  containerNamespaces: true,
  securityOptions: ['seccomp=unconfined', 'label:disable'],
  binds: [{ path: '/', readOnly: false }],
  volumesFrom: true,
  systemPaths: true,
  annotations: true,
  pluginPrivileges: ['mount'],
};

export const POLICIES = { 'ci-runner': CI_RUNNER_POLICY, bounded: BOUNDED_POLICY, granting: GRANTING_POLICY } as const;
/** The policies the random bodies are run against: each one refuses much of what the generator writes. */
export const FUZZ_POLICIES = { 'ci-runner': CI_RUNNER_POLICY, bounded: BOUNDED_POLICY } as const;

export type BodyExpect =
  /** Forwarded; `body`, when given, is exactly the text doxy sends. */
  | { readonly forward: true; readonly body?: string }
  | { readonly status: 400 | 403; readonly field: string; readonly message?: string };

export interface BodyCase {
  readonly name: string;
  readonly path: string;
  readonly body: string;
  readonly policy: keyof typeof POLICIES;
  readonly expect: BodyExpect;
}

const IMG = '"Image":"busybox","Cmd":["true"]';
/** IMG as doxy forwards it: Config fields in declaration order. */
const IMG_OUT = '"Cmd":["true"],"Image":"busybox"';
const forward = (body?: string): BodyExpect => (body === undefined ? { forward: true } : { forward: true, body });
const denied = (field: string, message?: string): BodyExpect =>
  message === undefined ? { status: 403, field } : { status: 403, field, message };
const refused = (field: string, message?: string): BodyExpect =>
  message === undefined ? { status: 400, field } : { status: 400, field, message };

function create(name: string, body: string, expect: BodyExpect, policy: keyof typeof POLICIES = 'ci-runner'): BodyCase {
  return { name, path: '/v1.41/containers/create', body, policy, expect };
}

function hostConfig(
  name: string,
  hc: string,
  expect: BodyExpect,
  policy: keyof typeof POLICIES = 'ci-runner',
): BodyCase {
  return create(name, `{${IMG},"HostConfig":${hc}}`, expect, policy);
}

export const BODY_CASES: readonly BodyCase[] = [
  // What docker run sends for the allowed cases.
  create('docker run --rm IMAGE echo', `{${IMG},"HostConfig":{"AutoRemove":true,"NetworkMode":"default"}}`, forward()),
  hostConfig('a named volume', '{"Binds":["cache:/cache:rw"]}', forward()),
  hostConfig('an anonymous volume', '{"Binds":["/data"]}', forward()),
  hostConfig('a tmpfs mount', '{"Mounts":[{"Type":"tmpfs","Target":"/tmp"}]}', forward()),
  hostConfig('a volume mount', '{"Mounts":[{"Type":"volume","Source":"v","Target":"/v"}]}', forward()),
  hostConfig('dropping capabilities', '{"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"]}', forward()),
  hostConfig(
    'the empty and null forms of every policed list',
    '{"Binds":null,"CapAdd":[],"Devices":[],"MaskedPaths":null,"VolumesFrom":[]}',
    forward(),
  ),
  create(
    'the forwarded text: canonical names, one HostConfig, in declaration order',
    '{"cmd":"true","image":"busybox","hostconfig":{"memory":1},"HostConfig":{"AutoRemove":true}}',
    forward('{"Cmd":["true"],"Image":"busybox","HostConfig":{"AutoRemove":true,"CgroupnsMode":"private","Memory":1}}'),
  ),
  create(
    'an empty CgroupnsMode is asked private (the daemon default is host on cgroup v1)',
    `{${IMG}}`,
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private"}}`),
  ),
  create(
    'an explicit private CgroupnsMode is kept',
    `{${IMG},"HostConfig":{"CgroupnsMode":"private"}}`,
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private"}}`),
    'bounded',
  ),
  create('an empty body is forwarded empty (the daemon refuses it)', '  ', forward('')),

  // docker run --privileged, in every spelling the daemon reads.
  hostConfig(
    '--privileged',
    '{"Privileged":true}',
    denied('HostConfig.Privileged', 'HostConfig.Privileged is not allowed'),
  ),
  hostConfig('lower-case key', '{"privileged":true}', denied('HostConfig.Privileged')),
  hostConfig('upper-case key', '{"PRIVILEGED":true}', denied('HostConfig.Privileged')),
  create('lower-case HostConfig key', `{${IMG},"hostCONFIG":{"Privileged":true}}`, denied('HostConfig.Privileged')),
  hostConfig('a key spelt with escapes', '{"Privi\\u006cege\\u0064":true}', denied('HostConfig.Privileged')),
  hostConfig(
    'Sysctls spelt with U+017F long s',
    '{"Sy\u017fctl\u017f":{"kernel.core_pattern":"|/x"}}',
    denied('HostConfig.Sysctls["kernel.core_pattern"]'),
  ),
  hostConfig(
    'Pid\u017fLimit is PidsLimit, forwarded with its own name',
    '{"Pid\u017fLimit":5}',
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private","PidsLimit":5}}`),
  ),
  hostConfig(
    'Lin\u212as (U+212A Kelvin sign) is Links, forwarded with its own name',
    '{"Lin\u212as":["db:db"]}',
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private","Links":["db:db"]}}`),
  ),
  create(
    'HostConfig twice: the second merges into the first',
    `{${IMG},"HostConfig":{"Privileged":true},"HostConfig":{"Memory":8388608}}`,
    denied('HostConfig.Privileged'),
  ),
  create(
    'Privileged twice: the last wins',
    `{${IMG},"HostConfig":{"Privileged":true,"privileged":false}}`,
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private","Privileged":false}}`),
  ),
  create(
    'null does not undo true',
    `{${IMG},"HostConfig":{"Privileged":true,"Privileged":null}}`,
    denied('HostConfig.Privileged'),
  ),
  create(
    'top-level Privileged (20.10 reads a promoted HostConfig)',
    `{${IMG},"Privileged":true}`,
    denied('HostConfig.Privileged'),
  ),
  create(
    'top-level Privileged after "HostConfig": null',
    `{${IMG},"HostConfig":{},"HostConfig":null,"Privileged":true}`,
    denied('HostConfig.Privileged'),
  ),
  create(
    'top-level fields are ignored beside a HostConfig, except the five getHostConfig copies',
    `{${IMG},"Privileged":true,"VolumeDriver":"rexray","HostConfig":{"Memory":1}}`,
    forward(`{${IMG_OUT},"HostConfig":{"VolumeDriver":"rexray","CgroupnsMode":"private","Memory":1}}`),
    'bounded',
  ),
  create(
    'top-level VolumeDriver reaches the HostConfig',
    `{${IMG},"VolumeDriver":"evil","HostConfig":{}}`,
    denied('HostConfig.VolumeDriver'),
  ),
  create(
    'Cpuset fills CpusetCpus',
    `{${IMG},"Cpuset":"0","HostConfig":{}}`,
    forward(`{${IMG_OUT},"HostConfig":{"CgroupnsMode":"private","CpusetCpus":"0"}}`),
  ),

  // -v and --mount
  hostConfig(
    '-v /:/host',
    '{"Binds":["/:/host"]}',
    denied('HostConfig.Binds[0]', 'HostConfig.Binds[0] mounts host path "/", outside the allowed ones'),
  ),
  hostConfig('-v /:/host:ro', '{"Binds":["/:/host:ro"]}', denied('HostConfig.Binds[0]')),
  create(
    'Binds spelt with U+017F long s',
    `{${IMG},"HostConfig":{"Bind\u017f":["/:/host"]}}`,
    denied('HostConfig.Binds[0]'),
  ),
  create(
    'a null element uncovers the bind a shorter Binds left behind',
    `{${IMG},"HostConfig":{"Binds":["v:/a","/:/host"]},"HostConfig":{"Binds":["v:/a"]},"HostConfig":{"Binds":["v:/a",null]}}`,
    denied('HostConfig.Binds[1]'),
  ),
  hostConfig(
    '--mount type=bind',
    '{"Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]}',
    denied('HostConfig.Mounts[0].Source'),
  ),
  create(
    'Mounts twice: the second merges into the first element',
    `{${IMG},"HostConfig":{"Mounts":[{"Type":"bind","Source":"/","Target":"/x"}]},"HostConfig":{"Mounts":[{"Target":"/y"}]}}`,
    denied('HostConfig.Mounts[0].Source'),
  ),
  hostConfig(
    'a volume mount with the local driver binding a host path',
    '{"Mounts":[{"Type":"volume","Target":"/v","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/"}}}}]}',
    denied('HostConfig.Mounts[0].VolumeOptions.DriverConfig.Options["device"]'),
  ),
  hostConfig(
    'an npipe mount',
    '{"Mounts":[{"Type":"npipe","Source":"x","Target":"/x"}]}',
    denied('HostConfig.Mounts[0].Type'),
  ),
  hostConfig('a bind inside the allow-list', '{"Binds":["/srv/ci/job1:/work"]}', forward(), 'bounded'),
  hostConfig(
    'a bind of the allowed prefix itself, trailing slash',
    '{"Binds":["/srv/ci/:/work"]}',
    forward(),
    'bounded',
  ),
  hostConfig('a bind with // inside the allow-list', '{"Binds":["/srv//ci///x:/work"]}', forward(), 'bounded'),
  hostConfig(
    '/srv/ci does not allow /srv/ci-other',
    '{"Binds":["/srv/ci-other:/work"]}',
    denied('HostConfig.Binds[0]'),
    'bounded',
  ),
  hostConfig(
    '.. is refused, not resolved',
    '{"Binds":["/srv/ci/../../etc:/work"]}',
    denied('HostConfig.Binds[0]'),
    'bounded',
  ),
  hostConfig('a read-only prefix takes :ro', '{"Binds":["/etc/ssl/certs:/certs:ro"]}', forward(), 'bounded'),
  hostConfig(
    'a read-only prefix refuses rw',
    '{"Binds":["/etc/ssl/certs:/certs"]}',
    denied('HostConfig.Binds[0]'),
    'bounded',
  ),
  hostConfig('ro among other modes', '{"Binds":["/etc/ssl/certs:/certs:z,ro"]}', forward(), 'bounded'),
  hostConfig(
    'a read-only --mount under a read-only prefix',
    '{"Mounts":[{"Type":"bind","Source":"/etc/ssl/certs","Target":"/c","ReadOnly":true}]}',
    forward(),
    'bounded',
  ),
  hostConfig(
    'CreateMountpoint writes to the host',
    '{"Mounts":[{"Type":"bind","Source":"/etc/ssl/certs/x","Target":"/c","ReadOnly":true,"BindOptions":{"CreateMountpoint":true}}]}',
    denied('HostConfig.Mounts[0].Source'),
    'bounded',
  ),
  hostConfig('--volumes-from', '{"VolumesFrom":["other"]}', denied('HostConfig.VolumesFrom')),
  hostConfig('--volume-driver', '{"VolumeDriver":"evil"}', denied('HostConfig.VolumeDriver')),
  hostConfig('an allowed --volume-driver', '{"VolumeDriver":"rexray"}', forward(), 'bounded'),

  // devices, capabilities, namespaces, security options
  hostConfig(
    '--device',
    '{"Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"}]}',
    denied('HostConfig.Devices'),
  ),
  hostConfig('--gpus', '{"DeviceRequests":[{"Driver":"nvidia","Count":-1}]}', denied('HostConfig.DeviceRequests')),
  hostConfig('--device-cgroup-rule', '{"DeviceCgroupRules":["b *:* rwm"]}', denied('HostConfig.DeviceCgroupRules')),
  hostConfig(
    '--cap-add SYS_ADMIN',
    '{"CapAdd":["SYS_ADMIN"]}',
    denied('HostConfig.CapAdd[0]', 'HostConfig.CapAdd[0] "SYS_ADMIN" is not allowed'),
  ),
  hostConfig('--cap-add as a bare string (StrSlice)', '{"CapAdd":"sys_admin"}', denied('HostConfig.CapAdd[0]')),
  hostConfig('--cap-add ALL', '{"CapAdd":["ALL"]}', denied('HostConfig.CapAdd[0]'), 'bounded'),
  hostConfig('an allowed capability, any spelling', '{"CapAdd":["cap_net_admin","NET_ADMIN"]}', forward(), 'bounded'),
  hostConfig('--pid host', '{"PidMode":"host"}', denied('HostConfig.PidMode')),
  hostConfig('--network host', '{"NetworkMode":"host"}', denied('HostConfig.NetworkMode')),
  hostConfig('--network HOST', '{"NetworkMode":"HOST"}', denied('HostConfig.NetworkMode')),
  hostConfig('--ipc host', '{"IpcMode":"host"}', denied('HostConfig.IpcMode')),
  hostConfig('--uts host', '{"UTSMode":"host"}', denied('HostConfig.UTSMode')),
  hostConfig('--userns host', '{"UsernsMode":"host"}', denied('HostConfig.UsernsMode')),
  hostConfig('--cgroupns host', '{"CgroupnsMode":"host"}', denied('HostConfig.CgroupnsMode')),
  hostConfig('--pid container:X', '{"PidMode":"container:x"}', denied('HostConfig.PidMode')),
  hostConfig('--cgroup-parent is not a namespace', '{"CgroupParent":"ci.slice"}', forward()),
  hostConfig(
    'a private cgroupns and a user-defined network',
    '{"CgroupnsMode":"private","NetworkMode":"ci-net"}',
    forward(),
  ),
  create(
    'EndpointsConfig naming the host network',
    `{${IMG},"NetworkingConfig":{"EndpointsConfig":{"host":{}}}}`,
    denied('NetworkingConfig.EndpointsConfig["host"]'),
  ),
  hostConfig(
    '--security-opt seccomp=unconfined',
    '{"SecurityOpt":["seccomp=unconfined"]}',
    denied('HostConfig.SecurityOpt[0]'),
  ),
  hostConfig(
    '--security-opt seccomp:unconfined',
    '{"SecurityOpt":["seccomp:unconfined"]}',
    denied('HostConfig.SecurityOpt[0]'),
  ),
  hostConfig(
    '--security-opt apparmor=unconfined',
    '{"SecurityOpt":["apparmor=unconfined"]}',
    denied('HostConfig.SecurityOpt[0]'),
  ),
  hostConfig('--security-opt label=disable', '{"SecurityOpt":["label=disable"]}', denied('HostConfig.SecurityOpt[0]')),
  hostConfig('--security-opt disable (label)', '{"SecurityOpt":["disable"]}', denied('HostConfig.SecurityOpt[0]')),
  hostConfig(
    '--security-opt systempaths=unconfined (MaskedPaths)',
    '{"MaskedPaths":[],"ReadonlyPaths":[]}',
    denied('HostConfig.MaskedPaths'),
  ),
  hostConfig(
    '--sysctl kernel.*',
    '{"Sysctls":{"kernel.shm_rmid_forced":"1"}}',
    denied('HostConfig.Sysctls["kernel.shm_rmid_forced"]'),
  ),
  hostConfig('an allowed sysctl, by prefix', '{"Sysctls":{"net.core.somaxconn":"1024"}}', forward(), 'bounded'),
  hostConfig('--runtime', '{"Runtime":"nvidia"}', denied('HostConfig.Runtime')),
  hostConfig('an allowed --runtime', '{"Runtime":"runsc"}', forward(), 'bounded'),
  hostConfig(
    'OCI annotations',
    '{"Annotations":{"io.kubernetes.cri-o.Devices":"/dev/sda"}}',
    denied('HostConfig.Annotations'),
  ),

  hostConfig('--cgroup container:X', '{"Cgroup":"container:x"}', denied('HostConfig.Cgroup')),

  // each grant lets its field through
  hostConfig('--privileged, granted', '{"Privileged":true}', forward(), 'granting'),
  hostConfig(
    '--device and --gpus, granted',
    '{"Devices":[{"PathOnHost":"/dev/sda"}],"DeviceRequests":[{"Count":1}]}',
    forward(),
    'granting',
  ),
  hostConfig(
    'host namespaces, granted',
    '{"NetworkMode":"host","PidMode":"host","IpcMode":"host","UTSMode":"host","UsernsMode":"host","CgroupnsMode":"host"}',
    forward(),
    'granting',
  ),
  hostConfig(
    'container namespaces, granted',
    '{"PidMode":"container:x","Cgroup":"container:x"}',
    forward(),
    'granting',
  ),
  hostConfig(
    'security options, granted in either spelling',
    '{"SecurityOpt":["seccomp:unconfined","label=disable"]}',
    forward(),
    'granting',
  ),
  hostConfig('-v /:/host, granted', '{"Binds":["/:/host"]}', forward(), 'granting'),
  hostConfig('--volumes-from, granted', '{"VolumesFrom":["other"]}', forward(), 'granting'),
  hostConfig('system paths, granted', '{"MaskedPaths":[],"ReadonlyPaths":[]}', forward(), 'granting'),
  hostConfig('annotations, granted', '{"Annotations":{"a":"b"}}', forward(), 'granting'),
  {
    name: 'docker exec --privileged, granted',
    path: '/containers/c1/exec',
    body: '{"Cmd":["sh"],"Privileged":true}',
    policy: 'granting',
    expect: forward(),
  },
  {
    name: 'a plugin mount privilege, granted',
    path: '/plugins/pull',
    body: '[{"Name":"mount","Value":["/"]}]',
    policy: 'granting',
    expect: forward(),
  },

  // user and image
  create(
    '--user root',
    `{${IMG},"User":"root"}`,
    denied('User', 'User "root" is root, which is not allowed'),
    'bounded',
  ),
  create('--user 0:0', `{${IMG},"User":"0:0"}`, denied('User'), 'bounded'),
  create('--user 00', `{${IMG},"User":"00"}`, denied('User'), 'bounded'),
  create('--user :1000 (an empty user part is uid 0)', `{${IMG},"User":":1000"}`, denied('User'), 'bounded'),
  create('--user 1000:0', `{${IMG},"User":"1000:0"}`, forward(), 'bounded'),
  create('no user: the image default passes not-root', `{${IMG}}`, forward(), 'bounded'),
  create('root passes ci-runner (user: any)', `{${IMG},"User":"root"}`, forward()),
  create('an allowed image, familiar name', '{"Image":"busybox:1.36","Cmd":["true"]}', forward(), 'bounded'),
  create(
    'an allowed image, full name',
    '{"Image":"docker.io/library/busybox@sha256:' + 'a'.repeat(64) + '"}',
    forward(),
    'bounded',
  ),
  create('an allowed tag pattern', '{"Image":"alpine:3.20"}', forward(), 'bounded'),
  create('a tag outside the pattern', '{"Image":"alpine:edge"}', denied('Image'), 'bounded'),
  create('a registry pattern with **', '{"Image":"ghcr.io/acme/tools/ci:1"}', forward(), 'bounded'),
  create(
    'an image outside the patterns',
    '{"Image":"evil/busybox"}',
    denied('Image', 'Image "evil/busybox" is not an allowed image'),
    'bounded',
  ),
  create('an image ID prefix is never matched', '{"Image":"abc123"}', denied('Image'), 'bounded'),
  create('an image ID is never matched', '{"Image":"sha256:' + 'a'.repeat(64) + '"}', denied('Image'), 'bounded'),

  // refusals: what the daemon cannot read the way doxy would check it
  create('not JSON', '{"Image":', refused('')),
  create('trailing content (20.10 ignores it)', `{${IMG}} {"HostConfig":{"Privileged":true}}`, refused('')),
  create(
    'a string where the daemon reads an integer',
    `{${IMG},"HostConfig":{"Memory":"1"}}`,
    refused('HostConfig.Memory'),
  ),
  create(
    'a number where the daemon reads a bool',
    `{${IMG},"HostConfig":{"Privileged":1}}`,
    refused('HostConfig.Privileged'),
  ),
  create('an unknown field', `{${IMG},"Bogus":1}`, denied('Bogus', 'Bogus is not a field the body policy knows')),
  create(
    'an unknown field inside HostConfig',
    `{${IMG},"HostConfig":{"Privilegd":true}}`,
    denied('HostConfig.Privilegd'),
  ),

  // container start before API 1.24: the body is a HostConfig that replaces the container's
  {
    name: 'old-API start with a flat HostConfig body',
    path: '/v1.23/containers/c1/start',
    body: '{"Privileged":true}',
    policy: 'ci-runner',
    expect: denied('HostConfig.Privileged'),
  },
  {
    name: 'old-API start with a nested HostConfig',
    path: '/v1.23/containers/c1/start',
    body: '{"HostConfig":{"Binds":["/:/h"]}}',
    policy: 'ci-runner',
    expect: denied('HostConfig.Binds[0]'),
  },
  {
    name: 'old-API start, forwarded flat',
    path: '/v1.20/containers/c1/start',
    body: '{"hostconfig":{"Memory":1}}',
    policy: 'ci-runner',
    expect: forward('{"CgroupnsMode":"private","Memory":1}'),
  },
  {
    name: 'old-API start with an empty object',
    path: '/v1.23/containers/c1/start',
    body: '{}',
    policy: 'ci-runner',
    expect: forward(''),
  },

  // container update
  {
    name: 'update memory',
    path: '/containers/c1/update',
    body: '{"Memory":8388608,"RestartPolicy":{"Name":"no"}}',
    policy: 'ci-runner',
    expect: forward(),
  },
  {
    name: 'update adding a device',
    path: '/v1.41/containers/c1/update',
    body: '{"devices":[{"PathOnHost":"/dev/sda"}]}',
    policy: 'ci-runner',
    expect: denied('Devices'),
  },

  // exec create
  {
    name: 'docker exec',
    path: '/v1.41/containers/c1/exec',
    body: '{"AttachStdout":true,"Cmd":["ls"]}',
    policy: 'ci-runner',
    expect: forward(),
  },
  {
    name: 'docker exec --privileged',
    path: '/v1.41/containers/c1/exec',
    body: '{"Cmd":["sh"],"privileged":true}',
    policy: 'ci-runner',
    expect: denied('Privileged', 'Privileged is not allowed'),
  },
  {
    name: 'docker exec --user 0',
    path: '/v1.41/containers/c1/exec',
    body: '{"Cmd":["sh"],"User":"0"}',
    policy: 'bounded',
    expect: denied('User'),
  },

  // volume create
  {
    name: 'docker volume create',
    path: '/v1.41/volumes/create',
    body: '{"Name":"cache","Driver":"local","DriverOpts":{},"Labels":{}}',
    policy: 'ci-runner',
    expect: forward(),
  },
  {
    name: 'a tmpfs local volume',
    path: '/volumes/create',
    body: '{"Name":"t","DriverOpts":{"type":"tmpfs","device":"tmpfs","o":"size=100m"}}',
    policy: 'ci-runner',
    expect: forward(),
  },
  {
    name: 'docker volume create -o type=none -o o=bind -o device=/',
    path: '/v1.41/volumes/create',
    body: '{"Name":"root","Driver":"local","DriverOpts":{"type":"none","o":"bind","device":"/"}}',
    policy: 'ci-runner',
    expect: denied('DriverOpts["device"]', 'DriverOpts["device"] mounts host path "/", outside the allowed ones'),
  },
  {
    name: 'a local volume binding an allowed path',
    path: '/volumes/create',
    body: '{"DriverOpts":{"o":"rbind","device":"/srv/ci/v"}}',
    policy: 'bounded',
    expect: forward(),
  },
  {
    name: 'a local volume on a block device',
    path: '/volumes/create',
    body: '{"DriverOpts":{"type":"ext4","device":"/dev/sda1"}}',
    policy: 'bounded',
    expect: denied('DriverOpts["device"]'),
  },
  {
    name: 'a Device key in another case',
    path: '/volumes/create',
    body: '{"DriverOpts":{"o":"bind","Device":"/"}}',
    policy: 'ci-runner',
    expect: denied('DriverOpts["Device"]'),
  },
  {
    name: 'a plugin volume driver',
    path: '/volumes/create',
    body: '{"Driver":"evil"}',
    policy: 'ci-runner',
    expect: denied('Driver'),
  },

  // service create and update
  {
    name: 'docker service create',
    path: '/v1.41/services/create',
    body: '{"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"busybox","Args":["sleep","9"]},"Resources":{"Limits":{}}},"Mode":{"Replicated":{"Replicas":1}}}',
    policy: 'ci-runner',
    expect: forward(),
  },
  {
    name: 'docker service update --image',
    path: '/v1.41/services/s1/update',
    body: '{"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"busybox:1.36"},"ForceUpdate":1}}',
    policy: 'ci-runner',
    expect: forward('{"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"busybox:1.36"},"ForceUpdate":1}}'),
  },
  {
    name: 'a service bind mount',
    path: '/v1.41/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","Mounts":[{"Type":"bind","Source":"/","Target":"/h"}]}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.ContainerSpec.Mounts[0].Source'),
  },
  {
    name: 'a service --cap-add',
    path: '/v1.41/services/s1/update',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","CapabilityAdd":["CAP_SYS_ADMIN"]}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.ContainerSpec.CapabilityAdd[0]'),
  },
  {
    name: 'a service on the host network',
    path: '/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox"},"Networks":[{"Target":"host"}]}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.Networks[0].Target'),
  },
  {
    name: 'a service with seccomp unconfined',
    path: '/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","Privileges":{"Seccomp":{"Mode":"unconfined"}}}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.ContainerSpec.Privileges.Seccomp.Mode'),
  },
  {
    name: 'a service with SELinux disabled',
    path: '/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","Privileges":{"SELinuxContext":{"Disable":true}}}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.ContainerSpec.Privileges.SELinuxContext.Disable'),
  },
  {
    name: 'a service with AppArmor disabled',
    path: '/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","Privileges":{"AppArmor":{"Mode":"disabled"}}}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.ContainerSpec.Privileges.AppArmor.Mode'),
  },
  {
    name: 'a service running as root',
    path: '/services/create',
    body: '{"TaskTemplate":{"ContainerSpec":{"Image":"busybox","User":"root"}}}',
    policy: 'bounded',
    expect: denied('TaskTemplate.ContainerSpec.User'),
  },
  {
    name: 'a service installing a privileged plugin',
    path: '/services/create',
    body: '{"TaskTemplate":{"Runtime":"plugin","PluginSpec":{"Name":"p","Remote":"evil/p","Privileges":[{"Name":"mount","Value":["/"]}]}}}',
    policy: 'ci-runner',
    expect: denied('TaskTemplate.PluginSpec.privileges[0]'),
  },
  {
    name: 'an opaque part given twice is refused',
    path: '/services/create',
    body: '{"Mode":{},"mode":{}}',
    policy: 'ci-runner',
    expect: refused('Mode'),
  },

  // plugins
  {
    name: 'docker plugin install granting nothing',
    path: '/v1.41/plugins/pull',
    body: '[]',
    policy: 'ci-runner',
    expect: forward('[]'),
  },
  {
    name: 'docker plugin install granting a mount',
    path: '/v1.41/plugins/pull',
    body: '[{"Name":"mount","Description":"","Value":["/var/lib/docker"]}]',
    policy: 'ci-runner',
    expect: denied('privileges[0]'),
  },
  {
    name: 'docker plugin upgrade granting an allowed privilege',
    path: '/plugins/vieux/sshfs:latest/upgrade',
    body: '[{"name":"network","value":["host"]}]',
    policy: 'bounded',
    expect: forward('[{"Name":"network","Value":["host"]}]'),
  },
  {
    name: 'docker plugin upgrade granting all devices',
    path: '/v1.41/plugins/p:1/upgrade',
    body: '[{"Name":"allow-all-devices","Value":["true"]}]',
    policy: 'bounded',
    expect: denied('privileges[0]', 'privileges[0] "allow-all-devices" is not allowed'),
  },
  {
    name: 'docker plugin set mount source',
    path: '/plugins/p/set',
    body: '["mymount.source=/"]',
    policy: 'ci-runner',
    expect: denied('settings[0]'),
  },
  {
    name: 'docker plugin set device path',
    path: '/plugins/p/set',
    body: '["dev.path=/dev/sda"]',
    policy: 'ci-runner',
    expect: denied('settings[0]'),
  },
  {
    name: 'docker plugin set env',
    path: '/plugins/p/set',
    body: '["DEBUG=1"]',
    policy: 'ci-runner',
    expect: forward(),
  },
];
