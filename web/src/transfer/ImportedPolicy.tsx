// The body policy a doxy-ruleset file gives the profile it is imported into (or takes away), in plain words.
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import '../policy/policy.css';
import { policyWords } from '../policy/policy-words.ts';

export function ImportedPolicy({ policy, profile }: { policy: BodyPolicy | null; profile: string }) {
  if (policy === null)
    return (
      <p className="policy-none">
        The file removes the body policy of profile {profile}: its create, exec and volume bodies would be forwarded
        unread.
      </p>
    );
  return (
    <div role="group" aria-label="Body policy in the file">
      <p>The file's body policy replaces the one of profile {profile}:</p>
      <ul className="policy-words">
        {policyWords(policy).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
