// The "Body policy" panel of the rules screen: what the profile's policy bounds, in plain words, or what having none
// means; adding one (from the strictest), editing, removing, each saved on top of the revision it started from.
import { useEffect, useState } from 'react';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { PolicyResponse } from '../../../shared/protocol/policy.ts';
import type { Problem } from '../../../shared/rules/types.ts';
import { PolicyEditor } from './PolicyEditor.tsx';
import { policyWords } from './policy-words.ts';
import type { PolicyModel, PolicySave } from './use-policy.ts';
import './policy.css';
import { SaveOutcome } from './SaveOutcome.tsx';

interface Editing {
  /** The saved state the edit started from: its revision is the one the save goes on top of. */
  readonly base: PolicyResponse;
  readonly initial: BodyPolicy;
}

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'notice'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string; readonly problems: readonly Problem[] }
  | { readonly kind: 'conflict'; readonly theirs: number; readonly pending: BodyPolicy | null };

export function PolicyPanel({ model }: { model: PolicyModel }) {
  const { saved, profile } = model;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [saving, setSaving] = useState(false);
  const [removing, setRemoving] = useState(false);
  useEffect(() => {
    setEditing(null);
    setRemoving(false);
    setOutcome({ kind: 'none' });
  }, [profile]);

  const save = async (base: PolicyResponse, policy: BodyPolicy | null, force = false): Promise<void> => {
    setSaving(true);
    const result: PolicySave = await model.save(base, policy, force);
    setSaving(false);
    if (result.kind === 'saved') {
      setEditing(null);
      setOutcome({
        kind: 'notice',
        text:
          policy === null
            ? `Body policy removed (revision ${result.state.revision}): bodies on profile ${profile} are forwarded unread.`
            : `Body policy saved as revision ${result.state.revision}: the sockets bound to profile ${profile} check bodies with it now.`,
      });
    } else if (result.kind === 'invalid') {
      setOutcome({ kind: 'error', text: `Not saved: ${result.message}`, problems: result.problems });
    } else if (result.kind === 'conflict') {
      setOutcome({ kind: 'conflict', theirs: result.theirs.revision, pending: policy });
    } else {
      setOutcome({ kind: 'error', text: `Not saved: ${result.message}`, problems: [] });
    }
  };

  if (saved === null)
    return (
      <section className="policy" aria-label="Body policy">
        <h3>Body policy</h3>
        <p className="hint" role="status">
          {model.loadError
            ? `Cannot load the body policy: ${model.loadError}`
            : `Loading the body policy of ${profile}…`}
        </p>
      </section>
    );

  const current = saved.policy;
  return (
    <section className="policy" aria-label="Body policy">
      <div className="section-head">
        <h3>Body policy</h3>
        {!editing && current === null && (
          <button
            type="button"
            className="primary"
            onClick={() => setEditing({ base: saved, initial: CI_RUNNER_POLICY })}
          >
            Add a policy
          </button>
        )}
        {!editing && current !== null && (
          <>
            <button type="button" onClick={() => setEditing({ base: saved, initial: current })}>
              Edit policy
            </button>
            <button type="button" className="danger" disabled={saving} onClick={() => setRemoving(true)}>
              Remove policy
            </button>
          </>
        )}
      </div>
      {current === null ? (
        <p className="policy-none">
          Profile {profile} has no body policy: create, exec and volume bodies are not checked, so a create grant is
          root on the host (a body can ask for <code>--privileged</code>, <code>-v /:/host</code>,{' '}
          <code>--pid host</code>).
          {editing ? ' The new policy starts from the strictest: nothing of the host.' : ''}
        </p>
      ) : (
        <ul className="policy-words" aria-label="What the body policy allows">
          {policyWords(current).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {removing && current !== null && (
        <div className="bar conflict" role="alertdialog" aria-label="Remove the body policy">
          <span>
            Without a body policy, the create, exec and volume bodies of profile {profile} are forwarded unread: a
            create grant is root on the host again.
          </span>
          <button
            type="button"
            className="danger"
            disabled={saving}
            onClick={() => {
              setRemoving(false);
              void save(saved, null);
            }}
          >
            Remove it
          </button>
          <button type="button" onClick={() => setRemoving(false)}>
            Keep it
          </button>
        </div>
      )}
      <SaveOutcome outcome={outcome} />
      {outcome.kind === 'conflict' && (
        <div className="bar conflict" role="alert">
          <span>
            Revision {outcome.theirs} changed the body policy of profile {profile} after you started. Nothing of yours
            was saved, and your edits are still here.
          </span>
          <button
            type="button"
            className="primary"
            disabled={saving}
            onClick={() => void save(editing?.base ?? saved, outcome.pending, true)}
          >
            Save mine over revision {outcome.theirs}
          </button>
          <button
            type="button"
            disabled={saving}
            onClick={() => {
              setEditing(null);
              setOutcome({ kind: 'none' });
            }}
          >
            Discard mine
          </button>
        </div>
      )}
      {editing && (
        <PolicyEditor
          key={`${profile} ${editing.base.revision}`}
          initial={editing.initial}
          problems={outcome.kind === 'error' ? outcome.problems : []}
          saving={saving}
          onSave={(policy) => void save(editing.base, policy)}
          onCancel={() => {
            setEditing(null);
            setOutcome({ kind: 'none' });
          }}
        />
      )}
    </section>
  );
}
