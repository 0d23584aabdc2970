// Seeded random create bodies as clients could write them (Go spellings, repeated keys, nulls, promoted HostConfig
// fields, wrong types), and an oracle that says, reading a body the plain way, what in it a policy does not allow.
// Written apart from shared/policy on purpose: the fuzz tests hold checkBody's output against it.
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { http } from '../harness/raw-http.ts';

type Json = null | boolean | number | string | Json[] | Obj;
type Member = readonly [string, Json];
/** An object as a list of members, so that keys can repeat. */
class Obj {
  constructor(readonly members: readonly Member[]) {}
}
const obj = (...members: Member[]): Obj => new Obj(members);

class Bodies {
  constructor(readonly random: () => number) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  /** A key as some client may spell it: as is, any case, or with the runes Go folds to s and k. */
  spell(key: string): string {
    const r = this.random();
    if (r < 0.55) return key;
    if (r < 0.7) return key.toLowerCase();
    if (r < 0.8) return key.toUpperCase();
    return key.replace(/s/g, '\u017f').replace(/k/g, '\u212a');
  }
  members(pool: Record<string, () => Json>, max: number): Obj {
    const names = Object.keys(pool);
    return new Obj(
      Array.from({ length: Math.floor(this.random() * max) }, () => {
        const name = this.pick(names);
        return [this.spell(name), (pool[name] as () => Json)()] as const;
      }),
    );
  }
  list(pool: readonly Json[], max = 3): Json {
    if (this.chance(0.1)) return null;
    return Array.from({ length: Math.floor(this.random() * max) }, () => this.pick(pool));
  }
}

const BINDS = [
  '/:/h',
  '/srv/ci/x:/w',
  '/srv/ci-other:/w',
  'vol:/v',
  '/etc/ssl/certs:/c:ro',
  '/etc/ssl/certs:/c',
  '/srv/ci/../etc:/x',
  '/d',
  null,
];
const MODES = ['', 'host', 'HOST', 'bridge', 'none', 'container:x', 'private'];
const CAPS = ['NET_ADMIN', 'cap_net_admin', 'SYS_ADMIN', 'ALL', 'chown'];
const SECURITY = [
  'no-new-privileges',
  'seccomp=unconfined',
  'seccomp:unconfined',
  'label=disable',
  'disable',
  'apparmor=docker-default',
];
const USERS = ['', 'root', '0:0', '1000', ':5', 'app', '00'];
const IMAGES = ['busybox', 'busybox:1.36', 'alpine:3.20', 'alpine', 'evil/x', 'ghcr.io/acme/a/b', 'cafe'];

function hostConfig(b: Bodies): Obj {
  const mount = (): Json =>
    b.members(
      {
        Type: () => b.pick(['bind', 'volume', 'tmpfs', 'BIND']),
        Source: () => b.pick(['/', '/srv/ci/m', '/etc/ssl/certs', 'vol', '']),
        Target: () => '/t',
        ReadOnly: () => b.pick([true, false, null]),
      },
      4,
    );
  return b.members(
    {
      Privileged: () => b.pick([true, false, null, 1]),
      Binds: () => b.list(BINDS),
      Mounts: () => (b.chance(0.1) ? null : Array.from({ length: Math.floor(b.random() * 3) }, mount)),
      CapAdd: () => (b.chance(0.3) ? b.pick(CAPS) : b.list(CAPS)),
      NetworkMode: () => b.pick(MODES),
      PidMode: () => b.pick(MODES),
      IpcMode: () => b.pick(MODES),
      UsernsMode: () => b.pick(MODES),
      CgroupnsMode: () => b.pick(MODES),
      SecurityOpt: () => b.list(SECURITY),
      Devices: () => b.pick([null, [], [obj(['PathOnHost', '/dev/sda'])]]),
      VolumesFrom: () => b.pick([null, [], ['other']]),
      VolumeDriver: () => b.pick(['', 'local', 'rexray', 'evil']),
      Sysctls: () => b.pick([null, obj(), obj(['net.core.somaxconn', '1']), obj(['kernel.x', '1'])]),
      Memory: () => b.pick([0, 1, '1', null]),
    },
    6,
  );
}

function createBody(b: Bodies): Obj {
  return b.members(
    {
      Image: () => b.pick(IMAGES),
      User: () => b.pick(USERS),
      Cmd: () => b.pick([['true'], 'true', null]),
      HostConfig: () => (b.chance(0.1) ? null : hostConfig(b)),
      Privileged: () => b.pick([true, false]),
      Binds: () => b.list(BINDS),
      CapAdd: () => b.list(CAPS),
      VolumeDriver: () => b.pick(['', 'evil']),
      Cpuset: () => '0',
      NetworkingConfig: () => obj(['EndpointsConfig', obj([b.pick(['host', 'ci-net', 'bridge']), obj()])]),
    },
    6,
  );
}

function write(v: Json): string {
  if (v instanceof Obj) return `{${v.members.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  return JSON.stringify(v);
}

export interface Plain {
  [key: string]: unknown;
}

/** What a body (read by JSON.parse: one key each, canonical names) asks that the policy does not allow. */
export function violations(body: Plain, policy: BodyPolicy): string[] {
  const out: string[] = [];
  const hc = (body.HostConfig ?? {}) as Plain;
  if (hc.Privileged === true && !policy.privileged) out.push('privileged');
  const caps = new Set(policy.capabilities.map((c) => `CAP_${c.toUpperCase().replace(/^CAP_/, '')}`));
  for (const c of (hc.CapAdd ?? []) as string[])
    if (!caps.has(`CAP_${c.toUpperCase().replace(/^CAP_/, '')}`)) out.push(`cap ${c}`);
  const pathOk = (p: string, ro: boolean): boolean =>
    !p.split('/').includes('..') &&
    policy.binds.some((b) => {
      const prefix = b.path.replace(/\/+$/, '');
      const path = p.replace(/\/+/g, '/').replace(/\/$/, '');
      return (path === prefix || path.startsWith(`${prefix}/`)) && (ro || !b.readOnly);
    });
  for (const bind of (hc.Binds ?? []) as string[]) {
    const parts = bind.split(':');
    if (
      parts.length > 1 &&
      bind.startsWith('/') &&
      !pathOk(parts[0] as string, (parts[2] ?? '').split(',').includes('ro'))
    )
      out.push(`bind ${bind}`);
  }
  for (const m of (hc.Mounts ?? []) as Plain[]) {
    if (m.Type === 'bind' && !pathOk(String(m.Source ?? ''), m.ReadOnly === true))
      out.push(`mount ${JSON.stringify(m)}`);
    if (m.Type !== 'bind' && m.Type !== 'volume' && m.Type !== 'tmpfs') out.push(`mount type ${String(m.Type)}`);
  }
  for (const name of ['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode']) {
    const mode = String(hc[name] ?? '').toLowerCase();
    if (mode === 'host' && policy.hostNamespaces.length === 0) out.push(`${name} host`);
    if (mode.startsWith('container:') && !policy.containerNamespaces) out.push(`${name} container`);
  }
  const endpoints = ((body.NetworkingConfig as Plain | undefined)?.EndpointsConfig ?? {}) as Plain;
  for (const name of Object.keys(endpoints)) if (name.toLowerCase() === 'host') out.push('endpoint host');
  const opts = new Set(policy.securityOptions);
  for (const o of (hc.SecurityOpt ?? []) as string[]) if (!opts.has(o)) out.push(`security ${o}`);
  for (const name of ['Devices', 'DeviceRequests', 'DeviceCgroupRules', 'VolumesFrom'])
    if (((hc[name] ?? []) as unknown[]).length > 0) out.push(name);
  const driver = String(hc.VolumeDriver ?? '');
  if (driver !== '' && driver !== 'local' && !policy.volumeDrivers.includes(driver)) out.push(`driver ${driver}`);
  for (const k of Object.keys((hc.Sysctls ?? {}) as Plain))
    if (!policy.sysctls.some((p) => (p.endsWith('*') ? k.startsWith(p.slice(0, -1)) : k === p)))
      out.push(`sysctl ${k}`);
  const user = String(body.User ?? '');
  const uid = user.split(':')[0] ?? '';
  if (policy.user !== 'any' && user !== '' && (uid === '' || uid === 'root' || /^[+-]?0+$/.test(uid)))
    out.push(`user ${user}`);
  if (policy.images !== null && ['evil/x', 'cafe', 'alpine'].includes(String(body.Image ?? '')))
    out.push(`image ${String(body.Image)}`);
  return out;
}

/** A random create body, as text; `random` gives numbers in [0, 1). */
export function randomCreateBody(random: () => number): string {
  return write(createBody(new Bodies(random)));
}

/**
 * What the daemon made of a create, as `violations` reads a body: its own inspect of the container, which is then
 * removed.
 */
export async function madeAndRemoved(daemon: string, id: string): Promise<Plain> {
  const inspect = JSON.parse((await http(daemon, `/containers/${id}/json`)).body) as Plain & {
    Config: Plain;
    HostConfig: Plain;
    NetworkSettings: Plain;
  };
  await http(daemon, `/containers/${id}?force=1`, { method: 'DELETE' });
  return {
    Image: inspect.Config.Image,
    User: inspect.Config.User,
    HostConfig: inspect.HostConfig,
    NetworkingConfig: { EndpointsConfig: inspect.NetworkSettings.Networks ?? {} },
  };
}
