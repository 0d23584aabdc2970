// The body policy learn mode proposes from the bodies it saw (create, exec, volume create...), in plain words next to
// the proposed rules, with what it grants of the host flagged and a checkbox to save it with them.
import type { LearnPolicyProposal } from '../../../shared/protocol/learn.ts';
import { policyWords } from '../policy/policy-words.ts';

interface Props {
  readonly proposal: LearnPolicyProposal | null;
  readonly checked: boolean;
  toggle(on: boolean): void;
}

export function ProposedPolicy({ proposal, checked, toggle }: Props) {
  if (proposal === null)
    return (
      <p className="hint">
        No body policy is proposed yet: no container create, exec, volume create or other policed request was seen.
      </p>
    );
  const { bodies, dropped } = proposal;
  return (
    <div className="card proposed-policy">
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => toggle(e.target.checked)} /> Save this body policy for
        the profile
      </label>
      <p className="hint">
        The narrowest policy that admits the {bodies} distinct request bod{bodies === 1 ? 'y' : 'ies'} seen
        {dropped > 0 ? ` (${dropped} older ones were forgotten: it may not admit them)` : ''}:
      </p>
      <ul aria-label="Proposed body policy">
        {policyWords(proposal.policy).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {proposal.flags.length > 0 && (
        <ul aria-label="Body policy flags" className="flag">
          {proposal.flags.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
