// Learn mode as the app sees it: loaded once, then kept current by the live socket's `learn` events.
import { useCallback, useEffect, useState } from 'react';
import type { LearnResponse } from '../../../shared/protocol.ts';
import type { LiveSocket } from '../api/live-socket.ts';
import { learnApi } from './learn-api.ts';

export interface LearnModel {
  readonly learn: LearnResponse | null;
  /** Fetches state and proposals again (the proposals grow with every would-deny request, which is not pushed). */
  refresh(): Promise<void>;
  set(next: LearnResponse): void;
}

export function useLearn(live: LiveSocket | null, loggedIn: boolean): LearnModel {
  const [learn, setLearn] = useState<LearnResponse | null>(null);
  const refresh = useCallback(async () => {
    try { setLearn(await learnApi.get()); } catch { /* the rules screen already says when doxy is unreachable */ }
  }, []);
  useEffect(() => { if (loggedIn) void refresh(); }, [loggedIn, refresh]);
  useEffect(() => live?.onLearn(() => { void refresh(); }), [live, refresh]);
  return { learn, refresh, set: setLearn };
}
