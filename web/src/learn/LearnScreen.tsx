// The Learn screen: start (with an optional deadline) and stop learn mode, review the proposal, accept the chosen rules
// and the proposed body policy.
import { useEffect, useState, type ReactNode } from 'react';
import type { LearnProposal } from '../../../shared/protocol/learn.ts';
import { ApiFailure } from '../api/client.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { learnApi } from './learn-api.ts';
import { DEFAULT_LEARN_MINUTES } from '../../../shared/learn/deadline.ts';
import { untilText } from './LearnBanner.tsx';
import { proposalKey, ProposalTable } from './ProposalTable.tsx';
import { ProposedPolicy } from './ProposedPolicy.tsx';
import type { LearnModel } from './use-learn.ts';

/** While learning, the proposal is fetched again this often (would-deny requests are not pushed one by one). */
const POLL_MS = 3000;

export function LearnScreen({ model, learn, picker }: { model: RulesModel; learn: LearnModel; picker: ReactNode }) {
  const [minutes, setMinutes] = useState('');
  const [choice, setChoice] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [policyChosen, setPolicyChosen] = useState(true);
  const state = learn.learn?.state ?? null;
  const proposals = learn.learn?.proposals ?? [];
  const active = state?.active ?? false;
  const { refresh } = learn;

  useEffect(() => {
    void refresh();
    if (!active) return undefined;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  // Root-level grants and operations outside the catalog are never ticked for the user: they have to choose them.
  const isChecked = (p: LearnProposal): boolean => choice.get(proposalKey(p)) ?? p.preselected;
  const chosen = proposals.filter(isChecked);
  const proposedPolicy = learn.learn?.policy ?? null;
  const savePolicy = policyChosen && proposedPolicy !== null;
  const [noDeadline, setNoDeadline] = useState(false);
  // Empty: the server's default deadline (DEFAULT_LEARN_MINUTES).
  const minutesValue = noDeadline ? null : minutes.trim() === '' ? undefined : Number(minutes);
  const minutesBad = typeof minutesValue === 'number' && !(minutesValue > 0 && minutesValue <= 10080);

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiFailure || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    run(async () => {
      learn.set(await learnApi.start(learn.socket, minutesValue));
    });
  const stop = () =>
    run(async () => {
      learn.set(await learnApi.stop(learn.socket));
    });
  const accept = () =>
    run(async () => {
      const policy = savePolicy ? proposedPolicy.policy : null;
      const saved = await learnApi.accept(learn.socket, model.saved?.revision ?? 0, chosen, policy);
      setChoice(new Map());
      setNotice(
        `Saved ${saved.added.length} learned rule${saved.added.length === 1 ? '' : 's'}${policy ? ' and the body policy' : ''} as revision ${saved.revision}. Learn mode is off: the rules are enforced.` +
          (saved.stillDenied.length > 0 ? ` Still denied by an earlier rule: ${saved.stillDenied.join(', ')}.` : ''),
      );
      await learn.refresh();
    });

  return (
    <section aria-label="Learn">
      <div className="section-head">
        <h2>Learn</h2>
        {picker}
      </div>
      <p className="hint">
        In learn mode a socket forwards requests its rules would deny and records them. Run your agent for a while, then
        accept the rules it needs: they go into the profile the socket is bound to, and the socket goes back to
        enforcing.
      </p>
      <div className="card learn-state">
        {active && state ? (
          <div className="inline">
            <span>
              <strong>Learn mode is on</strong> since{' '}
              {new Date(state.since ?? '').toLocaleTimeString([], { hour12: false })}; {state.seen} distinct requests
              seen; {untilText(state.until)}.
            </span>
            <button type="button" disabled={busy} onClick={() => void stop()}>
              Stop learn mode
            </button>
            <button type="button" onClick={() => void refresh()}>
              Refresh
            </button>
          </div>
        ) : (
          <div className="inline">
            <span>
              <strong>Learn mode is off</strong>: the rules are enforced.
            </span>
            <label>
              Deadline in minutes{' '}
              <input
                aria-label="Deadline in minutes"
                inputMode="decimal"
                placeholder={String(DEFAULT_LEARN_MINUTES)}
                size={6}
                value={minutes}
                disabled={noDeadline}
                aria-invalid={minutesBad}
                onChange={(e) => setMinutes(e.target.value)}
              />
            </label>
            <label>
              <input type="checkbox" checked={noDeadline} onChange={(e) => setNoDeadline(e.target.checked)} /> no
              deadline
            </label>
            <button type="button" className="primary" disabled={busy || minutesBad} onClick={() => void start()}>
              Start learn mode
            </button>
            <p className="warning" role="note">
              While learn mode runs the socket is open: a client on it may do anything no deny rule refuses, root on the
              host included. Keep it short.
            </p>
          </div>
        )}
      </div>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="bar ok" role="status">
          {notice}
        </p>
      )}
      <h3>Proposed rules</h3>
      <ProposalTable
        proposals={proposals}
        isChecked={isChecked}
        toggle={(p, on) => setChoice((c) => new Map(c).set(proposalKey(p), on))}
      />
      <h3>Proposed body policy</h3>
      <ProposedPolicy proposal={proposedPolicy} checked={policyChosen} toggle={setPolicyChosen} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy || (chosen.length === 0 && !savePolicy) || model.saved === null}
          onClick={() => void accept()}
        >
          Accept {chosen.length} selected rule{chosen.length === 1 ? '' : 's'}
          {savePolicy ? ' and the body policy' : ''}
        </button>
        <span className="hint">
          Accepted rules are appended to revision {model.saved?.revision ?? '…'} as allow rules; what was seen is then
          forgotten.
        </span>
      </div>
    </section>
  );
}
