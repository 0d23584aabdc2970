// HTTP on a unix socket (doxy's or the daemon's), two ways: Node's client for ordinary requests, and exact bytes over
// a raw connection, with a reader for what came back, for what a well-behaved client never sends. Every wait is bounded.
import { request } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// ---------- Node's HTTP client ----------

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The body's bytes, for binary answers (a tar archive). */
  readonly bytes: Buffer;
}

export interface HttpOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

/** One HTTP request on a unix socket; the whole body is read (use it for bounded answers only). */
export function http(socket: string, path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        timeout: options.timeoutMs ?? 10_000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new Error(
          `${options.method ?? 'GET'} ${path} on ${socket}: no answer within ${options.timeoutMs ?? 10_000} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Only the status line and headers of a response (a stream's head); the connection is closed as soon as they arrive. */
export function httpHead(
  socket: string,
  path: string,
  timeoutMs: number,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, method, agent: false }, (res) => {
      clearTimeout(timer);
      req.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path}: no response head within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

// ---------- raw bytes ----------

export interface Parsed {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface Exchange {
  readonly data: Buffer;
  readonly text: string;
  /** The other side closed the connection (as opposed to our timeout or `until`). */
  readonly closed: boolean;
  readonly responses: readonly Parsed[];
}

export interface ExchangeOptions {
  /** Give up (and destroy the socket) after this long. */
  readonly timeoutMs?: number;
  /** Pause between the parts written. */
  readonly gapMs?: number;
  /** Stop as soon as what came back satisfies this. */
  readonly until?: (text: string) => boolean;
  /** Half-close our side after the last part. */
  readonly halfClose?: boolean;
}

/** Writes `parts` to a unix socket byte for byte and collects what comes back until close, `until` or the timeout. */
export function exchange(
  path: string,
  parts: string | Buffer | readonly (string | Buffer)[],
  options: ExchangeOptions = {},
): Promise<Exchange> {
  const list = typeof parts === 'string' || Buffer.isBuffer(parts) ? [parts] : parts;
  const { timeoutMs = 5000, gapMs = 0, until, halfClose = false } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ path });
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      resolve({ data, text: data.toString('latin1'), closed, responses: parseResponses(data) });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (until && until(Buffer.concat(chunks).toString('latin1'))) finish(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const [i, p] of list.entries()) {
          if (i > 0 && gapMs > 0) await sleep(gapMs);
          if (socket.destroyed) return;
          socket.write(p);
        }
        if (halfClose && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** Splits what came back into HTTP responses (Content-Length, chunked, or up to the close); text is read as latin1. */
export function parseResponses(received: Buffer | string): Parsed[] {
  const data = typeof received === 'string' ? Buffer.from(received, 'latin1') : received;
  const out: Parsed[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at, 'latin1');
    if (end === -1) break;
    const lines = data.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) break;
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const status = Number(m[1]);
    let pos = end + 4;
    if (status >= 100 && status < 200 && status !== 101) {
      at = pos;
      continue;
    }
    let body: Buffer;
    if (status === 101) {
      body = data.subarray(pos);
      pos = data.length;
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      body = data.subarray(pos, pos + n);
      pos += n;
    } else if ((headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const eol = data.indexOf('\r\n', pos, 'latin1');
        if (eol === -1) {
          pos = data.length;
          break;
        }
        const size = parseInt(data.subarray(pos, eol).toString('latin1'), 16);
        pos = eol + 2;
        if (!(size > 0)) {
          pos = Math.min(data.length, pos + 2);
          break;
        }
        parts.push(data.subarray(pos, pos + size));
        pos += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      body = data.subarray(pos);
      pos = data.length;
    }
    out.push({ status, headers, body });
    at = pos;
  }
  return out;
}

export function statuses(x: Exchange): number[] {
  return x.responses.map((r) => r.status);
}

/** An HTTP/1.1 request as bytes; `Content-Length` is added for a body unless `headers` frame it themselves. */
export function req(
  method: string,
  target: string,
  headers: Readonly<Record<string, string | number>> = {},
  body?: string | Buffer,
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: docker'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  const framed = Object.keys(headers).some((k) => /^(content-length|transfer-encoding)$/i.test(k));
  const b = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
  if (!framed && body !== undefined) lines.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

/** A chunked body; `ext` is written after each chunk size (e.g. `;name=value`). */
export function chunked(parts: readonly (string | Buffer)[], ext = ''): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    const b = Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1');
    out.push(Buffer.from(`${b.length.toString(16)}${ext}\r\n`, 'latin1'), b, Buffer.from('\r\n', 'latin1'));
  }
  out.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(out);
}
