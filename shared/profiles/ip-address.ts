// IPv4 and IPv6 addresses and CIDR blocks as bytes, for a TCP socket's allow-from list. Pure: no DNS, no node:net.

/** An address as 4 (IPv4) or 16 (IPv6) bytes; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is read as its IPv4. */
export type IpBytes = readonly number[];

/** A CIDR block: the address's first `prefix` bits must match. */
export interface Cidr {
  readonly bytes: IpBytes;
  readonly prefix: number;
}

function ipv4(text: string): IpBytes | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    bytes.push(Number(p));
  }
  return bytes;
}

function ipv6(text: string): IpBytes | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, p] of parts.entries()) {
      // The last group may be an IPv4 address (::ffff:1.2.3.4).
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = ipv4(p);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The bytes of an IPv4 or IPv6 address (brackets and a zone id are not part of it), or null. */
export function parseIp(text: string): IpBytes | null {
  const v4 = ipv4(text);
  if (v4) return v4;
  const v6 = ipv6(text);
  if (!v6) return null;
  return MAPPED_PREFIX.every((b, i) => v6[i] === b) ? v6.slice(12) : v6;
}

/** `ADDRESS[/PREFIX]` (a bare address is one host: /32 or /128), or null when it is not one. */
export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return null;
  const bytes = parseIp(address);
  if (!bytes) return null;
  // An IPv4-mapped block (::ffff:10.0.0.0/104) is read as the IPv4 block it maps.
  const mapped = bytes.length === 4 && address.includes(':') ? 96 : 0;
  const max = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText) - mapped;
  if (prefix < 0 || prefix > max) return null;
  return { bytes, prefix };
}

/** Whether `address` lies in `block` (an IPv4 address never lies in an IPv6 block other than a mapped one). */
export function inCidr(address: IpBytes, block: Cidr): boolean {
  if (address.length !== block.bytes.length) return false;
  for (let bit = 0; bit < block.prefix; bit += 8) {
    const left = block.prefix - bit;
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    const i = bit / 8;
    if (((address[i] ?? 0) & mask) !== ((block.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Loopback: 127.0.0.0/8 and ::1. */
export function isLoopbackIp(address: IpBytes): boolean {
  return address.length === 4 ? address[0] === 127 : address.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** The address as text, IPv6 in its full (uncompressed) hex form: one spelling per address, for sets and logs. */
export function formatIp(address: IpBytes): string {
  if (address.length === 4) return address.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((address[i] ?? 0) << 8) | (address[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** The address a client on this machine dials for a listener on `host`: a wildcard (0.0.0.0, ::) is reached on loopback. */
export function dialableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}
