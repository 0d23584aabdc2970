// A TCP socket's allow-from list at run time: CIDR blocks as they are, host names resolved at start and every 30 s
// (a compose service's address changes when it is recreated). A name that stops resolving keeps its last addresses
// until it resolves again, and a name never resolved admits nobody.
import { lookup } from 'node:dns/promises';
import { inCidr, parseCidr, parseIp, formatIp, type Cidr } from '../../shared/profiles/ip-address.ts';

export const RESOLVE_EVERY_MS = 30_000;

export interface AllowList {
  /** Why a client at `address` is not served, or null. An empty list admits everyone. */
  refuse(address: string): string | null;
  close(): void;
}

export async function createAllowList(entries: readonly string[], warn: (message: string) => void): Promise<AllowList> {
  const blocks: Cidr[] = [];
  const names: string[] = [];
  for (const e of entries) {
    const block = parseCidr(e);
    if (block) blocks.push(block);
    else names.push(e);
  }
  /** host name -> the addresses it resolved to last, in formatIp's spelling. */
  const resolved = new Map<string, Set<string>>();
  const resolve = async (): Promise<void> => {
    await Promise.all(
      names.map(async (name) => {
        try {
          const found = await lookup(name, { all: true });
          resolved.set(
            name,
            new Set(found.flatMap((a) => (parseIp(a.address) ? [formatIp(parseIp(a.address) ?? [])] : []))),
          );
        } catch (error) {
          warn(
            `allow-from ${name} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${resolved.has(name) ? 'keeping its last addresses' : 'it admits nobody until it does'}`,
          );
        }
      }),
    );
  };
  await resolve();
  const timer = names.length > 0 ? setInterval(() => void resolve(), RESOLVE_EVERY_MS) : null;
  timer?.unref();

  return {
    refuse(address) {
      if (entries.length === 0) return null;
      const ip = parseIp(address);
      if (ip && blocks.some((b) => inCidr(ip, b))) return null;
      const text = ip ? formatIp(ip) : address;
      for (const addresses of resolved.values()) if (addresses.has(text)) return null;
      return `${address} is not in allow-from (${entries.join(', ')})`;
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
