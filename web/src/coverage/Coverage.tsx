// The coverage screen: what the chosen profile's rules grant of every Engine API operation, by area; or a comparison.
import { useMemo, useState } from 'react';
import { coverage } from '../../../shared/catalog/coverage.ts';
import { OPERATIONS } from '../../../shared/catalog/engine-api.ts';
import { areaGrants, countGrants } from '../../../shared/catalog/grants.ts';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { OperationGrant } from '../../../shared/protocol/coverage.ts';
import { ResponsePolicy } from '../response/ResponsePolicy.tsx';
import type { ResponsePolicyModel } from '../response/use-response-policy.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { AreaTable } from './AreaTable.tsx';
import { Compare } from './Compare.tsx';
import { compiledOrNull } from './compiled.ts';
import './coverage.css';

type Filter = 'all' | 'allowed' | 'root';

const FILTERS: Record<Filter, { label: string; keep(o: OperationGrant): boolean }> = {
  all: { label: 'All operations', keep: () => true },
  allowed: { label: 'Only allowed (in whole or in part)', keep: (o) => o.grant !== 'denied' },
  root: { label: 'Only root-equivalent', keep: (o) => o.risk === 'root' },
};

/**
 * `policy`: the profile's saved body policy (null: none), which bounds what a create grants; `response`: whether it
 * redacts answers and is scoped.
 */
export function Coverage({
  model,
  profiles,
  policy,
  response,
}: {
  model: RulesModel;
  profiles: readonly string[];
  policy: BodyPolicy | null;
  response: ResponsePolicyModel;
}) {
  const [mode, setMode] = useState<'view' | 'compare'>('view');
  const [filter, setFilter] = useState<Filter>('all');
  const set = useMemo(() => compiledOrNull(model.draft), [model.draft]);
  const redact = response.state?.redact;
  const areas = useMemo(
    () => (set ? areaGrants(coverage(set, OPERATIONS, policy), redact === true) : []),
    [set, policy, redact],
  );
  const totals = countGrants(areas.flatMap((a) => a.operations));

  // Until the saved rules arrive the draft is empty: its coverage would read as "the profile grants nothing".
  if (!model.saved)
    return (
      <section aria-label="Coverage">
        <h2>Coverage</h2>
        <p className="hint" role="status">
          {model.loadError
            ? `Could not load the rules of profile ${model.profile}.`
            : `Loading the rules of profile ${model.profile}…`}
        </p>
      </section>
    );

  return (
    <section aria-label="Coverage">
      <div className="section-head">
        <h2>Coverage</h2>
        <div className="inline" role="radiogroup" aria-label="Mode">
          <label>
            <input type="radio" name="coverage-mode" checked={mode === 'view'} onChange={() => setMode('view')} /> What{' '}
            {model.profile} grants
          </label>
          <label>
            <input type="radio" name="coverage-mode" checked={mode === 'compare'} onChange={() => setMode('compare')} />{' '}
            Compare
          </label>
        </div>
      </div>
      <p className="hint">
        Every operation of the Docker Engine API, decided in your browser by the proxy's own code on sample requests
        (versioned and not, several ids and names): allowed when every sample passes, partial when some do. Computed on{' '}
        {model.dirty ? (
          <strong>your unsaved edits to profile {model.profile}</strong>
        ) : (
          `the saved rules of profile ${model.profile}`
        )}
        .{' '}
        {policy === null
          ? `Profile ${model.profile} has no body policy: creating a container is root-equivalent.`
          : `Its body policy bounds what a create body may ask: where nothing it allows amounts to root, the operation is a write, bounded by policy.`}
      </p>
      <ResponsePolicy model={response} />
      {!set && (
        <p className="error-box" role="alert">
          The draft rules do not compile: fix them in Rules first.
        </p>
      )}
      {mode === 'compare' ? (
        <Compare model={model} profiles={profiles} />
      ) : (
        set && (
          <>
            <div className="filters">
              <span className="totals" aria-label="Totals">
                {totals.allowed} allowed · {totals.partial} partial · {totals.denied} denied of {OPERATIONS.length}{' '}
                operations
              </span>
              <select aria-label="Filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
                {(Object.keys(FILTERS) as Filter[]).map((f) => (
                  <option key={f} value={f}>
                    {FILTERS[f].label}
                  </option>
                ))}
              </select>
            </div>
            {areas.map((a) => (
              <AreaTable
                key={a.area}
                area={a}
                shown={a.operations.filter(FILTERS[filter].keep)}
                redaction={redact !== undefined}
              />
            ))}
          </>
        )
      )}
    </section>
  );
}
