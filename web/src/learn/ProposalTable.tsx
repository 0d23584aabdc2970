// The proposed rules, one per endpoint, each with a checkbox: what was seen, how often, and how risky granting it is.
import type { LearnProposal } from '../../../shared/protocol/learn.ts';

export const proposalKey = (p: LearnProposal): string => `${p.method} ${p.pattern}`;

const RISK_HINT: Record<LearnProposal['risk'], string> = {
  read: 'metadata only',
  'secret-read': 'may reveal secrets or whole filesystems',
  write: 'changes state',
  root: 'equals root on the host',
  unknown: 'not in the Engine API catalog',
};

interface Props {
  readonly proposals: readonly LearnProposal[];
  isChecked(p: LearnProposal): boolean;
  toggle(p: LearnProposal, on: boolean): void;
}

export function ProposalTable({ proposals, isChecked, toggle }: Props) {
  return (
    <table aria-label="Proposed rules" className="proposals">
      <thead>
        <tr>
          <th aria-label="Accept" />
          <th>Method</th>
          <th>Endpoint</th>
          <th className="num">Seen</th>
          <th>Risk</th>
          <th>Examples</th>
        </tr>
      </thead>
      <tbody>
        {proposals.map((p) => (
          <tr key={proposalKey(p)}>
            <td>
              <input
                type="checkbox"
                aria-label={`accept ${p.method} ${p.summary ?? p.pattern}`}
                checked={isChecked(p)}
                onChange={(e) => toggle(p, e.target.checked)}
              />
            </td>
            <td className="mono">{p.method}</td>
            <td>
              {p.summary ?? <em>not in the catalog</em>}
              <div className="mono pattern">{p.pattern}</div>
              {p.flag && (
                <div className="flag" role="note">
                  ⚠ {p.flag}
                </div>
              )}
            </td>
            <td className="num">{p.count}</td>
            <td>
              <span className={`badge risk ${p.risk}`} title={RISK_HINT[p.risk]}>
                {p.risk}
              </span>
            </td>
            <td className="mono examples">
              {p.examples.map((x) => (
                <div key={x}>{x}</div>
              ))}
            </td>
          </tr>
        ))}
        {proposals.length === 0 && (
          <tr>
            <td colSpan={6} className="empty">
              Nothing to propose yet: requests the rules deny appear here while learn mode is on.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
