// TCP sockets (`tcp://HOST:PORT`): the address, the allow-from list, TLS files and the client map, checked as one
// spec. A listener reachable from other machines must say who may use it: an open Docker port is the classic way
// hosts get owned, so one with neither allow-from nor a client CA is refused here (at start and by the API alike).
import type { Problem } from '../rules/types.ts';
import { isLoopbackIp, parseCidr, parseIp } from './ip-address.ts';
import { profileNameProblem } from './names.ts';
import type { SocketSpec } from './types.ts';

export const TCP_SCHEME = 'tcp://';

export interface TcpAddress {
  /** An IP address (IPv6 without brackets) or a host name. */
  readonly host: string;
  readonly port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/;
/** A certificate CN as the map holds it: printable, no comma (the --socket flag separates options with commas). */
const CN = /^[^\s,\p{Cc}][^,\p{Cc}]{0,63}$/u;

export function isTcpPath(path: string): boolean {
  return path.startsWith(TCP_SCHEME);
}

/** `tcp://HOST:PORT` (IPv6 in brackets), or a message saying what is wrong. */
export function parseTcpAddress(path: string): TcpAddress | string {
  const m = /^tcp:\/\/(\[[^\]]*\]|[^:/[\]]*):(\d{1,5})$/.exec(path);
  const shape = `"${path.slice(0, 120)}" is not tcp://HOST:PORT (for example tcp://127.0.0.1:2375 or tcp://[::1]:2375)`;
  if (!m) return shape;
  const bracketed = (m[1] ?? '').startsWith('[');
  const host = bracketed ? (m[1] ?? '').slice(1, -1) : (m[1] ?? '');
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `${shape}: port ${m[2]} is not 1-65535`;
  const ip = parseIp(host);
  if (bracketed ? !ip || ip.length !== 16 || !host.includes(':') : !ip && !HOSTNAME.test(host)) return shape;
  return { host, port };
}

/** The one spelling of a TCP socket's name: host in lower case, IPv6 in brackets. */
export function formatTcpAddress(a: TcpAddress): string {
  const host = a.host.toLowerCase();
  return `${TCP_SCHEME}${host.includes(':') ? `[${host}]` : host}:${a.port}`;
}

/** Whether only this machine can reach the address: a loopback IP or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const ip = parseIp(host);
  return ip ? isLoopbackIp(ip) : host.toLowerCase() === 'localhost';
}

/** Why `entry` is neither a CIDR (IPv4 or IPv6, a bare address is one host) nor a host name, or null. */
export function allowFromProblem(entry: string): string | null {
  if (parseCidr(entry)) return null;
  if (!/[/:]/.test(entry) && !/^[\d.]+$/.test(entry) && HOSTNAME.test(entry)) return null;
  return `"${entry.slice(0, 120)}" is neither a CIDR (10.0.0.0/8, 192.168.1.7, fd00::/8) nor a host name`;
}

/** An allow-from entry that is a name to resolve (not an address or block). */
export function isHostnameEntry(entry: string): boolean {
  return parseCidr(entry) === null;
}

const TLS_KEYS = ['tlsCert', 'tlsKey', 'tlsCa'] as const;
const TCP_ONLY = ['allowFrom', ...TLS_KEYS, 'clients', 'unknownClients'] as const;

/** The problems of a TCP socket's own fields, and those fields on a unix socket. `where` is its JSON pointer. */
export function tcpSocketProblems(spec: SocketSpec, where: string): Problem[] {
  if (!isTcpPath(spec.path))
    return TCP_ONLY.filter((k) => spec[k] !== undefined).map((k) => ({
      where: `${where}/${k}`,
      message: `${k} applies to tcp:// sockets only`,
    }));
  const problems: Problem[] = [];
  const address = parseTcpAddress(spec.path);
  if (typeof address === 'string') problems.push({ where: `${where}/path`, message: address });
  for (const key of ['owner', 'group'] as const)
    if (spec[key] !== undefined)
      problems.push({ where: `${where}/${key}`, message: `${key} applies to unix sockets only (not ${spec.path})` });
  (spec.allowFrom ?? []).forEach((entry, i) => {
    const problem = allowFromProblem(entry);
    if (problem) problems.push({ where: `${where}/allowFrom/${i}`, message: problem });
  });
  for (const key of TLS_KEYS) {
    const file = spec[key];
    if (file !== undefined && !file.startsWith('/'))
      problems.push({ where: `${where}/${key}`, message: `"${file.slice(0, 120)}" is not an absolute path` });
  }
  if ((spec.tlsCert === undefined) !== (spec.tlsKey === undefined))
    problems.push({
      where: `${where}/${spec.tlsCert === undefined ? 'tlsCert' : 'tlsKey'}`,
      message: 'TLS needs both a certificate (tls-cert) and its key (tls-key)',
    });
  if (spec.tlsCa !== undefined && spec.tlsCert === undefined)
    problems.push({
      where: `${where}/tlsCa`,
      message: 'a client CA (tls-ca) needs TLS: give tls-cert and tls-key too',
    });
  const cns = new Set<string>();
  (spec.clients ?? []).forEach((c, i) => {
    if (!CN.test(c.cn))
      problems.push({
        where: `${where}/clients/${i}/cn`,
        message: `common name "${c.cn.slice(0, 80)}" must be 1-64 printable characters, no comma`,
      });
    else if (cns.has(c.cn))
      problems.push({ where: `${where}/clients/${i}/cn`, message: `common name "${c.cn}" is listed twice` });
    cns.add(c.cn);
    const name = profileNameProblem(c.profile);
    if (name) problems.push({ where: `${where}/clients/${i}/profile`, message: name });
  });
  if ((spec.clients !== undefined || spec.unknownClients !== undefined) && spec.tlsCa === undefined)
    problems.push({
      where: `${where}/${spec.clients !== undefined ? 'clients' : 'unknownClients'}`,
      message:
        'a client-certificate profile map needs mutual TLS: give tls-ca (the CA client certificates are signed by)',
    });
  if (typeof address !== 'string' && !isLoopbackHost(address.host) && !spec.allowFrom?.length && !spec.tlsCa)
    problems.push({
      where: `${where}/allowFrom`,
      message: `${spec.path} is reachable from other machines with neither allow-from nor a client CA (tls-ca): anyone who reaches the port would drive the Docker API; list the clients (allow-from=CIDR|HOST) or require client certificates (tls-cert, tls-key, tls-ca)`,
    });
  return problems;
}

/** The profile a client with certificate common name `cn` gets on `spec`, or null when it is refused. */
export function profileForClient(spec: SocketSpec, cn: string | null): string | null {
  if (!spec.clients?.length) return spec.profile;
  const mapped = cn === null ? undefined : spec.clients.find((c) => c.cn === cn);
  if (mapped) return mapped.profile;
  return spec.unknownClients === 'socket-profile' ? spec.profile : null;
}
