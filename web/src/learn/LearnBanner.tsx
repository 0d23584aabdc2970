// Shown on every screen while learn mode is on: the socket is not enforcing its rules.
import type { LearnState } from '../../../shared/protocol/learn.ts';
import './learn.css';

export function untilText(until: string | null): string {
  return until === null
    ? 'no deadline: it runs until stopped'
    : `ends by itself at ${new Date(until).toLocaleTimeString([], { hour12: false })}`;
}

export function LearnBanner({ state, socket }: { state: LearnState | null; socket: string | null }) {
  if (!state?.active) return null;
  return (
    <p className="learn-banner" role="status" aria-label="Learn mode">
      <strong>Learn mode</strong> —{' '}
      {socket ? (
        <>
          socket <code>{socket}</code>
        </>
      ) : (
        'the proxy socket'
      )}{' '}
      forwards requests its rules deny and records them ({state.seen} distinct so far; {untilText(state.until)}). The
      socket is open meanwhile: only explicit deny rules still refuse. <a href="#/learn">Review the proposed rules</a>
    </p>
  );
}
