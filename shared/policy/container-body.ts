// What a container create or old-API start body means to the daemon: runconfig.ContainerConfigWrapper, whose
// deprecated top-level HostConfig fields 20.10 still reads, resolved into the one HostConfig the daemon uses
// (getHostConfig), so that doxy checks that one and forwards it where every daemon version reads it the same way.
import { CONFIG, HOST_CONFIG, LEGACY_HOST_CONFIG } from './docker-types.ts';
import { embeddedAllocated, promotedFields } from './go-decode.ts';
import { isObject, type GoObject, type GoValue } from './go-schema.ts';
import { text } from './go-values.ts';

const CONFIG_FIELDS = promotedFields(CONFIG).map((f) => f.name);
const HOST_FIELDS = promotedFields(HOST_CONFIG).map((f) => f.name);
/** The fields getHostConfig copies from the top level into a given HostConfig where that one has the zero value. */
const MERGED_FROM_TOP = ['Memory', 'MemorySwap', 'CpuShares', 'CpusetCpus', 'VolumeDriver'] as const;

function pick(from: GoObject, names: readonly string[]): Record<string, GoValue> {
  const out: Record<string, GoValue> = {};
  for (const name of names) {
    const v = from[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function isZero(v: GoValue | undefined): boolean {
  return v === undefined || v === 0n || v === '';
}

/**
 * runconfig getHostConfig (20.10): the top-level HostConfig (allocated as soon as one of its keys appears) when there
 * is no `HostConfig` object, else that object with a few zero fields filled from the top level; then `Cpuset` fills
 * CpusetCpus. Undefined when there is none (null when the body said `"HostConfig": null` and nothing else).
 */
export function effectiveHostConfig(wrapper: GoObject): GoValue | undefined {
  const inner = wrapper.HostConfig;
  const top = embeddedAllocated(wrapper, LEGACY_HOST_CONFIG) ? pick(wrapper, HOST_FIELDS) : undefined;
  let hc: Record<string, GoValue> | undefined;
  if (isObject(inner)) {
    hc = { ...inner } as Record<string, GoValue>;
    if (top !== undefined)
      for (const name of MERGED_FROM_TOP) if (!isZero(top[name]) && isZero(hc[name])) hc[name] = top[name] as GoValue;
  } else {
    hc = top;
  }
  if (hc === undefined) return inner;
  const cpuset = text(wrapper.Cpuset);
  if (cpuset !== '' && isZero(hc.CpusetCpus)) hc.CpusetCpus = cpuset;
  return hc;
}

/**
 * The daemon fills an empty CgroupnsMode with its default, which is `host` on a cgroup v1 host (and for any client
 * before API 1.41 there): seen on the test daemon, a plain `docker run` got the host's cgroup namespace. Where the
 * policy keeps that namespace out, doxy asks for a private one instead, so that the container it checked is the one
 * the daemon makes. A HostConfig that is nil stays nil only for start (no body: the container keeps its own).
 */
export function withPrivateCgroupns(hc: GoValue | undefined): GoValue {
  const base = isObject(hc) ? hc : {};
  return isZero(base.CgroupnsMode) ? { ...base, CgroupnsMode: 'private' } : base;
}

/** The create body doxy forwards (schema CREATE_REQUEST): Config at the top, the effective HostConfig, NetworkingConfig. */
export function canonicalCreate(wrapper: GoObject, privateCgroupns: boolean): GoObject {
  const out: Record<string, GoValue> = pick(wrapper, CONFIG_FIELDS);
  const effective = effectiveHostConfig(wrapper);
  const hc = privateCgroupns ? withPrivateCgroupns(effective) : effective;
  if (hc !== undefined) out.HostConfig = hc;
  if (wrapper.NetworkingConfig !== undefined) out.NetworkingConfig = wrapper.NetworkingConfig;
  return out;
}
