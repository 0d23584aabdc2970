// What the TCP socket tests do as a client: a raw request from a chosen source address (127.0.0.2 is a second
// loopback address), and the docker CLI's reads, followed log and exec -i through a tcp:// host.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { docker, dockerOk, dockerStream } from './docker-cli.ts';

/** A container command that prints a numbered tick five times a second. */
export const TICK = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'];

/** What a GET /_ping from `localAddress` to `host` gets back before the connection closes ('' when cut at connect). */
export function pingFrom(port: number, localAddress: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, localAddress });
    let got = '';
    s.on('connect', () => s.write('GET /_ping HTTP/1.1\r\nHost: doxy\r\nConnection: close\r\n\r\n'));
    s.on('data', (d: Buffer) => {
      got += d.toString();
    });
    s.on('error', () => undefined);
    s.on('close', () => resolve(got));
    s.setTimeout(10_000, () => reject(new Error('no close within 10 s')));
  });
}

/**
 * `docker ps` lists `box`, `docker logs -f box` keeps flowing, and `docker exec -i box cat` echoes its input, with
 * `flags` choosing the host (`-H tcp://...`, TLS flags). `socket` is only the DOCKER_HOST the flags override.
 */
export async function psLogsExec(socket: string, flags: readonly string[], box: string): Promise<void> {
  assert.match(await dockerOk(socket, [...flags, 'ps', '--format', '{{.Names}}']), new RegExp(box));
  const logs = dockerStream(socket, [...flags, 'logs', '-f', box]);
  try {
    const seen = await logs.waitFor(['tick 1\n']);
    const last = Math.max(...[...seen.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
    await logs.waitFor([`tick ${last + 2}\n`]);
  } finally {
    await logs.kill();
  }
  const exec = await docker(socket, [...flags, 'exec', '-i', box, 'cat'], { input: 'hello over tcp\n' });
  assert.deepEqual([exec.code, exec.stdout], [0, 'hello over tcp\n'], exec.stderr);
}
