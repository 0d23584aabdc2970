// The swarm types service create and update decode (moby api/types/swarm): ServiceSpec, with the task's container
// and plugin typed field by field and the rest opaque (scheduling, endpoints, update and rollback settings).
import { HEALTH_CONFIG, MOUNT } from './docker-types.ts';
import {
  bool,
  embed,
  int,
  opaque,
  ptr,
  slice,
  string,
  stringMap,
  strings,
  struct,
  uint64,
  type StructSchema,
} from './go-schema.ts';

const NETWORK_ATTACHMENT = struct({ Target: string, Aliases: strings, DriverOpts: stringMap });

export const CONTAINER_SPEC = struct({
  Image: string,
  Labels: stringMap,
  Command: strings,
  Args: strings,
  Hostname: string,
  Env: strings,
  Dir: string,
  User: string,
  Groups: strings,
  Privileges: ptr(
    struct({
      CredentialSpec: opaque,
      SELinuxContext: ptr(struct({ Disable: bool, User: string, Role: string, Type: string, Level: string })),
      Seccomp: ptr(struct({ Mode: string, Profile: opaque })),
      AppArmor: ptr(struct({ Mode: string })),
      NoNewPrivileges: bool,
    }),
  ),
  Init: ptr(bool),
  StopSignal: string,
  TTY: bool,
  OpenStdin: bool,
  ReadOnly: bool,
  Mounts: slice(MOUNT),
  StopGracePeriod: ptr(int),
  Healthcheck: ptr(HEALTH_CONFIG),
  Hosts: strings,
  DNSConfig: opaque,
  Secrets: opaque,
  Configs: opaque,
  Isolation: string,
  Sysctls: stringMap,
  CapabilityAdd: strings,
  CapabilityDrop: strings,
  Ulimits: slice(ptr(struct({ Name: string, Hard: int, Soft: int }))),
  OomScoreAdj: int,
});

const PLUGIN_SPEC = struct({
  name: string,
  remote: string,
  privileges: slice(ptr(struct({ name: string, description: string, value: strings }))),
  disabled: bool,
  env: strings,
});

/** swarm.ServiceSpec: the body of service create and update; only the task's container and plugin are read. */
export const SERVICE_SPEC: StructSchema = struct(embed('Annotations', struct({ Name: string, Labels: stringMap })), {
  TaskTemplate: struct({
    ContainerSpec: ptr(CONTAINER_SPEC),
    PluginSpec: ptr(PLUGIN_SPEC),
    NetworkAttachmentSpec: opaque,
    Resources: opaque,
    RestartPolicy: opaque,
    Placement: opaque,
    Networks: slice(NETWORK_ATTACHMENT),
    LogDriver: opaque,
    ForceUpdate: uint64,
    Runtime: string,
  }),
  Mode: opaque,
  UpdateConfig: opaque,
  RollbackConfig: opaque,
  Networks: slice(NETWORK_ATTACHMENT),
  EndpointSpec: opaque,
});
