// One area of the catalog: each operation with its risk (and whether its answers are redacted), what the rules grant
// of it, and the rules that decide.
import type { AreaGrants, OperationGrant } from '../../../shared/protocol/coverage.ts';
import { GrantBadge, OperationName, RedactionBadge, RiskBadge, ruleIds } from './badges.tsx';

/** `redaction`: whether the operations whose answers carry secrets say if they are redacted (once that is known). */
export function AreaTable({
  area,
  shown,
  redaction,
}: {
  area: AreaGrants;
  shown: readonly OperationGrant[];
  redaction: boolean;
}) {
  const { allowed, partial, denied } = area.counts;
  return (
    <section className="area" aria-label={`Area ${area.area}`}>
      <h3>
        {area.area}{' '}
        <span className="counts">
          {allowed} allowed · {partial} partial · {denied} denied
        </span>
      </h3>
      {shown.length === 0 ? (
        <p className="hint">Nothing here matches the filter.</p>
      ) : (
        <table className="coverage">
          <thead>
            <tr>
              <th>Operation</th>
              <th>What it does</th>
              <th>Risk</th>
              <th>Grant</th>
              <th>Decided by</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={`${o.method} ${o.template}`} className={`grant-row-${o.grant}`}>
                <td>
                  <OperationName op={o} />
                </td>
                <td className="summary">{o.summary}</td>
                <td>
                  <RiskBadge risk={o.risk} bounded={o.boundedBy === 'policy'} />
                  {redaction && o.redacted !== undefined && (
                    <>
                      {' '}
                      <RedactionBadge redacted={o.redacted} />
                    </>
                  )}
                </td>
                <td>
                  <GrantBadge grant={o.grant} />
                </td>
                <td className="mono">{ruleIds(o.rules)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
