// The operations whose grant differs between two rule sets: before, after, and how risky the operation is.
import type { CoverageChange } from '../../../shared/catalog/coverage.ts';
import { ChangeBadge, changeOf, GrantBadge, OperationName, RiskBadge } from './badges.tsx';

interface Props {
  readonly changes: readonly CoverageChange[];
  readonly before: string;
  readonly after: string;
}

export function ChangesTable({ changes, before, after }: Props) {
  if (changes.length === 0) return <p className="empty">No operation changes: both grant exactly the same.</p>;
  return (
    <table className="coverage changes" aria-label="Coverage changes">
      <thead>
        <tr>
          <th>Area</th>
          <th>Operation</th>
          <th>Risk</th>
          <th>{before}</th>
          <th>{after}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr
            key={`${c.operation.method} ${c.operation.template}`}
            className={`to-${c.after} ${changeOf(c.before, c.after) ?? ''}`}
          >
            <td>{c.operation.area}</td>
            <td>
              <OperationName op={c.operation} />
              <ChangeBadge before={c.before} after={c.after} />
              <div className="summary">{c.operation.summary}</div>
            </td>
            <td>
              <RiskBadge risk={c.operation.risk} />
            </td>
            <td>
              <GrantBadge grant={c.before} />
            </td>
            <td>
              <GrantBadge grant={c.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
