// The body policy learn mode proposes, computed on the worker thread from the bodies it saw and kept until they change:
// the Learn screen asks again at every change of state, and a CI agent sends the same bodies over and over.
import type { LearnPolicyProposal } from '../../shared/protocol/learn.ts';
import type { LearnMode } from '../learn/learn-mode.ts';
import type { OffThread } from './off-thread.ts';

const proposed = new WeakMap<LearnMode, { version: number; answer: Promise<LearnPolicyProposal | null> }>();

/** Null while no policed body was seen. */
export function proposedPolicy(offThread: OffThread, learn: LearnMode): Promise<LearnPolicyProposal | null> {
  const version = learn.bodies.version();
  const known = proposed.get(learn);
  if (known?.version === version) return known.answer;
  const bodies = learn.bodies.list();
  const answer =
    bodies.length === 0 ? Promise.resolve(null) : offThread.run('proposePolicy', bodies, learn.bodies.dropped());
  proposed.set(learn, { version, answer });
  // A failed job (busy, worker restarted) is asked again next time.
  answer.catch(() => {
    if (proposed.get(learn)?.answer === answer) proposed.delete(learn);
  });
  return answer;
}
