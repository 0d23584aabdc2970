// The owner label filter a scoped profile's lists, prunes and event stream get, merged into the client's own
// `filters` query parameter. The daemon ANDs the values of `label` (every one must match), so the client can narrow
// what it sees but never widen it. doxy forwards its own serialisation of the filters, in the map-of-bool form.
import { OWNER_LABEL } from './owner-label.ts';

export type FilteredQuery =
  { readonly ok: true; readonly query: string } | { readonly ok: false; readonly message: string };

/** Go's url.QueryUnescape (`+` is a space), or null where Go's url.ParseQuery would drop the parameter. */
function queryUnescape(s: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return null;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // Percent-escapes that are not UTF-8: Go keeps the bytes; no filter name or JSON doxy reads holds them.
    return null;
  }
}

/**
 * The client's filters as the daemon reads them (filters.FromJSON): `{"key": {"value": true}}`, or the legacy
 * `{"key": ["value"]}`; every value list as a set of strings. Null: not a form the daemon accepts.
 */
function readFilters(json: string): Map<string, Set<string>> | null {
  if (json === '') return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (parsed === null) return new Map();
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed as Record<string, unknown>);
  const nonNull = entries.filter(([, v]) => v !== null);
  const asMaps = nonNull.every(
    ([, v]) =>
      typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((b) => typeof b === 'boolean'),
  );
  const asLists = nonNull.every(([, v]) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!asMaps && !asLists) return null;
  const out = new Map<string, Set<string>>();
  for (const [key, v] of nonNull)
    // The daemon keeps a value whatever its bool says: `{"label": {"a": false}}` still filters on a.
    out.set(key, new Set(asMaps ? Object.keys(v as object) : (v as string[])));
  return out;
}

function writeFilters(filters: ReadonlyMap<string, ReadonlySet<string>>): string {
  const out: Record<string, Record<string, true>> = {};
  for (const key of [...filters.keys()].sort()) {
    const values: Record<string, true> = {};
    for (const v of [...(filters.get(key) ?? [])].sort()) values[v] = true;
    out[key] = values;
  }
  return JSON.stringify(out);
}

/**
 * `query` (raw, without `?`) with `label=doxy.owner=PROFILE` added to its `filters`, every other parameter kept as
 * written. Refused: a query Go would read differently from doxy (a `;`, a bad escape), `filters` given twice, or
 * filters the daemon would not accept.
 */
export function withOwnerFilter(query: string, profile: string): FilteredQuery {
  const parts = query === '' ? [] : query.split('&');
  const kept: string[] = [];
  let filters: string | null = null;
  for (const part of parts) {
    if (part === '') continue;
    if (part.includes(';'))
      return { ok: false, message: 'a query parameter holds ";", which the daemon drops and doxy will not guess at' };
    const eq = part.indexOf('=');
    const key = queryUnescape(eq === -1 ? part : part.slice(0, eq));
    const value = queryUnescape(eq === -1 ? '' : part.slice(eq + 1));
    if (key === null || value === null)
      return {
        ok: false,
        message: `the query parameter ${JSON.stringify(part.slice(0, 80))} is not escaped as Go reads it`,
      };
    if (key !== 'filters') {
      kept.push(part);
      continue;
    }
    if (filters !== null) return { ok: false, message: 'the query gives filters twice' };
    filters = value;
  }
  const read = readFilters(filters ?? '');
  if (read === null) return { ok: false, message: 'the filters parameter is not JSON filters the daemon reads' };
  read.set('label', new Set([...(read.get('label') ?? []), `${OWNER_LABEL}=${profile}`]));
  kept.push(`filters=${encodeURIComponent(writeFilters(read))}`);
  return { ok: true, query: kept.join('&') };
}
