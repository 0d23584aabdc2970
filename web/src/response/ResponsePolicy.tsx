// The "Answers and ownership" panel, on the rules and coverage screens: whether the profile redacts secrets in the
// daemon's answers and whether it is scoped to what it made, each turned on or off after a confirmation.
import { useEffect, useState } from 'react';
import type { ResponsePolicyModel, ResponseSetting, ResponseState } from './use-response-policy.ts';
import { SaveOutcome } from '../policy/SaveOutcome.tsx';

interface Change {
  readonly setting: ResponseSetting;
  readonly on: boolean;
}

type Outcome = { readonly kind: 'none' } | { readonly kind: 'notice' | 'error'; readonly text: string };

/** What each state means for the sockets bound to `profile`, in the panel and in the saved message. */
function meaning(setting: ResponseSetting, on: boolean, profile: string, s: ResponseState): string {
  if (setting === 'redact')
    return on
      ? 'inspect answers show each environment variable by name only (SECRET=<redacted by doxy>), and config data is hidden.'
      : 'inspect answers carry environment values (passwords, tokens) and config data as the daemon gives them.';
  return on
    ? `what profile ${profile} creates is labelled ${s.label}, and it sees and touches only that; any other container, network or volume answers as a missing one.`
    : `profile ${profile} sees and acts on every container, network and volume its rules allow.`;
}

const NAMES: Record<ResponseSetting, string> = {
  redact: 'Redaction of secrets in answers',
  scoped: 'Ownership scoping',
};

function actionLabel({ setting, on }: Change): string {
  if (setting === 'redact') return on ? 'Turn redaction on' : 'Turn redaction off';
  return on ? 'Scope this profile' : 'Stop scoping';
}

export function ResponsePolicy({ model }: { model: ResponsePolicyModel }) {
  const { state, profile } = model;
  const [asking, setAsking] = useState<Change | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setAsking(null);
    setOutcome({ kind: 'none' });
  }, [profile]);

  if (state === null)
    return (
      <section className="policy" aria-label="Answers and ownership">
        <h3>Answers and ownership</h3>
        <p className="hint" role="status">
          {model.loadError
            ? `Cannot load the answer and ownership settings: ${model.loadError}`
            : `Loading the answer and ownership settings of ${profile}…`}
        </p>
      </section>
    );

  const apply = async (change: Change): Promise<void> => {
    setAsking(null);
    setSaving(true);
    const result = await model.save(change.setting, change.on);
    setSaving(false);
    const turned = `${NAMES[change.setting]} turned ${change.on ? 'on' : 'off'}`;
    if (result.kind === 'failed') setOutcome({ kind: 'error', text: `Not saved: ${result.message}` });
    else
      setOutcome({
        kind: 'notice',
        text:
          result.kind === 'saved'
            ? `${turned} (revision ${result.revision}): on the sockets bound to profile ${profile}, ${meaning(change.setting, change.on, profile, state)}`
            : `${NAMES[change.setting]} was already ${change.on ? 'on' : 'off'} (revision ${result.revision}): nothing to save.`,
      });
  };

  const row = (setting: ResponseSetting) => {
    const on = state[setting];
    const change = { setting, on: !on };
    return (
      <li key={setting} aria-label={NAMES[setting]}>
        <strong>{NAMES[setting]}:</strong>{' '}
        <span className={`setting setting-${on ? 'on' : 'off'}`}>{on ? 'on' : 'off'}</span>
        {' — '}
        {meaning(setting, on, profile, state)}{' '}
        <button type="button" disabled={saving || asking !== null} onClick={() => setAsking(change)}>
          {actionLabel(change)}
        </button>
      </li>
    );
  };

  return (
    <section className="policy" aria-label="Answers and ownership">
      <h3>Answers and ownership</h3>
      <ul className="policy-words">
        {row('redact')}
        {row('scoped')}
      </ul>
      {asking && (
        <div className="bar conflict" role="alertdialog" aria-label={actionLabel(asking)}>
          <span>
            {actionLabel(asking)} for profile {profile}? From the next request on,{' '}
            {meaning(asking.setting, asking.on, profile, state)}
          </span>
          <button type="button" className="primary" disabled={saving} onClick={() => void apply(asking)}>
            {asking.on ? 'Turn it on' : 'Turn it off'}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            Cancel
          </button>
        </div>
      )}
      <SaveOutcome outcome={outcome} />
    </section>
  );
}
