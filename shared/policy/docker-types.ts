// The Go types the daemon decodes each policed body into (moby api/types, the union of 20.10 and current fields, so
// that every client's body is understood), as schemas. Parts no constraint reads are opaque: kept and forwarded as
// the client wrote them. A field missing here is an unknown field, and the policy denies it.
import {
  array,
  bool,
  embed,
  int,
  map,
  opaque,
  ptr,
  slice,
  string,
  stringMap,
  strings,
  strslice,
  struct,
  uint16,
  uint32,
  uint64,
  type Schema,
} from './go-schema.ts';

export const HEALTH_CONFIG = struct({
  Test: strings,
  Interval: int,
  Timeout: int,
  StartPeriod: int,
  StartInterval: int,
  Retries: int,
});

export const CONFIG = struct({
  Hostname: string,
  Domainname: string,
  User: string,
  AttachStdin: bool,
  AttachStdout: bool,
  AttachStderr: bool,
  ExposedPorts: map(struct()),
  Tty: bool,
  OpenStdin: bool,
  StdinOnce: bool,
  Env: strings,
  Cmd: strslice,
  Healthcheck: ptr(HEALTH_CONFIG),
  ArgsEscaped: bool,
  Image: string,
  Volumes: map(struct()),
  WorkingDir: string,
  Entrypoint: strslice,
  NetworkDisabled: bool,
  MacAddress: string,
  OnBuild: strings,
  Labels: stringMap,
  StopSignal: string,
  StopTimeout: ptr(int),
  Shell: strslice,
});

const DRIVER = struct({ Name: string, Options: stringMap });

export const MOUNT = struct({
  Type: string,
  Source: string,
  Target: string,
  ReadOnly: bool,
  Consistency: string,
  BindOptions: ptr(
    struct({
      Propagation: string,
      NonRecursive: bool,
      CreateMountpoint: bool,
      ReadOnlyNonRecursive: bool,
      ReadOnlyForceRecursive: bool,
    }),
  ),
  VolumeOptions: ptr(struct({ NoCopy: bool, Labels: stringMap, Subpath: string, DriverConfig: ptr(DRIVER) })),
  TmpfsOptions: ptr(struct({ SizeBytes: int, Mode: uint32, Options: slice(strings) })),
  ImageOptions: ptr(struct({ Subpath: string })),
  ClusterOptions: opaque,
});

const THROTTLE = slice(ptr(struct({ Path: string, Rate: uint64 })));

export const RESOURCES = struct({
  CpuShares: int,
  Memory: int,
  NanoCpus: int,
  CgroupParent: string,
  BlkioWeight: uint16,
  BlkioWeightDevice: slice(ptr(struct({ Path: string, Weight: uint16 }))),
  BlkioDeviceReadBps: THROTTLE,
  BlkioDeviceWriteBps: THROTTLE,
  BlkioDeviceReadIOps: THROTTLE,
  BlkioDeviceWriteIOps: THROTTLE,
  CpuPeriod: int,
  CpuQuota: int,
  CpuRealtimePeriod: int,
  CpuRealtimeRuntime: int,
  CpusetCpus: string,
  CpusetMems: string,
  Devices: slice(struct({ PathOnHost: string, PathInContainer: string, CgroupPermissions: string })),
  DeviceCgroupRules: strings,
  DeviceRequests: slice(
    struct({ Driver: string, Count: int, DeviceIDs: strings, Capabilities: slice(strings), Options: stringMap }),
  ),
  KernelMemory: int,
  KernelMemoryTCP: int,
  MemoryReservation: int,
  MemorySwap: int,
  MemorySwappiness: ptr(int),
  OomKillDisable: ptr(bool),
  PidsLimit: ptr(int),
  Ulimits: slice(ptr(struct({ Name: string, Hard: int, Soft: int }))),
  CpuCount: int,
  CpuPercent: int,
  IOMaximumIOps: uint64,
  IOMaximumBandwidth: uint64,
});

const RESTART_POLICY = struct({ Name: string, MaximumRetryCount: int });

export const HOST_CONFIG = struct(
  {
    Binds: strings,
    ContainerIDFile: string,
    LogConfig: struct({ Type: string, Config: stringMap }),
    NetworkMode: string,
    PortBindings: map(slice(struct({ HostIp: string, HostPort: string }))),
    RestartPolicy: RESTART_POLICY,
    AutoRemove: bool,
    VolumeDriver: string,
    VolumesFrom: strings,
    ConsoleSize: array(uint64, 2),
    Annotations: stringMap,
    CapAdd: strslice,
    CapDrop: strslice,
    CgroupnsMode: string,
    Dns: strings,
    DnsOptions: strings,
    DnsSearch: strings,
    ExtraHosts: strings,
    GroupAdd: strings,
    IpcMode: string,
    Cgroup: string,
    Links: strings,
    OomScoreAdj: int,
    PidMode: string,
    Privileged: bool,
    PublishAllPorts: bool,
    ReadonlyRootfs: bool,
    SecurityOpt: strings,
    StorageOpt: stringMap,
    Tmpfs: stringMap,
    UTSMode: string,
    UsernsMode: string,
    ShmSize: int,
    Sysctls: stringMap,
    Runtime: string,
    Isolation: string,
  },
  embed('Resources', RESOURCES),
  { Mounts: slice(MOUNT), MaskedPaths: strings, ReadonlyPaths: strings, Init: ptr(bool) },
);

const ENDPOINT_SETTINGS = struct({
  IPAMConfig: ptr(struct({ IPv4Address: string, IPv6Address: string, LinkLocalIPs: strings })),
  Links: strings,
  Aliases: strings,
  DriverOpts: stringMap,
  GwPriority: int,
  NetworkID: string,
  EndpointID: string,
  Gateway: string,
  IPAddress: string,
  IPPrefixLen: int,
  IPv6Gateway: string,
  GlobalIPv6Address: string,
  GlobalIPv6PrefixLen: int,
  MacAddress: string,
  DNSNames: strings,
});

export const NETWORKING_CONFIG = struct({ EndpointsConfig: map(ptr(ENDPOINT_SETTINGS)) });

/** The name doxy gives the deprecated HostConfig that daemons before 25.0 promote into the top level of a body. */
export const LEGACY_HOST_CONFIG = 'legacy HostConfig';

/**
 * runconfig.ContainerConfigWrapper (20.10): what container create and an old-API start decode. It promotes both
 * Config and, deprecated, a whole HostConfig into the top level: `{"Privileged": true}` at the top is read when no
 * `HostConfig` key is given (see effectiveHostConfig). Current daemons decode CreateRequest, without the latter.
 */
export const CONFIG_WRAPPER = struct(
  embed('Config', CONFIG, true),
  {
    HostConfig: ptr(HOST_CONFIG),
    Cpuset: string,
    NetworkingConfig: ptr(NETWORKING_CONFIG),
    // Not the daemon's: dockerode sends the container's name in the body as well as in ?name=. The daemon ignores it;
    // doxy accepts it (any value, as an unknown field would be) and, like the daemon, drops it: canonicalCreate
    // forwards only Config, HostConfig and NetworkingConfig.
    Name: opaque,
  },
  embed(LEGACY_HOST_CONFIG, HOST_CONFIG, true),
);

/** What doxy forwards for container create: Config at the top, one HostConfig, nothing promoted. */
export const CREATE_REQUEST = struct(embed('Config', CONFIG, true), {
  HostConfig: ptr(HOST_CONFIG),
  NetworkingConfig: ptr(NETWORKING_CONFIG),
});

export const EXEC_CONFIG = struct({
  User: string,
  Privileged: bool,
  Tty: bool,
  ConsoleSize: ptr(array(uint64, 2)),
  AttachStdin: bool,
  AttachStderr: bool,
  AttachStdout: bool,
  Detach: bool,
  DetachKeys: string,
  Env: strings,
  WorkingDir: string,
  Cmd: strslice,
});

export const UPDATE_CONFIG = struct(embed('Resources', RESOURCES), { RestartPolicy: RESTART_POLICY });

export const VOLUME_CREATE = struct({
  ClusterVolumeSpec: opaque,
  Driver: string,
  DriverOpts: stringMap,
  Labels: stringMap,
  Name: string,
});

const PLUGIN_PRIVILEGE = struct({ Name: string, Description: string, Value: strings });
/** The privileges a client accepts when it installs or upgrades a plugin: the body of /plugins/pull and upgrade. */
export const PLUGIN_PRIVILEGES: Schema = slice(PLUGIN_PRIVILEGE);
/** `POST /plugins/{name}/set`: `["KEY=value", "mount.source=/path", "device.path=/dev/x"]`. */
export const PLUGIN_SETTINGS: Schema = strings;
