// Learn mode: while on, requests the rules would deny are forwarded anyway and recorded, so that a rule set
// can be proposed from what the agent really does. It ends by itself at its deadline.
import { propose, type Observation, type Proposal } from '../../shared/learn/propose.ts';

export interface LearnState {
  readonly active: boolean;
  /** ISO time learn mode ends by itself, or null for no deadline. */
  readonly until: string | null;
  readonly since: string | null;
  readonly seen: number;
}

export interface LearnMode {
  /** Whether a request the rules deny should be forwarded now (checks the deadline). */
  active(): boolean;
  start(until: Date | null): void;
  stop(): void;
  /** Records a request that was forwarded only because learn mode is on. */
  observe(o: Observation): void;
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
  const listeners: ((s: LearnState) => void)[] = [];

  const state = (): LearnState => ({ active: on, until: until?.toISOString() ?? null, since: since?.toISOString() ?? null, seen: seen.size });
  const changed = (): void => { for (const l of listeners) l(state()); };

  const mode: LearnMode = {
    active() {
      if (on && until !== null && now() >= until) { on = false; changed(); }
      return on;
    },
    start(deadline) {
      on = true;
      until = deadline;
      since = now();
      changed();
    },
    stop() {
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
    state,
    proposals() {
      return propose([...seen.values()].map(({ o, count }) => ({ ...o, count })));
    },
    clear() { seen.clear(); changed(); },
    onChange(l) { listeners.push(l); },
  };
  return mode;
}
