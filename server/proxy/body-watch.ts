// Cuts requests whose promised body stops arriving (a Content-Length never met, a chunked body never ended): no byte
// from the client for `idleMs` while doxy waits for one gets 408 and the connection is closed. A body the daemon is
// slow to take is not the client's fault: while a full buffer of it waits unread in doxy, the clock does not run.
// Under pressure (others wait for a place at the daemon, or for a connection) a stalled body gets only `crowdedMs`:
// a flood of them then frees its places within a second or two instead of shutting everyone out for `idleMs`.
// One timer per server checks every watched request, as Node checks its headers timeout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfter, deny } from './deny.ts';
import type { ProxyResponse } from './messages.ts';

export function bodyStalledMessage(idleMs: number): string {
  return `doxy: the request body stalled: no byte of it came for ${Math.round(idleMs / 1000)} s`;
}

interface Watched {
  readonly res: ServerResponse;
  bytes: number;
  since: number;
}

export interface BodyWatch {
  /** Watches `req` until its body is complete or its connection is gone. */
  watch(req: IncomingMessage, res: ServerResponse): void;
  stop(): void;
}

export interface BodyWatchOptions {
  readonly idleMs: number;
  readonly crowdedMs: number;
  readonly everyMs: number;
  /** Whether others wait for what stalled requests hold. */
  readonly crowded: () => boolean;
}

export function createBodyWatch({ idleMs, crowdedMs, everyMs, crowded }: BodyWatchOptions): BodyWatch {
  const watched = new Map<IncomingMessage, Watched>();
  let timer: NodeJS.Timeout | null = null;

  const stalled = (req: IncomingMessage, res: ServerResponse, forMs: number): void => {
    watched.delete(req);
    // What was sent on to the daemon is cut, never left waiting for the rest of the body.
    (res as ProxyResponse).exchange?.upstreamRequest?.destroy();
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    const x = (res as ProxyResponse).exchange;
    if (x) x.status = 408;
    deny(res, 408, bodyStalledMessage(forMs), true);
    closeAfter(req.socket);
  };

  const check = (): void => {
    const now = performance.now();
    const allowedMs = crowded() ? crowdedMs : idleMs;
    for (const [req, w] of watched) {
      if (req.complete || req.socket.destroyed || w.res.destroyed) {
        watched.delete(req);
        continue;
      }
      const bytes = req.socket.bytesRead;
      // Progress, or as many bytes waiting for doxy (or the daemon) to take them as the request buffers: the client
      // is not the one stalling. A few bytes buffered (a request waiting for its turn) do not count.
      if (bytes !== w.bytes || req.readableLength >= req.readableHighWaterMark) {
        w.bytes = bytes;
        w.since = now;
      } else if (now - w.since >= allowedMs) stalled(req, w.res, now - w.since);
    }
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  return {
    watch(req, res) {
      watched.set(req, { res, bytes: req.socket.bytesRead, since: performance.now() });
      if (!timer) {
        timer = setInterval(check, everyMs);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      watched.clear();
    },
  };
}
