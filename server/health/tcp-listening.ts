// Whether a TCP port is listening, read from the kernel's socket tables rather than by connecting: a connection
// to a socket with allow-from or mutual TLS is a refused client doxy reports on stderr, and the image's health check
// would add one such line every 30 s.
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/** The ports in LISTEN state in the text of /proc/net/tcp or /proc/net/tcp6. */
export function listeningPorts(table: string): Set<number> {
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    // "sl local_address rem_address st ...": the local address is HEXADDR:HEXPORT.
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== LISTEN || local === undefined) continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port)) ports.add(port);
  }
  return ports;
}

/** true when some socket of this network namespace listens on the port; null when the tables cannot be read. */
export function portListens(port: number): boolean | null {
  let read = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    read = true;
    if (listeningPorts(text).has(port)) return true;
  }
  return read ? false : null;
}
