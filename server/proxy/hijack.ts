// Docker's hijacked streams (attach, exec start: `Connection: Upgrade`, `Upgrade: tcp`, then 101 and raw bytes both ways).
// The request is decided exactly as an ordinary one; raw bytes flow only after the daemon itself answered 101,
// so a request pipelined behind a refused or failed upgrade can never reach the daemon unchecked.
import { request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { busyMessage, type DaemonGate } from './daemon-gate.ts';
import { bodyStalledMessage, type BodyWatch } from './body-watch.ts';
import { closeAfter, denyRaw } from './deny.ts';
import { copyHeaders, unreachable } from './forward.ts';
import type { Framing } from './framing.ts';

const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

/** Upgrade requests carry a small JSON body at most (exec start); more is refused rather than buffered. */
export const MAX_UPGRADE_BODY = 1024 * 1024;

export interface HijackResult {
  status: number;
  bytes: number;
  upstreamError: boolean;
}

function rawHead(res: IncomingMessage, extra: string[]): string {
  const lines = [`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}`];
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (
      extra.length > 0 &&
      (name === 'connection' || name === 'transfer-encoding' || name === 'content-length' || name === 'keep-alive')
    )
      continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  return `${[...lines, ...extra].join('\r\n')}\r\n\r\n`;
}

class BodyStalled extends Error {
  constructor(readonly stalledMs: number) {
    super('body stalled');
  }
}

/**
 * Reads exactly `length` body bytes from `head` and then the socket; returns the body and whatever came after it.
 * Rejects with BodyStalled when `bodies` finds that no byte came for the time allowed.
 */
function readBody(
  socket: Duplex,
  head: Buffer,
  length: number,
  bodies: BodyWatch,
): Promise<{ body: Buffer; rest: Buffer }> {
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  return new Promise((resolve, reject) => {
    const chunks = [head];
    let have = head.length;
    const stop = (): void => {
      unwatch();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
    };
    const unwatch = bodies.watch(socket as Socket, {
      over: () => false,
      // The socket flows into onData: nothing waits unread in doxy.
      buffered: () => false,
      stalled: (stalledMs) => {
        stop();
        reject(new BodyStalled(stalledMs));
      },
    });
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      have += chunk.length;
      if (have >= length) {
        stop();
        socket.pause();
        const all = Buffer.concat(chunks);
        resolve({ body: all.subarray(0, length), rest: all.subarray(length) });
      }
    };
    const onEnd = (): void => {
      stop();
      reject(new Error('client closed before sending the whole body'));
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    // The caller paused the socket, and a paused stream stays paused when a 'data' listener is added.
    socket.resume();
  });
}

/** The client's headers for the daemon, Connection and Upgrade included, with the body length doxy read. */
function upgradeHeaders(req: IncomingMessage, length: number): Record<string, string | string[]> {
  const headers = copyHeaders(req, FRAMING_HEADERS);
  // Say the body's length outright, so Node never re-frames it as chunked ahead of the hijack.
  if (length > 0 || (req.method !== 'GET' && req.method !== 'HEAD')) headers['Content-Length'] = String(length);
  return headers;
}

/** Waits for a place at the daemon; false when the queue is full. */
function enter(gate: DaemonGate): Promise<boolean> {
  return new Promise((resolve) => {
    if (!gate.enter(() => resolve(true))) resolve(false);
  });
}

/**
 * Forwards an upgrade request that was allowed for `target`; resolves when the connection is over. The request holds
 * a place at the daemon (`gate`) until the daemon answers; a body that stalls (see `bodies`) is answered 408.
 */
export async function hijack(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: string,
  framing: Framing,
  dockerSocket: string,
  gate: DaemonGate,
  bodies: BodyWatch,
): Promise<HijackResult> {
  const result: HijackResult = { status: 0, bytes: 0, upstreamError: false };
  const fail = (status: number, message: string): HijackResult => {
    result.status = status;
    result.bytes = denyRaw(socket, status, message);
    return result;
  };
  if (framing.kind === 'chunked')
    return fail(400, 'doxy: refused upgrade request with Transfer-Encoding (send Content-Length)');
  const length = framing.kind === 'length' ? framing.length : 0;
  if (length > MAX_UPGRADE_BODY) return fail(413, `doxy: upgrade request body over ${MAX_UPGRADE_BODY} bytes`);

  socket.pause();
  let body: Buffer;
  let rest: Buffer;
  try {
    ({ body, rest } = await readBody(socket, head, length, bodies));
  } catch (error) {
    if (error instanceof BodyStalled) return fail(408, bodyStalledMessage(error.stalledMs));
    socket.destroy();
    result.status = 400;
    return result;
  }
  if (!(await enter(gate))) return fail(503, busyMessage(gate));
  let holding = true;
  const answered = (): void => {
    if (holding) {
      holding = false;
      gate.leave();
    }
  };
  if (socket.destroyed) {
    answered();
    return result;
  }

  return new Promise<HijackResult>((resolve) => {
    const upstream = request({
      method: req.method,
      path: target,
      headers: upgradeHeaders(req, length),
      createConnection: () => connect({ path: dockerSocket, allowHalfOpen: true }),
    });
    upstream.on('upgrade', (res, up: Duplex, upHead: Buffer) => {
      answered();
      result.status = res.statusCode ?? 101;
      socket.write(rawHead(res, []));
      if (upHead.length > 0) {
        socket.write(upHead);
        result.bytes += upHead.length;
      }
      if (rest.length > 0) up.write(rest);
      up.on('data', (chunk: Buffer) => {
        result.bytes += chunk.length;
      });
      // Half-close both ways: stdin EOF reaches the process and its remaining output still comes back.
      socket.pipe(up);
      up.pipe(socket);
      socket.resume();
      let closed = 0;
      const done = (): void => {
        if (++closed === 2) resolve(result);
      };
      const destroyBoth = (): void => {
        socket.destroy();
        up.destroy();
      };
      socket.on('error', destroyBoth);
      up.on('error', destroyBoth);
      socket.once('close', () => {
        up.destroy();
        done();
      });
      // The daemon ended the stream: end the client's side too, then close it (the server keeps sockets half-open).
      up.once('close', () => {
        closeAfter(socket);
        done();
      });
    });
    upstream.on('response', (res) => {
      answered();
      // Not hijacked (an error, or a route that does not upgrade): relay it and close, so nothing else rides on this connection.
      result.status = res.statusCode ?? 502;
      socket.write(rawHead(res, ['Connection: close']));
      res.on('data', (chunk: Buffer) => {
        result.bytes += chunk.length;
      });
      // Whatever the client sent after this request is never read: the connection closes once the answer is out.
      res.pipe(socket, { end: false });
      res.once('end', () => closeAfter(socket));
      res.on('error', () => socket.destroy());
      socket.once('close', () => {
        res.destroy();
        resolve(result);
      });
    });
    upstream.on('error', (error) => {
      answered();
      result.upstreamError = true;
      fail(502, unreachable(dockerSocket, error));
      resolve(result);
    });
    upstream.end(body);
  });
}
