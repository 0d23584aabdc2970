// Says on stdout when learn mode starts and ends, so that the operator's terminal shows the socket is not enforcing.
import type { LearnState } from '../../shared/protocol.ts';
import type { LearnMode } from './learn-mode.ts';

export function formatLearnLine(s: LearnState): string {
  return s.active
    ? `doxy: LEARN MODE: requests the rules deny are forwarded and recorded as "would deny" (${s.until ? `until ${s.until}` : 'no deadline'}); review and accept the proposed rules in the admin app\n` +
        'doxy: WARNING: the socket is open while learn mode runs: a client on it may do anything no deny rule refuses, root on the host included; keep it short\n'
    : 'doxy: learn mode is off: the rules are enforced\n';
}

export function announceLearnMode(learn: LearnMode, out: { write(s: string): unknown } = process.stdout): void {
  // A change of state or deadline is news; clearing what was seen is not.
  const key = (s: LearnState): string => `${s.active} ${s.since} ${s.until}`;
  let was = key(learn.state());
  learn.onChange((s) => {
    if (key(s) !== was) out.write(formatLearnLine(s));
    was = key(s);
  });
}
