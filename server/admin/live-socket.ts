// The live log over socket.io: the handshake passes the same guard and token as the API, then each socket watches the feed.
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts';
import type { LearnMode } from '../learn/learn-mode.ts';
import type { RequestLog } from '../log/request-log.ts';
import type { Store } from '../store/store.ts';
import type { AdminError } from './api-error.ts';
import { createLiveFeed, type Watcher } from './live-feed.ts';

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
    allowRequest: (req, callback) => {
      const refusal = deps.admit(req);
      callback(refusal === null ? null : refusal.code, refusal === null);
    },
  });
  const feed = createLiveFeed(deps.log);
  let running = true;
  io.on('connection', (socket) => {
    const watcher = watcherOf(socket);
    feed.add(watcher);
    socket.emit('learn', deps.learn.state());
    socket.on('disconnect', () => feed.remove(watcher));
  });
  deps.store.onChange((_config, revision) => {
    if (running) io.emit('revision', revision);
  });
  deps.learn.onChange((state) => {
    if (running) io.emit('learn', state);
  });
  const timer = setInterval(() => feed.tick(), TICK_MS);
  timer.unref();
  return async () => {
    running = false;
    clearInterval(timer);
    feed.stop();
    await io.close();
  };
}
