// The whole configuration of a doxy: its profiles (named rule sets) and its sockets, checked as one value.
import { z } from 'zod';
import { bodyPolicySchema, type BodyPolicy } from '../policy/body-policy.ts';
import { rulesSchema, validateRules, zodProblems } from '../rules/ruleset-json.ts';
import type { Problem, Result, Rule } from '../rules/types.ts';
import { DEFAULT_PROFILE, profileNameProblem } from './names.ts';
import { formatSocketMode, parseSocketMode } from './socket-mode.ts';
import { formatTcpAddress, isTcpPath, parseTcpAddress, tcpSocketProblems } from './tcp-socket.ts';
import type { Profile, SocketSpec } from './types.ts';

export interface Configuration {
  readonly profiles: readonly Profile[];
  readonly sockets: readonly SocketSpec[];
}

/** Unix socket paths are limited to 107 bytes (sun_path). */
const MAX_SOCKET_PATH = 107;
const ID = /^[A-Za-z0-9._-]{1,32}$/;

export const profileSchema = z.strictObject({
  name: z.string().max(200),
  rules: rulesSchema,
  policy: bodyPolicySchema.optional(),
  /** true is the default, and is stored as absent. */
  redact: z.boolean().optional(),
  /** false is the default, and is stored as absent. */
  scoped: z.boolean().optional(),
});

export const socketSpecSchema = z.strictObject({
  path: z.string().max(1000),
  profile: z.string().max(200),
  mode: z.string().max(10),
  owner: z.string().max(100).optional(),
  group: z.string().max(100).optional(),
  allowFrom: z.array(z.string().max(300)).max(100).readonly().optional(),
  tlsCert: z.string().max(1000).optional(),
  tlsKey: z.string().max(1000).optional(),
  tlsCa: z.string().max(1000).optional(),
  clients: z
    .array(z.strictObject({ cn: z.string().max(200), profile: z.string().max(200) }))
    .max(1000)
    .readonly()
    .optional(),
  unknownClients: z.enum(['refuse', 'socket-profile']).optional(),
});

/** Every field of a socket spec, path first. */
export const SOCKET_FIELDS = socketSpecSchema.keyof().options;

export const configurationSchema = z.strictObject({
  profiles: z.array(profileSchema).max(1000),
  sockets: z.array(socketSpecSchema).max(256),
});

/** Why `path` cannot be a socket path (absolute, no `.`/`..`/empty segments, no trailing `/`), or null. */
export function socketPathProblem(path: string): string | null {
  if (isTcpPath(path)) return null; // checked with the rest of a TCP socket's fields
  if (!path.startsWith('/')) return `"${path.slice(0, 120)}" is not an absolute path`;
  if (path.includes('\0')) return 'the path holds a NUL byte';
  if (/\/\/|\/\.\.?(\/|$)|.\/$/.test(path))
    return `"${path.slice(0, 120)}" is not a plain path (no "//", "." or ".." segments, no trailing "/")`;
  if (new TextEncoder().encode(path).length > MAX_SOCKET_PATH)
    return `"${path.slice(0, 120)}" is longer than ${MAX_SOCKET_PATH} bytes, the limit of a unix socket path`;
  return null;
}

/** Checks one socket's own fields (not whether its profile exists); `where` is its pointer. */
export function socketProblems(spec: SocketSpec, where: string): Problem[] {
  const problems: Problem[] = [];
  const path = socketPathProblem(spec.path);
  if (path) problems.push({ where: `${where}/path`, message: path });
  problems.push(...tcpSocketProblems(spec, where));
  const name = profileNameProblem(spec.profile);
  if (name) problems.push({ where: `${where}/profile`, message: name });
  const mode = parseSocketMode(spec.mode);
  if (!mode.ok) problems.push({ where: `${where}/mode`, message: mode.message });
  for (const key of ['owner', 'group'] as const) {
    const v = spec[key];
    if (v !== undefined && !ID.test(v))
      problems.push({
        where: `${where}/${key}`,
        message: `${key} "${v.slice(0, 40)}" must be a user or group name, or a numeric id`,
      });
  }
  return problems;
}

/** The spec as it is stored: mode as three octal digits, one spelling of a TCP address, no empty optional field. */
export function normalizeSocket(spec: SocketSpec): SocketSpec {
  const mode = parseSocketMode(spec.mode);
  const tcp = isTcpPath(spec.path) ? parseTcpAddress(spec.path) : null;
  return {
    path: tcp && typeof tcp !== 'string' ? formatTcpAddress(tcp) : spec.path,
    profile: spec.profile,
    mode: mode.ok ? formatSocketMode(mode.mode) : spec.mode,
    ...(spec.owner ? { owner: spec.owner } : {}),
    ...(spec.group ? { group: spec.group } : {}),
    ...(spec.allowFrom?.length ? { allowFrom: spec.allowFrom } : {}),
    ...(spec.tlsCert ? { tlsCert: spec.tlsCert } : {}),
    ...(spec.tlsKey ? { tlsKey: spec.tlsKey } : {}),
    ...(spec.tlsCa ? { tlsCa: spec.tlsCa } : {}),
    ...(spec.clients?.length ? { clients: spec.clients } : {}),
    ...(spec.unknownClients ? { unknownClients: spec.unknownClients } : {}),
  };
}

/** The profiles a socket names: its own and those of its client map, each with its JSON pointer. */
export function profilesNamedBy(spec: SocketSpec, where: string): { where: string; name: string }[] {
  return [
    { where: `${where}/profile`, name: spec.profile },
    ...(spec.clients ?? []).map((c, i) => ({ where: `${where}/clients/${i}/profile`, name: c.profile })),
  ];
}

/**
 * Validates a configuration: shapes, names, every profile's rules, and the links between them ('default' exists,
 * names and socket paths are unique, every socket's profile exists). Problems carry JSON pointers under `base`.
 */
export function checkConfiguration(input: unknown, base = ''): Result<Configuration> {
  const parsed = configurationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, base) };
  const { profiles, sockets } = parsed.data;
  const problems: Problem[] = [];
  const names = new Set<string>();
  const checked: Profile[] = [];
  profiles.forEach((p, i) => {
    const nameProblem = profileNameProblem(p.name);
    if (nameProblem) problems.push({ where: `${base}/profiles/${i}/name`, message: nameProblem });
    else if (names.has(p.name))
      problems.push({ where: `${base}/profiles/${i}/name`, message: `profile "${p.name}" is named twice` });
    names.add(p.name);
    const rules = validateRules(p.rules, `${base}/profiles/${i}/rules`);
    if (rules.ok)
      checked.push({
        name: p.name,
        rules: rules.value,
        ...(p.policy ? { policy: p.policy } : {}),
        ...(p.redact === false ? { redact: false } : {}),
        ...(p.scoped === true ? { scoped: true } : {}),
      });
    else problems.push(...rules.problems);
  });
  if (!names.has(DEFAULT_PROFILE))
    problems.push({
      where: `${base}/profiles`,
      message: `there is no profile "${DEFAULT_PROFILE}" (it always exists: the --proxy-socket uses it)`,
    });
  const paths = new Set<string>();
  sockets.forEach((s, i) => {
    const where = `${base}/sockets/${i}`;
    problems.push(...socketProblems(s, where));
    if (paths.has(s.path)) problems.push({ where: `${where}/path`, message: `socket ${s.path} is listed twice` });
    paths.add(s.path);
    for (const named of profilesNamedBy(s, where))
      if (!profileNameProblem(named.name) && !names.has(named.name))
        problems.push({ where: named.where, message: `there is no profile "${named.name}"` });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { profiles: checked, sockets: sockets.map(normalizeSocket) } };
}

export function findProfile(config: Configuration, name: string): Profile | undefined {
  return config.profiles.find((p) => p.name === name);
}

/** A profile's body policy; null when it has none, or there is no such profile. */
export function profilePolicy(config: Configuration, name: string): BodyPolicy | null {
  return findProfile(config, name)?.policy ?? null;
}

/** Whether the answers given through profile `name` have their secrets redacted: yes unless it says no (or is gone). */
export function profileRedacts(config: Configuration, name: string): boolean {
  return findProfile(config, name)?.redact !== false;
}

/**
 * The configuration with one profile's rules replaced, its policy kept (or the profile added at the end when it is
 * new, with `policy` when given).
 */
export function withProfileRules(
  config: Configuration,
  name: string,
  rules: readonly Rule[],
  policy?: BodyPolicy,
): Configuration {
  const exists = config.profiles.some((p) => p.name === name);
  const profiles = exists
    ? config.profiles.map((p) => (p.name === name ? { ...p, rules } : p))
    : [...config.profiles, policy ? { name, rules, policy } : { name, rules }];
  return { ...config, profiles };
}

/** The configuration with one profile's body policy set, or removed with null. */
export function withProfilePolicy(config: Configuration, name: string, policy: BodyPolicy | null): Configuration {
  const profiles = config.profiles.map((p) => {
    if (p.name !== name) return p;
    const { policy: _was, ...rest } = p;
    return policy ? { ...rest, policy } : rest;
  });
  return { ...config, profiles };
}

/** The configuration with one profile's redaction turned on (stored as absent, the default) or off. */
export function withProfileRedaction(config: Configuration, name: string, redact: boolean): Configuration {
  const profiles = config.profiles.map((p) => {
    if (p.name !== name) return p;
    const { redact: _was, ...rest } = p;
    return redact ? rest : { ...rest, redact: false };
  });
  return { ...config, profiles };
}

/** Whether profile `name` is scoped to the objects made through it (see shared/scope): only when it says so. */
export function profileScoped(config: Configuration, name: string): boolean {
  return findProfile(config, name)?.scoped === true;
}

/** The configuration with one profile scoped (stored as `scoped: true`) or not (stored as absent, the default). */
export function withProfileScope(config: Configuration, name: string, scoped: boolean): Configuration {
  const profiles = config.profiles.map((p) => {
    if (p.name !== name) return p;
    const { scoped: _was, ...rest } = p;
    return scoped ? { ...rest, scoped: true } : rest;
  });
  return { ...config, profiles };
}

/** Paths of the sockets bound to `name`, as their own profile or in their client-certificate map. */
export function socketsBoundTo(config: Configuration, name: string): string[] {
  return config.sockets.filter((s) => profilesNamedBy(s, '').some((n) => n.name === name)).map((s) => s.path);
}
