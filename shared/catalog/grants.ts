// coverage() flattened for the API and the coverage screen, which show the same thing: counts per area and in all.
import type { AreaGrants, GrantCounts, OperationGrant } from '../protocol/coverage.ts';
import { REDACTED_ROUTES } from '../redact/redacted-operations.ts';
import type { AreaCoverage, Grant } from './coverage.ts';

const REDACTED_TEMPLATES = new Set(REDACTED_ROUTES.map((r) => r.template));

export function countGrants(grants: readonly { readonly grant: Grant }[]): GrantCounts {
  const counts = { allowed: 0, denied: 0, partial: 0 };
  for (const g of grants) counts[g.grant]++;
  return counts;
}

/**
 * Flattens coverage() for the API and the coverage screen, which show the same thing. The operations whose answers
 * carry secrets doxy can redact say whether it does (`redact`: the profile redacts).
 */
export function areaGrants(areas: readonly AreaCoverage[], redact = false): AreaGrants[] {
  return areas.map(({ area, operations }) => {
    const flat = operations.map((c): OperationGrant => ({
      ...c.operation,
      // A root-equivalent operation a body policy bounds shows as the write it then is.
      ...(c.boundedBy === undefined ? {} : { risk: 'write', boundedBy: c.boundedBy }),
      ...(c.operation.method === 'GET' && REDACTED_TEMPLATES.has(c.operation.template) ? { redacted: redact } : {}),
      grant: c.grant,
      rules: c.rules,
    }));
    return { area, counts: countGrants(flat), operations: flat };
  });
}
