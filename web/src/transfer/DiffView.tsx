// What an import would change: rules added, removed and changed (by id), and whether the order changes.
import type { RuleDiff } from '../../../shared/protocol/transfer.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { methodsText } from '../rules/rule-check.ts';

function RuleLine({ rule }: { rule: Rule }) {
  return (
    <>
      <code>{rule.id}</code>: <span className={`badge ${rule.action}`}>{rule.action}</span> {methodsText(rule.methods)}{' '}
      <code>{rule.pattern}</code>
      {rule.enabled ? '' : ' (disabled)'}
    </>
  );
}

/** `label` names the list (an import's by default); `same` is what it says when nothing changes. */
export function DiffView({
  diff,
  label = 'Import changes',
  same = 'No change: the file holds the current rules.',
}: {
  diff: RuleDiff;
  label?: string;
  same?: string;
}) {
  const none = diff.added.length + diff.removed.length + diff.changed.length === 0 && !diff.reordered;
  return (
    <div className="diff" aria-label={label}>
      {none && <p>{same}</p>}
      {diff.added.length > 0 && (
        <>
          <h4>Added ({diff.added.length})</h4>
          <ul className="added">
            {diff.added.map((r) => (
              <li key={r.id}>
                <RuleLine rule={r} />
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.removed.length > 0 && (
        <>
          <h4>Removed ({diff.removed.length})</h4>
          <ul className="removed">
            {diff.removed.map((r) => (
              <li key={r.id}>
                <RuleLine rule={r} />
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.changed.length > 0 && (
        <>
          <h4>Changed ({diff.changed.length})</h4>
          <ul className="changed">
            {diff.changed.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code> ({c.fields.join(', ')}): <RuleLine rule={c.before} /> → <RuleLine rule={c.after} />
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.reordered && <p>The order of the rules kept changes too (the first matching rule decides).</p>}
    </div>
  );
}
