// Two rule sets side by side, area by area: what each grants of every operation, with counts for both; rows that differ stand out.
import type { Grant } from '../../../shared/catalog/coverage.ts';
import { countGrants } from '../../../shared/catalog/grants.ts';
import type { CoverageCompareResponse, GrantCounts } from '../../../shared/protocol/coverage.ts';
import { ChangeBadge, changeOf, GrantBadge, OperationName, RiskBadge, ruleIds } from './badges.tsx';

type CompareArea = CoverageCompareResponse['areas'][number];

function countsText(c: GrantCounts): string {
  return `${c.allowed} allowed · ${c.partial} partial · ${c.denied} denied`;
}

function Cell({ grant, rules }: { grant: Grant; rules: readonly (string | null)[] }) {
  return (
    <td>
      <GrantBadge grant={grant} />
      <div className="mono rule-ids">{ruleIds(rules)}</div>
    </td>
  );
}

function AreaCompare({
  area,
  labels,
  onlyDiffering,
}: {
  area: CompareArea;
  labels: readonly [string, string];
  onlyDiffering: boolean;
}) {
  const a = countGrants(area.operations.map((o) => ({ grant: o.a })));
  const b = countGrants(area.operations.map((o) => ({ grant: o.b })));
  const shown = onlyDiffering ? area.operations.filter((o) => o.a !== o.b) : area.operations;
  if (shown.length === 0 && onlyDiffering) return null;
  return (
    <section className="area" aria-label={`Compare area ${area.area}`}>
      <h3>{area.area}</h3>
      <p className="side-counts">
        <span className="side-a">
          {labels[0]}: {countsText(a)}
        </span>
        <span className="side-b">
          {labels[1]}: {countsText(b)}
        </span>
      </p>
      <table className="coverage side-by-side">
        <thead>
          <tr>
            <th>Operation</th>
            <th>What it does</th>
            <th>Risk</th>
            <th>{labels[0]}</th>
            <th>{labels[1]}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((o) => (
            <tr key={`${o.method} ${o.template}`} className={o.a === o.b ? '' : `differs ${changeOf(o.a, o.b) ?? ''}`}>
              <td>
                <OperationName op={o} />
                <ChangeBadge before={o.a} after={o.b} />
              </td>
              <td className="summary">{o.summary}</td>
              <td>
                <RiskBadge risk={o.risk} />
              </td>
              <Cell grant={o.a} rules={o.aRules} />
              <Cell grant={o.b} rules={o.bRules} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CompareTable({
  result,
  labels,
  onlyDiffering,
}: {
  result: CoverageCompareResponse;
  labels: readonly [string, string];
  onlyDiffering: boolean;
}) {
  return (
    <div role="group" aria-label="Comparison">
      {result.areas.map((a) => (
        <AreaCompare key={a.area} area={a} labels={labels} onlyDiffering={onlyDiffering} />
      ))}
    </div>
  );
}

export function differing(result: CoverageCompareResponse): number {
  return result.areas.reduce((n, a) => n + a.operations.filter((o) => o.a !== o.b).length, 0);
}
