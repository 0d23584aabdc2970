// Who may talk to the admin server: the Host must name the admin address (DNS rebinding), the Origin must be it (CSRF).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { dialableHost } from '../../shared/profiles/ip-address.ts';
import { AdminError } from './api-error.ts';

export interface AdminAddress {
  readonly host: string;
  readonly port: number;
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The host names a browser may use for this address; an IP literal cannot be rebound, a name other than ours can. */
export function allowedHostNames(address: AdminAddress): (name: string) => boolean {
  const host = address.host.toLowerCase();
  const names = new Set([bracket(host)]);
  if (LOOPBACK_V4.test(host)) names.add('localhost');
  if (host === '::1') names.add('localhost');
  if (host === 'localhost') {
    names.add('127.0.0.1');
    names.add('[::1]');
  }
  const wildcard = host === '0.0.0.0' || host === '::';
  return (name) => names.has(name) || (wildcard && (name === 'localhost' || isIP(name.replace(/^\[|\]$/g, '')) !== 0));
}

/** The URL printed at start: a wildcard address is opened on loopback. */
export function publicBase(address: AdminAddress): string {
  return `http://${bracket(dialableHost(address.host))}:${address.port}`;
}

export function createGuard(address: AdminAddress): (req: IncomingMessage) => AdminError | null {
  const allowed = allowedHostNames(address);
  const hostOk = (value: string): boolean => {
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d+))?$/.exec(value.toLowerCase());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    return port === address.port && allowed(m[1] ?? '');
  };
  return (req) => {
    const host = req.headers.host ?? '';
    if (!hostOk(host)) {
      return new AdminError(
        421,
        'BAD_HOST',
        `Host "${host.slice(0, 100)}" does not name this admin server; open ${publicBase(address)}/`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !(origin.startsWith('http://') && hostOk(origin.slice('http://'.length)))) {
      return new AdminError(403, 'CROSS_ORIGIN', `requests from origin "${origin.slice(0, 100)}" are refused`);
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return new AdminError(403, 'CROSS_ORIGIN', `requests from another site (Sec-Fetch-Site: ${site}) are refused`);
    }
    return null;
  };
}
