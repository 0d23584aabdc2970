// The live log over socket.io: every engine.io request passes the same guard and token as the API, then each socket
// watches the feed.
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts';
import type { LearnMode } from '../learn/learn-mode.ts';
import type { RequestLog } from '../log/request-log.ts';
import type { Store } from '../store/store.ts';
import type { AdminError } from './api-error.ts';
import { throttle, type Timers } from '../../shared/timing/throttle.ts';
import { createLiveFeed, FEED_LIMITS, type Watcher } from './live-feed.ts';

/** Batches go out at most this often under load; an entry after a quiet spell goes out on the next turn. */
export const TICK_MS = 100;

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** A socket as a watcher: batches queued since the engine last flushed to the network count as unsent. */
function watcherOf(socket: LiveSocket): Watcher {
  let unsent = 0;
  socket.conn.on('flush', () => {
    unsent = 0;
  });
  return {
    send(event, batch) {
      unsent++;
      socket.emit(event, batch);
    },
    unsent: () => unsent,
    drop() {
      socket.disconnect(true);
      // disconnect() waits for the engine's buffer to drain, which a stalled reader never does: discard the transport.
      socket.conn.close(true);
    },
  };
}

export interface LiveDeps {
  readonly log: RequestLog;
  readonly store: Store;
  /** Learn mode of the --proxy-socket, pushed as `learn`. */
  readonly learn: LearnMode;
  /** The host, origin and token checks; null lets the request in. */
  readonly admit: (req: IncomingMessage) => AdminError | null;
}

export function attachLiveLog(server: HttpServer, deps: LiveDeps): () => Promise<void> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
  });
  // engine.io asks allowRequest only at the handshake: a request carrying a session id already issued (a poll, a post,
  // a websocket upgrade) would pass unchecked, so whoever learnt the sid could read the log from any page. A middleware
  // runs on every request, polling and upgrade alike, before engine.io looks at the sid.
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const refusal = deps.admit(req);
    if (refusal === null) {
      next();
      return;
    }
    // On an upgrade `res` only stands in for a response: its end() destroys the socket, which is the refusal there.
    res.writeHead(refusal.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
  });
  let running = true;
  const timers: Timers = {
    now: () => performance.now(),
    after: (ms, run) => {
      setTimeout(() => {
        if (running) run();
      }, ms).unref();
    },
  };
  const feed = createLiveFeed(
    deps.log,
    FEED_LIMITS,
    throttle(() => feed.tick(), TICK_MS, timers),
  );
  io.on('connection', (socket) => {
    const watcher = watcherOf(socket);
    feed.add(watcher);
    socket.emit('learn', deps.learn.state());
    // A change saved before this connection (between the app's first load and its socket, or while it reconnected)
    // would otherwise go unannounced until the next one.
    socket.emit('revision', deps.store.revision());
    socket.on('disconnect', () => feed.remove(watcher));
  });
  deps.store.onChange((_config, revision) => {
    if (running) io.emit('revision', revision);
  });
  deps.learn.onChange((state) => {
    if (running) io.emit('learn', state);
  });
  return async () => {
    running = false;
    feed.stop();
    await io.close();
  };
}
