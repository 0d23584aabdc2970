// What a policy panel's save came to, said under it: a notice that it is live, or the error that stopped it. The body
// policy and the answers-and-ownership panels both say it this way.
export function SaveOutcome({ outcome }: { outcome: { readonly kind: string; readonly text?: string } }) {
  if (outcome.kind === 'notice')
    return (
      <p className="bar ok" role="status">
        {outcome.text}
      </p>
    );
  if (outcome.kind === 'error')
    return (
      <p className="error-box" role="alert">
        {outcome.text}
      </p>
    );
  return null;
}
