// Learn mode: while on, requests the rules would deny are forwarded anyway and recorded, so that a rule set
// can be proposed from what the agent really does. It ends by itself at its deadline.
import { propose, type Observation, type Proposal } from '../../shared/learn/propose.ts';
import type { SeenBody } from '../../shared/learn/propose-policy.ts';
import type { LearnState } from '../../shared/protocol/learn.ts';
import { createSeenBodies, type SeenBodies } from './seen-bodies.ts';

export type { LearnState };

export interface LearnMode {
  /** Whether a request the rules deny should be forwarded now (checks the deadline). */
  active(): boolean;
  start(until: Date | null): void;
  stop(): void;
  /** Records a request that was forwarded only because learn mode is on. */
  observe(o: Observation): void;
  /** Records the body of a policed request forwarded while learning, for the body policy it proposes. */
  observeBody(b: SeenBody): void;
  /** The policed bodies seen (see seen-bodies.ts). */
  readonly bodies: Pick<SeenBodies, 'list' | 'version' | 'dropped'>;
  state(): LearnState;
  proposals(): Proposal[];
  /** Forgets what was seen (after the proposals were accepted or discarded). */
  clear(): void;
  onChange(listener: (state: LearnState) => void): void;
}

/** Distinct method+path pairs kept at most, so that a scanning client cannot grow memory without bound. */
export const MAX_OBSERVATIONS = 10_000;

export function createLearnMode(now: () => Date = () => new Date()): LearnMode {
  let on = false;
  let until: Date | null = null;
  let since: Date | null = null;
  const seen = new Map<string, { o: Observation; count: number }>();
  const bodies = createSeenBodies();
  const listeners: ((s: LearnState) => void)[] = [];
  // Ends learn mode at the deadline even when no request comes to check it, so that watchers hear of it.
  let timer: NodeJS.Timeout | null = null;
  const clearTimer = (): void => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
  };

  const state = (): LearnState => ({
    active: on,
    until: until?.toISOString() ?? null,
    since: since?.toISOString() ?? null,
    seen: seen.size,
  });
  const changed = (): void => {
    for (const l of listeners) l(state());
  };
  /** Checks the deadline when it is due (setTimeout holds ~24.8 days at most: a later one is checked again then). */
  const schedule = (): void => {
    clearTimer();
    if (!mode.active() || until === null) return;
    timer = setTimeout(schedule, Math.min(until.getTime() - now().getTime() + 5, 2 ** 31 - 1));
    timer.unref();
  };

  const mode: LearnMode = {
    active() {
      if (on && until !== null && now() >= until) {
        on = false;
        clearTimer();
        changed();
      }
      return on;
    },
    start(deadline) {
      on = true;
      until = deadline;
      since = now();
      changed();
      schedule();
    },
    stop() {
      clearTimer();
      if (!on) return;
      on = false;
      changed();
    },
    observe(o) {
      const key = `${o.method} ${o.path}`;
      const hit = seen.get(key);
      if (hit) hit.count++;
      else if (seen.size < MAX_OBSERVATIONS) seen.set(key, { o, count: 1 });
    },
    observeBody(b) {
      bodies.add(b);
    },
    bodies,
    state,
    proposals() {
      return propose([...seen.values()].map(({ o, count }) => ({ ...o, count })));
    },
    clear() {
      seen.clear();
      bodies.clear();
      changed();
    },
    onChange(l) {
      listeners.push(l);
    },
  };
  return mode;
}
