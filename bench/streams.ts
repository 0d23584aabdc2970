// Workloads that move bytes rather than requests: image export and logs (HTTP bodies), and exec over a hijacked
// connection (round trips through `cat`, and one large output stream).
import type { Socket } from 'node:net';
import { API, apiOk, idOf } from './docker-api.ts';
import { Connection, openHijack, requestBytes } from './http-client.ts';

export interface Throughput {
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
  readonly failures: number;
}

const MB = 1024 * 1024;
/** A download still running this long past its minimum time is cut (and counted as a failure). */
const DOWNLOAD_GRACE_MS = 60_000;

function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** GETs `target` again and again on one connection for at least `minMs` (at most `maxCount` times); MB/s of body bytes. */
export async function download(socket: string, target: string, minMs: number, maxCount: number): Promise<Throughput> {
  const c = await Connection.open(socket);
  const raw = requestBytes('GET', target);
  let bytes = 0;
  let failures = 0;
  const t0 = process.hrtime.bigint();
  const watchdog = setTimeout(() => c.close(), minMs + DOWNLOAD_GRACE_MS);
  try {
    for (let n = 0; n < maxCount && (n === 0 || since(t0) * 1000 < minMs); n++) {
      const r = await c.request(raw);
      if (r.status !== 200 || r.bytes === 0) failures++;
      bytes += r.bytes;
    }
  } catch {
    failures++;
  } finally {
    clearTimeout(watchdog);
    c.close();
  }
  const seconds = since(t0);
  return { bytes, seconds, mbPerSecond: bytes / MB / seconds, failures };
}

/** Counts the payload bytes of Docker's multiplexed stream (8-byte frame headers) as they arrive. */
class Demux {
  payload = 0;
  private header = 0;
  private left = 0;
  private size = 0;

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.left === 0) {
        // Inside a frame header: bytes 4..7 are the big-endian payload size.
        const byte = chunk[at++] ?? 0;
        if (this.header >= 4) this.size = this.size * 256 + byte;
        if (++this.header === 8) {
          this.left = this.size;
          this.header = 0;
          this.size = 0;
        }
        continue;
      }
      const take = Math.min(this.left, chunk.length - at);
      this.payload += take;
      this.left -= take;
      at += take;
    }
  }
}

async function execCreate(socket: string, container: string, cmd: readonly string[], stdin: boolean): Promise<string> {
  const body = { AttachStdin: stdin, AttachStdout: true, AttachStderr: true, Tty: false, Cmd: cmd };
  return idOf(await apiOk(socket, 'POST', `/containers/${container}/exec`, body));
}

function execStart(socket: string, id: string): Promise<{ status: number; socket: Socket; rest: Buffer }> {
  const raw = requestBytes('POST', `${API}/exec/${id}/start`, JSON.stringify({ Detach: false, Tty: false }), [
    'Connection: Upgrade',
    'Upgrade: tcp',
  ]);
  return openHijack(socket, raw);
}

function closed(s: Socket, ms: number): Promise<boolean> {
  if (s.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    s.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface RoundTrips {
  /** exec create + start until the 101, in ms. */
  readonly setupMs: number;
  /** One per trip, in ms. */
  readonly tripsMs: number[];
  readonly failures: number;
}

/** Creates and starts `cat` over a hijacked connection, then sends `size` bytes `trips` times, each time waiting for them to come back. */
export async function execRoundTrips(
  socket: string,
  container: string,
  trips: number,
  size: number,
): Promise<RoundTrips> {
  const t0 = process.hrtime.bigint();
  const id = await execCreate(socket, container, ['cat'], true);
  const h = await execStart(socket, id);
  const setupMs = since(t0) * 1000;
  if (h.status !== 101) {
    h.socket.destroy();
    return { setupMs, tripsMs: [], failures: 1 };
  }
  const demux = new Demux();
  demux.feed(h.rest);
  let wanted = 0;
  let wake: (() => void) | null = null;
  h.socket.on('data', (chunk: Buffer) => {
    demux.feed(chunk);
    if (wake && demux.payload >= wanted) {
      const w = wake;
      wake = null;
      w();
    }
  });
  h.socket.resume();
  const payload = Buffer.alloc(size, 'x');
  const tripsMs: number[] = [];
  let failures = 0;
  // Trip 0 is not timed: it waits for `cat` to start.
  for (let i = 0; i <= trips; i++) {
    wanted += size;
    const t = process.hrtime.bigint();
    const back = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve(false);
      }, 5000);
      wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    h.socket.write(payload);
    if (!(await back)) {
      failures++;
      break;
    }
    if (i > 0) tripsMs.push(since(t) * 1000);
  }
  // Stdin EOF ends `cat`; the daemon then closes the stream, and the proxy must pass that on.
  h.socket.end();
  if (!(await closed(h.socket, 5000))) {
    failures++;
    h.socket.destroy();
  }
  return { setupMs, tripsMs, failures };
}

/** Runs `head -c bytes /dev/zero` in the container and reads its output to the end over the hijacked connection. */
export async function execStream(socket: string, container: string, bytes: number): Promise<Throughput> {
  const id = await execCreate(socket, container, ['head', '-c', String(bytes), '/dev/zero'], false);
  const t0 = process.hrtime.bigint();
  const h = await execStart(socket, id);
  const demux = new Demux();
  demux.feed(h.rest);
  h.socket.on('data', (chunk: Buffer) => demux.feed(chunk));
  h.socket.resume();
  const ok = h.status === 101 && (await closed(h.socket, 60_000));
  const seconds = since(t0);
  if (!ok) h.socket.destroy();
  return {
    bytes: demux.payload,
    seconds,
    mbPerSecond: demux.payload / MB / seconds,
    failures: ok && demux.payload === bytes ? 0 : 1,
  };
}
