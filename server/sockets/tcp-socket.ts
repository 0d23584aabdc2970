// One TCP socket of the configuration: its TLS files read, its allow-from list resolved, and who it admits kept in
// step with the spec. A change of allow-from or of the client map applies to new connections and cuts those it no
// longer admits; new TLS files need a new listener (sameListener).
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { parseTcpAddress, profileForClient } from '../../shared/profiles/tcp-socket.ts';
import type { SocketSpec } from '../../shared/profiles/types.ts';
import { listenTcp, type TcpListener } from '../proxy/listen-tcp.ts';
import { createAllowList, type AllowList } from './allow-list.ts';

/** A refused client is said on stderr at most once per address in this time, with how many were left unsaid. */
export const REFUSAL_QUIET_MS = 10_000;

export interface TcpAdmission {
  /** Takes a changed spec (same listener): resolves the new allow-from, then cuts the connections it no longer admits. */
  change(spec: SocketSpec): Promise<void>;
}

export interface TcpSocket {
  readonly listener: TcpListener;
  admission: TcpAdmission;
  close(): Promise<void>;
}

/** Whether `next` can be served by the listener made for `before` (same address and TLS files). */
export function sameListener(before: SocketSpec, next: SocketSpec): boolean {
  return (
    before.path === next.path &&
    before.tlsCert === next.tlsCert &&
    before.tlsKey === next.tlsKey &&
    before.tlsCa === next.tlsCa
  );
}

function readPem(spec: SocketSpec, key: 'tlsCert' | 'tlsKey' | 'tlsCa', option: string): Buffer | undefined {
  const file = spec[key];
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Says each refusal on stderr, quietly: a client retrying in a loop gets one line per address and reason per REFUSAL_QUIET_MS. */
function refusalPrinter(name: string): (address: string, reason: string) => void {
  const last = new Map<string, { at: number; unsaid: number }>();
  return (address, reason) => {
    const now = Date.now();
    const key = `${address} ${reason}`;
    const seen = last.get(key);
    if (seen && now - seen.at < REFUSAL_QUIET_MS) {
      seen.unsaid++;
      return;
    }
    const more = seen?.unsaid ? ` (and ${seen.unsaid} more from it since the last line)` : '';
    if (last.size > 1000) last.clear();
    last.set(key, { at: now, unsaid: 0 });
    process.stderr.write(`doxy: ${name}: refused a client at ${address}: ${reason}${more}\n`);
  };
}

export async function listenTcpSocket(server: Server, first: SocketSpec): Promise<TcpSocket> {
  const address = parseTcpAddress(first.path);
  if (typeof address === 'string') throw new Error(address);
  const warn = (message: string): void => void process.stderr.write(`doxy: ${first.path}: ${message}\n`);
  const cert = readPem(first, 'tlsCert', 'tls-cert');
  const key = readPem(first, 'tlsKey', 'tls-key');
  const ca = readPem(first, 'tlsCa', 'tls-ca');
  let spec = first;
  let allow: AllowList = await createAllowList(spec.allowFrom ?? [], warn);
  const refuseCertificate = (cn: string | null): string | null =>
    profileForClient(spec, cn) === null
      ? `certificate CN ${cn === null ? '(none)' : JSON.stringify(cn)} is not in the client map and unknown clients are refused`
      : null;
  let listener: TcpListener;
  try {
    listener = await listenTcp(server, {
      host: address.host,
      port: address.port,
      tls: cert && key ? { cert, key, ...(ca ? { ca } : {}) } : null,
      refuseAddress: (a) => allow.refuse(a),
      refuseCertificate,
      onRefused: refusalPrinter(first.path),
    });
  } catch (error) {
    allow.close();
    throw error;
  }
  return {
    listener,
    admission: {
      async change(next) {
        const nextAllow = await createAllowList(next.allowFrom ?? [], warn);
        allow.close();
        allow = nextAllow;
        spec = next;
        for (const [connection, who] of listener.served()) {
          const reason = allow.refuse(who.address) ?? (ca ? refuseCertificate(who.cn) : null);
          if (reason) {
            process.stderr.write(`doxy: ${spec.path}: cut a connection of ${who.address}: ${reason}\n`);
            connection.destroy();
          }
        }
      },
    },
    async close() {
      allow.close();
      await listener.close();
    },
  };
}
