// A minimal HTTP/1.1 client on one keep-alive unix-socket connection, so the latency measured is the server's, not node:http's.
// It reads Content-Length, chunked and until-close bodies, and hands over the raw socket after a 101 (Docker's hijack).
import { connect, type Socket } from 'node:net';

export interface Head {
  readonly status: number;
  readonly chunked: boolean;
  /** -1 when the head gives no Content-Length. */
  readonly length: number;
}

export interface Response extends Head {
  /** Decoded body bytes (without chunk framing). */
  readonly bytes: number;
  /** The body, when the request asked to keep it. */
  readonly body: Buffer | null;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const HIJACK_TIMEOUT_MS = 10_000;

/** Parses a response head at the start of `buf`; null while it is incomplete. */
export function parseHead(buf: Buffer): { head: Head; size: number } | null {
  const end = buf.indexOf(CRLFCRLF);
  if (end === -1) return null;
  const text = buf.toString('latin1', 0, end);
  const status = Number(text.slice(9, 12));
  let chunked = false;
  let length = -1;
  for (const line of text.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (name === 'content-length') length = Number(line.slice(colon + 1));
    else if (name === 'transfer-encoding')
      chunked = line
        .slice(colon + 1)
        .toLowerCase()
        .includes('chunked');
  }
  return { head: { status, chunked, length }, size: end + 4 };
}

/** Builds one request; a body is sent with Content-Length. */
export function requestBytes(method: string, target: string, body?: string, headers: readonly string[] = []): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: docker', ...headers];
  if (body !== undefined) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`, 'latin1');
}

type BodyState = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'close';

interface Pending {
  resolve(r: Response): void;
  reject(e: Error): void;
  keep: boolean;
  onData: ((chunk: Buffer) => void) | undefined;
}

export class Connection {
  private readonly socket: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private state: BodyState = 'head';
  private head: Head | null = null;
  private remaining = 0;
  private bytes = 0;
  private parts: Buffer[] = [];
  private pending: Pending | null = null;
  private closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => {
      this.closed = true;
      if (this.pending && this.state === 'close') this.finish();
      else this.fail(new Error('connection closed'));
    });
  }

  static open(path: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ path });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request and resolves with the whole response; `onData` sees each body piece as it arrives. */
  request(raw: Buffer, options: { keep?: boolean; onData?: (chunk: Buffer) => void } = {}): Promise<Response> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, keep: options.keep ?? false, onData: options.onData };
      this.socket.write(raw);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(e: Error): void {
    const p = this.pending;
    this.pending = null;
    this.closed = true;
    if (p) p.reject(e);
  }

  private body(chunk: Buffer): void {
    this.bytes += chunk.length;
    const p = this.pending;
    if (p?.keep) this.parts.push(chunk);
    if (p?.onData) p.onData(chunk);
  }

  private finish(): void {
    const p = this.pending;
    const head = this.head;
    this.pending = null;
    this.state = 'head';
    this.head = null;
    if (!p || !head) return;
    const body = p.keep ? Buffer.concat(this.parts) : null;
    this.parts = [];
    p.resolve({ ...head, bytes: this.bytes, body });
  }

  private feed(chunk: Buffer): void {
    let buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    let at = 0;
    while (at < buf.length) {
      if (this.state === 'head') {
        const parsed = parseHead(at === 0 ? buf : buf.subarray(at));
        if (!parsed) break;
        at += parsed.size;
        this.head = parsed.head;
        this.bytes = 0;
        const h = parsed.head;
        if (h.status === 204 || h.status === 304 || h.length === 0) {
          this.finish();
          continue;
        }
        if (h.chunked) this.state = 'chunk-size';
        else if (h.length > 0) {
          this.state = 'length';
          this.remaining = h.length;
        } else this.state = 'close';
      } else if (this.state === 'length' || this.state === 'chunk-data' || this.state === 'close') {
        const take = this.state === 'close' ? buf.length - at : Math.min(this.remaining, buf.length - at);
        this.body(buf.subarray(at, at + take));
        at += take;
        if (this.state === 'close') continue;
        this.remaining -= take;
        if (this.remaining === 0) {
          if (this.state === 'length') this.finish();
          else this.state = 'chunk-crlf';
        }
      } else if (this.state === 'chunk-crlf') {
        if (buf.length - at < 2) break;
        at += 2;
        this.state = 'chunk-size';
      } else {
        // chunk-size or trailers: one CRLF-terminated line.
        const eol = buf.indexOf(13, at);
        if (eol === -1 || eol + 1 >= buf.length) break;
        const line = buf.toString('latin1', at, eol);
        at = eol + 2;
        if (this.state === 'trailers') {
          if (line === '') this.finish();
          continue;
        }
        const size = parseInt(line, 16);
        if (size === 0) this.state = 'trailers';
        else {
          this.state = 'chunk-data';
          this.remaining = size;
        }
      }
    }
    buf = at >= buf.length ? Buffer.alloc(0) : buf.subarray(at);
    // Keep a copy only of a partial head or line: the socket may reuse its buffer.
    this.buf = buf.length > 0 ? Buffer.from(buf) : buf;
  }
}

/** Sends a request that asks to upgrade; resolves with the status and, after a 101, the raw socket and the bytes that followed the head. */
export function openHijack(path: string, raw: Buffer): Promise<{ status: number; socket: Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path });
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const parsed = parseHead(buf);
      if (!parsed) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      // From here the caller owns the stream; an error ends it (the caller sees 'close').
      socket.on('error', () => socket.destroy());
      socket.pause();
      resolve({ status: parsed.head.status, socket, rest: buf.subarray(parsed.size) });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer to the upgrade request'));
    }, HIJACK_TIMEOUT_MS);
    socket.on('data', onData);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.once('connect', () => socket.write(raw));
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error('closed before the answer to the upgrade request'));
    });
  });
}
