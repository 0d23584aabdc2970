// Cuts requests whose promised body stops arriving (a Content-Length never met, a chunked body never ended, an upgrade
// request's body): no byte from the client for `idleMs` while doxy waits for one, and the watcher's owner answers 408
// and closes the connection. A body the daemon is slow to take is not the client's fault: while a full buffer of it
// waits unread in doxy, the clock does not run.
// Under pressure (others wait for a place at the daemon, or for a connection) a stalled body gets only `crowdedMs`:
// a flood of them then frees its places within a second or two instead of shutting everyone out for `idleMs`.
// One timer per server checks every watched body, as Node checks its headers timeout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { closeAfter, deny } from './deny.ts';
import type { ProxyResponse } from './messages.ts';

export function bodyStalledMessage(stalledMs: number): string {
  return `doxy: the request body stalled: no byte of it came for ${Math.round(stalledMs / 1000)} s`;
}

export interface WatchedBody {
  /** The body is complete (or no longer awaited): stop watching. */
  readonly over: () => boolean;
  /** Bytes the client sent wait in doxy: the client is not the one stalling. */
  readonly buffered: () => boolean;
  /** Called once when no byte came for the time allowed. */
  readonly stalled: (stalledMs: number) => void;
}

interface Entry {
  readonly socket: Socket;
  readonly body: WatchedBody;
  bytes: number;
  since: number;
}

export interface BodyWatch {
  /** Watches the body arriving on `socket`; returns a function that stops watching it. */
  watch(socket: Socket, body: WatchedBody): () => void;
}

export interface BodyWatchOptions {
  readonly idleMs: number;
  readonly crowdedMs: number;
  readonly everyMs: number;
  /** Whether others wait for what stalled requests hold. */
  readonly crowded: () => boolean;
}

export function createBodyWatch({ idleMs, crowdedMs, everyMs, crowded }: BodyWatchOptions): BodyWatch {
  const watched = new Set<Entry>();
  let timer: NodeJS.Timeout | null = null;

  const check = (): void => {
    const now = performance.now();
    const allowedMs = crowded() ? crowdedMs : idleMs;
    for (const e of watched) {
      if (e.body.over() || e.socket.destroyed) {
        watched.delete(e);
        continue;
      }
      const bytes = e.socket.bytesRead;
      if (bytes !== e.bytes || e.body.buffered()) {
        e.bytes = bytes;
        e.since = now;
      } else if (now - e.since >= allowedMs) {
        watched.delete(e);
        e.body.stalled(now - e.since);
      }
    }
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  return {
    watch(socket, body) {
      const e: Entry = { socket, body, bytes: socket.bytesRead, since: performance.now() };
      watched.add(e);
      if (!timer) {
        timer = setInterval(check, everyMs);
        timer.unref();
      }
      return () => {
        watched.delete(e);
      };
    },
  };
}

/** Watches an ordinary request's body: when it stalls, what went to the daemon is cut and the client gets 408. */
export function watchRequestBody(bodies: BodyWatch, req: IncomingMessage, res: ServerResponse): void {
  bodies.watch(req.socket as Socket, {
    over: () => req.complete || res.destroyed,
    // As many bytes as the request buffers wait unread (a few, of a request waiting for its turn, do not count).
    buffered: () => req.readableLength >= req.readableHighWaterMark,
    stalled: (stalledMs) => {
      // What was sent on to the daemon is cut, never left waiting for the rest of the body.
      (res as ProxyResponse).exchange?.upstreamRequest?.destroy();
      if (res.headersSent) {
        req.socket.destroy();
        return;
      }
      const x = (res as ProxyResponse).exchange;
      if (x) x.status = 408;
      deny(res, 408, bodyStalledMessage(stalledMs), true);
      closeAfter(req.socket);
    },
  });
}
