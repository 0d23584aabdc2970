// One socket.io connection for the app: log batches for the live log, new revisions for the rules editor.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events.ts';
import type { LearnState } from '../../../shared/protocol/learn.ts';
import type { LogBatch } from '../../../shared/protocol/log.ts';
import { learnState, logBatch } from './parse.ts';

export type LinkState = 'connecting' | 'live' | 'offline' | 'dropped';

export interface LiveSocket {
  onBatch(listener: (batch: LogBatch, backlog: boolean) => void): () => void;
  onRevision(listener: (revision: number) => void): () => void;
  onLearn(listener: (state: LearnState) => void): () => void;
  onState(listener: (state: LinkState) => void): () => void;
  state(): LinkState;
  reconnect(): void;
  close(): void;
}

export function connectLive(): LiveSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    transports: ['websocket', 'polling'],
  });
  const batchListeners = new Set<(batch: LogBatch, backlog: boolean) => void>();
  const revisionListeners = new Set<(revision: number) => void>();
  const stateListeners = new Set<(state: LinkState) => void>();
  const learnListeners = new Set<(state: LearnState) => void>();
  let state: LinkState = 'connecting';
  const setState = (next: LinkState): void => {
    state = next;
    for (const l of stateListeners) l(next);
  };
  const deliver = (payload: unknown, backlog: boolean): void => {
    const parsed = logBatch.safeParse(payload);
    if (parsed.success) for (const l of batchListeners) l(parsed.data, backlog);
  };
  socket.on('connect', () => setState('live'));
  // The server drops a client that cannot keep up; socket.io does not reconnect by itself then.
  socket.on('disconnect', (reason) => setState(reason === 'io server disconnect' ? 'dropped' : 'offline'));
  socket.on('connect_error', () => setState('offline'));
  socket.on('backlog', (b) => deliver(b, true));
  socket.on('entries', (b) => deliver(b, false));
  socket.on('revision', (r) => {
    if (typeof r === 'number') for (const l of revisionListeners) l(r);
  });
  socket.on('learn', (s) => {
    const p = learnState.safeParse(s);
    if (p.success) for (const l of learnListeners) l(p.data);
  });
  const listen = <T>(set: Set<T>, l: T): (() => void) => {
    set.add(l);
    return () => {
      set.delete(l);
    };
  };
  return {
    onBatch: (l) => listen(batchListeners, l),
    onRevision: (l) => listen(revisionListeners, l),
    onLearn: (l) => listen(learnListeners, l),
    onState: (l) => listen(stateListeners, l),
    state: () => state,
    reconnect: () => {
      setState('connecting');
      socket.connect();
    },
    close: () => {
      batchListeners.clear();
      revisionListeners.clear();
      stateListeners.clear();
      learnListeners.clear();
      socket.close();
    },
  };
}
