// Learn mode of the chosen socket: loaded when chosen, then kept current by the live socket's `learn` events (pushed
// for the --proxy-socket; the Learn screen polls while another socket learns).
import { useCallback, useEffect, useState } from 'react';
import type { LearnResponse } from '../../../shared/protocol/learn.ts';
import type { LiveSocket } from '../api/live-socket.ts';
import { learnApi } from './learn-api.ts';

export interface LearnModel {
  /** The socket learning ('' for the --proxy-socket). */
  readonly socket: string;
  readonly learn: LearnResponse | null;
  /** Fetches state and proposals again (the proposals grow with every would-deny request, which is not pushed). */
  refresh(): Promise<void>;
  set(next: LearnResponse): void;
}

export function useLearn(live: LiveSocket | null, loggedIn: boolean, socket: string): LearnModel {
  const [learn, setLearn] = useState<LearnResponse | null>(null);
  const refresh = useCallback(async () => {
    try {
      setLearn(await learnApi.get(socket));
    } catch {
      /* the rules screen already says when doxy is unreachable */
    }
  }, [socket]);
  useEffect(() => {
    if (loggedIn) void refresh();
  }, [loggedIn, refresh]);
  useEffect(
    () =>
      live?.onLearn(() => {
        void refresh();
      }),
    [live, refresh],
  );
  return { socket, learn, refresh, set: setLearn };
}
