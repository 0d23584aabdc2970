// Says on stdout when learn mode starts and ends, so that the operator's terminal shows the socket is not enforcing.
import type { LearnState } from '../../shared/protocol/learn.ts';
import type { LearnMode } from './learn-mode.ts';

/** `socket`: named for a socket other than the --proxy-socket. */
export function formatLearnLine(s: LearnState, socket: string | null = null): string {
  const on = socket === null ? '' : ` on ${socket}`;
  return s.active
    ? `doxy: LEARN MODE${on}: requests no rule allows are forwarded and recorded as "would deny" (${s.until ? `until ${s.until}` : 'no deadline'}); an explicit deny rule still denies; review and accept the proposed rules in the admin app\n` +
        `doxy: WARNING: the socket${on} is open while learn mode runs: a client on it may do anything no deny rule refuses, root on the host included; keep it short\n`
    : `doxy: learn mode${on} is off: the rules are enforced\n`;
}

export function announceLearnMode(
  learn: LearnMode,
  out: { write(s: string): unknown } = process.stdout,
  socket: string | null = null,
): void {
  // A change of state or deadline is news; clearing what was seen is not.
  const key = (s: LearnState): string => `${s.active} ${s.since} ${s.until}`;
  let was = key(learn.state());
  learn.onChange((s) => {
    if (key(s) !== was) out.write(formatLearnLine(s, socket));
    was = key(s);
  });
}
