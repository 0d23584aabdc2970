// One table of settings: flag, DOXY_* variable, default, help and parser. Parsed once at boot into a frozen Config.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_LEARN_MINUTES } from '../shared/learn/deadline.ts';
import { normalizeSocket, socketProblems } from '../shared/profiles/configuration.ts';
import { parseSocketMode } from '../shared/profiles/socket-mode.ts';
import { isTcpPath } from '../shared/profiles/tcp-socket.ts';
import type { ClientProfile, SocketSpec } from '../shared/profiles/types.ts';
import { DAEMON_DEFAULTS } from './proxy/daemon-gate.ts';

export const VERSION = '2.0.0';

export interface Config {
  readonly dockerSocket: string;
  readonly proxySocket: string;
  readonly patternFile: string | null;
  readonly dbFile: string;
  /** null when the admin app is off (`none`). */
  readonly admin: { readonly host: string; readonly port: number } | null;
  readonly adminToken: string | null;
  readonly socketMode: number;
  readonly debug: boolean;
  /** Learn mode at start: minutes until it ends by itself (0 = no deadline), or null when off. */
  readonly learn: number | null;
  /** Where doxy writes what it serves, for `doxy --health-check` (default: health.json beside the store). */
  readonly healthFile: string;
  /** `--health-check`: check the doxy that wrote healthFile and exit, rather than serve. */
  readonly healthCheck: boolean;
  /** Extra filtered sockets from --socket flags (or DOXY_SOCKETS), each with the flag or variable it came from. */
  readonly sockets: readonly SocketFlag[];
  /** Requests doxy has waiting for the daemon's answer at once, over every socket; and how many more may queue. */
  readonly daemonConnections: number;
  readonly daemonQueue: number;
}

/** One --socket PATH=PROFILE[,mode=660][,owner=USER|UID][,group=GROUP|GID], or tcp://HOST:PORT=PROFILE[,...]. */
export interface SocketFlag {
  readonly spec: SocketSpec;
  /** `from=PRESET`: the preset PROFILE is made from when it does not exist (absent: the preset named PROFILE). */
  readonly from?: string;
  /** `--socket` or `DOXY_SOCKETS`, for messages. */
  readonly source: string;
}

/** A setting that could not be read; `source` names the flag or variable. */
export class ConfigError extends Error {
  readonly code = 'DOXY_CONFIG';
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

type Parse<T> = (raw: string) => T;

interface Setting<K extends keyof Config> {
  readonly key: K;
  readonly flag: string;
  readonly env: string;
  readonly help: string;
  readonly boolean?: true;
  /** The default, computed at boot (it may look at the file system). */
  readonly fallback: (env: NodeJS.ProcessEnv) => string;
  readonly parse: Parse<Config[K]>;
}

const path: Parse<string> = (raw) => {
  if (raw.trim() === '') throw new Error('is empty');
  return resolve(raw);
};

const bool: Parse<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new Error(`"${raw}" is not a boolean (true/false, 1/0, yes/no, on/off)`);
};

const adminAddress: Parse<Config['admin']> = (raw) => {
  if (raw === 'none') return null;
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535)
    throw new Error(`"${raw}" is not HOST:PORT (for example 127.0.0.1:7080) or "none"`);
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port };
};

const mode: Parse<number> = (raw) => {
  const parsed = parseSocketMode(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.mode;
};

const UNIX_OPTIONS = ['mode', 'owner', 'group', 'from'];
const TCP_OPTIONS = ['allow-from', 'tls-cert', 'tls-key', 'tls-ca', 'client', 'unknown-clients', 'from'];
/** Options that may be given more than once, each adding one entry. */
const REPEATABLE = new Set(['allow-from', 'client']);
const SHAPE =
  'PATH=PROFILE[,from=PRESET][,mode=660][,owner=USER][,group=GROUP] or tcp://HOST:PORT=PROFILE[,from=PRESET][,allow-from=CIDR|HOST]...';

/** `client=CN:PROFILE`: the profile is after the last colon (profile names hold none). */
function clientProfile(raw: string, value: string): ClientProfile {
  const at = value.lastIndexOf(':');
  if (at < 1) throw new Error(`"${raw}": client=${value} is not client=CN:PROFILE`);
  return { cn: value.slice(0, at), profile: value.slice(at + 1) };
}

/**
 * `PATH=PROFILE[,mode=660][,owner=U][,group=G]` or `tcp://HOST:PORT=PROFILE[,allow-from=..]...[,tls-cert=..]...`:
 * the shortest path whose rest reads as PROFILE and options.
 */
export function parseSocketFlag(raw: string): { readonly spec: SocketSpec; readonly from?: string } {
  const m = /^(.+?)=([^=,]*)((?:,[a-z-]+=[^,]*)*)$/.exec(raw);
  if (!m) throw new Error(`"${raw}" is not ${SHAPE}`);
  const tcp = isTcpPath(m[1] ?? '');
  const known = tcp ? TCP_OPTIONS : UNIX_OPTIONS;
  const options = new Map<string, string[]>();
  for (const part of (m[3] ?? '').split(',').slice(1)) {
    const at = part.indexOf('=');
    const [key, value] = [part.slice(0, at), part.slice(at + 1)];
    if (!known.includes(key))
      throw new Error(
        [...UNIX_OPTIONS, ...TCP_OPTIONS].includes(key)
          ? `"${raw}": ${key} applies to ${tcp ? 'unix' : 'tcp://'} sockets only`
          : `"${raw}": unknown option "${key}" (${known.join(', ')})`,
      );
    if (options.has(key) && !REPEATABLE.has(key)) throw new Error(`"${raw}": ${key} is given twice`);
    options.set(key, [...(options.get(key) ?? []), value]);
  }
  const one = (key: string): string | undefined => options.get(key)?.[0];
  const file = (key: string): string | undefined => {
    const v = one(key);
    return v === undefined || v === '' ? v : resolve(v);
  };
  const unknownClients = one('unknown-clients');
  if (unknownClients !== undefined && unknownClients !== 'refuse' && unknownClients !== 'socket-profile')
    throw new Error(`"${raw}": unknown-clients=${unknownClients} is not refuse or socket-profile`);
  const optional = {
    owner: one('owner'),
    group: one('group'),
    allowFrom: options.get('allow-from'),
    tlsCert: file('tls-cert'),
    tlsKey: file('tls-key'),
    tlsCa: file('tls-ca'),
    clients: options.get('client')?.map((v) => clientProfile(raw, v)),
    unknownClients,
  };
  const spec: SocketSpec = {
    path: tcp ? (m[1] ?? '') : resolve(m[1] ?? ''),
    profile: m[2] ?? '',
    mode: one('mode') ?? '660',
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
  // The same checks as a socket sent to the admin API.
  const problem = socketProblems(spec, '')[0];
  if (problem) throw new Error(`"${raw}": ${problem.message}`);
  const from = one('from');
  if (from === '') throw new Error(`"${raw}": from= names no preset`);
  return { spec: normalizeSocket(spec), ...(from === undefined ? {} : { from }) };
}

/** `--learn` alone means DEFAULT_LEARN_MINUTES; a number is minutes (0: no deadline); empty, off or false is off. */
const learnMinutes: Parse<number | null> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no'].includes(v)) return null;
  if (['true', 'on', 'yes'].includes(v)) return DEFAULT_LEARN_MINUTES;
  if (!/^\d{1,5}(\.\d+)?$/.test(v) || Number(v) > 10080)
    throw new Error(`"${raw}" is not a number of minutes (0 for no deadline, at most 10080, a week)`);
  return Number(v);
};

/** A whole number from `min` to `max`. */
function count(min: number, max: number): Parse<number> {
  return (raw) => {
    const v = raw.trim();
    if (!/^\d{1,7}$/.test(v) || Number(v) < min || Number(v) > max)
      throw new Error(`"${raw}" is not a whole number from ${min} to ${max}`);
    return Number(v);
  };
}

function stateDir(env: NodeJS.ProcessEnv): string {
  return env.XDG_STATE_HOME ? join(env.XDG_STATE_HOME, 'doxy') : join(env.HOME ?? homedir(), '.local', 'state', 'doxy');
}

const SETTINGS = [
  {
    key: 'dockerSocket',
    flag: '--docker-socket <path>',
    env: 'DOXY_DOCKER_SOCKET',
    help: 'the Docker socket to forward granted requests to',
    fallback: () => '/var/run/docker.sock',
    parse: path,
  },
  {
    key: 'proxySocket',
    flag: '--proxy-socket <path>',
    env: 'DOXY_PROXY_SOCKET',
    help: 'the filtered socket doxy listens on',
    fallback: () => '/tmp/doxy.sock',
    parse: path,
  },
  {
    key: 'patternFile',
    flag: '--pattern-file <path>',
    env: 'DOXY_PATTERN_FILE',
    help: 'doxy pattern file whose rules become the active set at start (default /etc/doxy.pattern when it exists)',
    fallback: () => (existsSync('/etc/doxy.pattern') ? '/etc/doxy.pattern' : ''),
    parse: (raw: string) => (raw === '' ? null : path(raw)),
  },
  {
    key: 'dbFile',
    flag: '--db-file <path>',
    env: 'DOXY_DB_FILE',
    help: 'the JSON store of rules and history (default $XDG_STATE_HOME/doxy/db.json, else ~/.local/state/doxy/db.json)',
    fallback: (env: NodeJS.ProcessEnv) => join(stateDir(env), 'db.json'),
    parse: path,
  },
  {
    key: 'admin',
    flag: '--admin-address <host:port>',
    env: 'DOXY_ADMIN_ADDRESS',
    help: 'where the admin web app listens, or "none"',
    fallback: () => '127.0.0.1:7080',
    parse: adminAddress,
  },
  {
    key: 'adminToken',
    flag: '--admin-token <token>',
    env: 'DOXY_ADMIN_TOKEN',
    help: 'the admin login token (default: generated once and kept in the store)',
    fallback: () => '',
    parse: (raw: string) => {
      if (raw === '') return null;
      if (raw.length < 16) throw new Error('must be at least 16 characters');
      return raw;
    },
  },
  {
    key: 'socketMode',
    flag: '--socket-mode <octal>',
    env: 'DOXY_SOCKET_MODE',
    help: 'file mode of the proxy socket (never world-writable)',
    fallback: () => '660',
    parse: mode,
  },
  {
    key: 'debug',
    flag: '--debug',
    env: 'DOXY_DEBUG',
    help: 'print one line per request: time, status, duration, method, path, decision and rule',
    boolean: true,
    fallback: () => 'false',
    parse: bool,
  },
  {
    key: 'learn',
    flag: '--learn [minutes]',
    env: 'DOXY_LEARN',
    help: `start in learn mode: forward what no rule allows (an explicit deny still denies), record it and propose rules; ends after MINUTES (default ${DEFAULT_LEARN_MINUTES}; 0: only when stopped in the admin app). The socket is open while it runs`,
    fallback: () => '',
    parse: learnMinutes,
  },
  {
    key: 'daemonConnections',
    flag: '--daemon-connections <n>',
    env: 'DOXY_DAEMON_CONNECTIONS',
    help: 'requests forwarded to the daemon at once, over every socket, until it answers (a stream or attach counts until its head arrives)',
    fallback: () => String(DAEMON_DEFAULTS.connections),
    parse: count(1, 4096),
  },
  {
    key: 'daemonQueue',
    flag: '--daemon-queue <n>',
    env: 'DOXY_DAEMON_QUEUE',
    help: 'requests that may wait for one of those; any more are answered 503',
    fallback: () => String(DAEMON_DEFAULTS.queue),
    parse: count(0, 100_000),
  },
  {
    key: 'healthFile',
    flag: '--health-file <path>',
    env: 'DOXY_HEALTH_FILE',
    help: 'where doxy notes what it serves, for --health-check (default: health.json beside the --db-file)',
    // Empty until parseConfig knows the store's path: the default follows --db-file as well as DOXY_DB_FILE.
    fallback: () => '',
    parse: (raw: string) => (raw === '' ? '' : path(raw)),
  },
] as const satisfies readonly Setting<keyof Config>[];

const SOCKET_FLAG = '--socket';
const HEALTH_CHECK_FLAG = '--health-check';
const SOCKETS_ENV = 'DOXY_SOCKETS';

/** Every --socket flag, or else DOXY_SOCKETS (several separated by ";"); a path given twice or equal to --proxy-socket is refused. */
function socketFlags(flagValues: readonly string[], env: NodeJS.ProcessEnv, proxySocket: string): SocketFlag[] {
  const [source, raws] =
    flagValues.length > 0
      ? [SOCKET_FLAG, flagValues]
      : [SOCKETS_ENV, (env[SOCKETS_ENV] ?? '').split(';').filter((s) => s.trim() !== '')];
  const seen = new Set<string>([proxySocket]);
  return raws.map((raw) => {
    let spec: SocketSpec;
    let from: string | undefined;
    try {
      ({ spec, from } = parseSocketFlag(raw.trim()));
    } catch (error) {
      throw new ConfigError(source, (error as Error).message);
    }
    if (spec.path === proxySocket)
      throw new ConfigError(source, `"${raw}": ${spec.path} is the --proxy-socket (bound to profile "default")`);
    if (seen.has(spec.path)) throw new ConfigError(source, `"${raw}": socket ${spec.path} is given twice`);
    seen.add(spec.path);
    return { spec, source, ...(from === undefined ? {} : { from }) };
  });
}

/** Go's flag package, which doxy used, also takes `-flag`: accept it for the long names we know. */
function normalizeArgs(argv: readonly string[]): string[] {
  const names = new Set<string>(
    SETTINGS.map((s) => s.flag.split(' ')[0] ?? '').concat(['--help', '--version', SOCKET_FLAG, HEALTH_CHECK_FLAG]),
  );
  return argv.map((a) => (/^-[a-z]/.test(a) && names.has(`-${a.split('=')[0]}`) ? `-${a}` : a));
}

/**
 * Reads flags, then DOXY_* variables, then defaults (flag beats env beats default).
 * Throws ConfigError naming the flag or variable; --help and --version throw CommanderError with exitCode 0.
 */
export function parseConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: { write(s: string): void } = process.stdout,
): Config {
  const program = new Command('doxy')
    .description('A filtering proxy for the Docker Engine socket')
    .version(VERSION, '--version')
    .helpOption('--help')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => process.stderr.write(s) })
    .allowExcessArguments(true);
  const options = new Map(SETTINGS.map((s) => [s.key, new Option(s.flag, `${s.help} [env ${s.env}]`)]));
  for (const option of options.values()) program.addOption(option);
  program.addOption(
    new Option(
      `${SOCKET_FLAG} <path=profile>`,
      `another filtered socket bound to a profile (or a preset id, copied into a new profile); repeatable; PATH=PROFILE[,mode=660][,owner=USER|UID][,group=GROUP|GID] (owner and group need root), or tcp://HOST:PORT=PROFILE[,allow-from=CIDR|HOST]...[,tls-cert=PEM,tls-key=PEM[,tls-ca=PEM[,client=CN:PROFILE]...[,unknown-clients=refuse|socket-profile]]] (a non-loopback HOST needs allow-from or tls-ca) [env ${SOCKETS_ENV}, separated by ";"]`,
    ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
  );
  program.addOption(
    new Option(
      HEALTH_CHECK_FLAG,
      'check the running doxy (every socket listens, the Docker socket answers /_ping) and exit 0 if healthy, 1 if not; reads the --health-file, so give it the same --db-file or DOXY_* variables (no other flag is needed)',
    ),
  );
  program.parse(normalizeArgs(argv), { from: 'user' });
  // Checked here rather than by commander, whose message does not say which argument was extra.
  const extra = program.args[0];
  if (extra !== undefined)
    throw new ConfigError(`argument "${extra}"`, 'is not a flag (doxy takes flags only, see --help)');
  const flags = program.opts<Record<string, string | boolean | string[] | undefined>>();

  const config: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    // Commander names a value after its flag (--admin-address -> adminAddress), which is not always the Config key.
    const flagValue = flags[options.get(s.key)?.attributeName() ?? s.key];
    const name = s.flag.split(' ')[0] ?? s.key;
    const [source, raw] =
      flagValue !== undefined
        ? [name, flagValue === true ? 'true' : String(flagValue)]
        : env[s.env] !== undefined
          ? [s.env, env[s.env] ?? '']
          : [`default of ${name}`, s.fallback(env)];
    try {
      config[s.key] = s.parse(raw);
    } catch (error) {
      throw new ConfigError(source, error instanceof Error ? error.message : String(error));
    }
  }
  if (config.healthFile === '') config.healthFile = join(dirname(config.dbFile as string), 'health.json');
  config.healthCheck = flags.healthCheck === true;
  const socketValues = flags.socket;
  config.sockets = Object.freeze(
    socketFlags(Array.isArray(socketValues) ? socketValues : [], env, config.proxySocket as string),
  );
  return Object.freeze(config as unknown as Config);
}

export { CommanderError };
