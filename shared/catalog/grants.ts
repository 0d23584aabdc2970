// coverage() flattened for the API and the coverage screen, which show the same thing: counts per area and in all.
import type { AreaGrants, GrantCounts, OperationGrant } from '../protocol/coverage.ts';
import type { AreaCoverage, Grant } from './coverage.ts';

export function countGrants(grants: readonly { readonly grant: Grant }[]): GrantCounts {
  const counts = { allowed: 0, denied: 0, partial: 0 };
  for (const g of grants) counts[g.grant]++;
  return counts;
}

/** Flattens coverage() for the API and the coverage screen, which show the same thing. */
export function areaGrants(areas: readonly AreaCoverage[]): AreaGrants[] {
  return areas.map(({ area, operations }) => {
    const flat = operations.map((c): OperationGrant => ({
      ...c.operation,
      // A root-equivalent operation a body policy bounds shows as the write it then is.
      ...(c.boundedBy === undefined ? {} : { risk: 'write', boundedBy: c.boundedBy }),
      grant: c.grant,
      rules: c.rules,
    }));
    return { area, counts: countGrants(flat), operations: flat };
  });
}
