// What scoping does to one request of a scoped profile: stamp the body of a create, filter a list (prune, events) by
// the owner label, check that the object an operation names is the profile's own, or nothing. The daemon's routes
// take `{name:.*}`, so the object is what lies between the collection and the route's own suffix.
import { encodePath } from '../rules/canonical.ts';
import type { CanonicalRequest } from '../rules/types.ts';
import type { OwnedObject } from './owner-label.ts';

export type ScopeStep =
  | { readonly kind: 'stamp'; readonly object: OwnedObject }
  | { readonly kind: 'filter' }
  | {
      readonly kind: 'owned';
      readonly object: OwnedObject;
      /** The name or id the client gave. */
      readonly ref: string;
      /** The target to forward once `ref` is known to be the object `id`: the daemon then acts on that object only. */
      readonly target: (id: string) => string;
      /** A network connect or disconnect: its body names a container, which must be the profile's too. */
      readonly connects: boolean;
    }
  /** Not something scoping can bound (the message says why): refused. */
  | { readonly kind: 'refuse'; readonly message: string }
  | { readonly kind: 'none' };

const VERSION_PREFIX = /^\/v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?=\/)/;

const COLLECTIONS: Record<string, OwnedObject> = { containers: 'container', networks: 'network', volumes: 'volume' };

/** The lists of each collection (GET `/containers/json`, GET `/networks`, GET `/volumes`). */
const LISTS: Record<OwnedObject, string> = { container: '/containers/json', network: '/networks', volume: '/volumes' };

/** Container routes by method, longest first where one ends another (`attach/ws`). */
const CONTAINER_SUFFIXES: Record<string, readonly string[]> = {
  GET: ['/attach/ws', '/json', '/export', '/changes', '/top', '/logs', '/stats', '/archive'],
  HEAD: ['/archive'],
  PUT: ['/archive'],
  POST: [
    '/kill',
    '/pause',
    '/unpause',
    '/restart',
    '/start',
    '/stop',
    '/wait',
    '/resize',
    '/attach',
    '/copy',
    '/exec',
    '/rename',
    '/update',
  ],
};
const NETWORK_SUFFIXES: Record<string, readonly string[]> = { POST: ['/connect', '/disconnect'] };

const NONE: ScopeStep = { kind: 'none' };

/** The scoping step of `request` on a scoped profile. */
export function scopeStep(request: Pick<CanonicalRequest, 'method' | 'path' | 'query'>): ScopeStep {
  const m = VERSION_PREFIX.exec(request.path);
  const prefix = m === null ? '' : m[0];
  const path = request.path.slice(prefix.length);
  const { method } = request;
  if (method === 'GET' && path === '/events') return { kind: 'filter' };
  if (method === 'POST' && path === '/commit')
    return { kind: 'refuse', message: 'commit names its container in the query, which a scoped profile cannot use' };
  const slash = path.indexOf('/', 1);
  const collection = COLLECTIONS[path.slice(1, slash === -1 ? undefined : slash)];
  if (collection === undefined) return NONE;
  if ((method === 'GET' || method === 'HEAD') && path === LISTS[collection]) return { kind: 'filter' };
  if (slash === -1) return NONE;
  const rest = path.slice(slash + 1);
  if (method === 'POST' && rest === 'create') return { kind: 'stamp', object: collection };
  if (method === 'POST' && rest === 'prune') return { kind: 'filter' };
  if (rest === '' || (collection === 'container' && rest === 'json')) return NONE;
  const suffixes = (collection === 'container' ? CONTAINER_SUFFIXES : collection === 'network' ? NETWORK_SUFFIXES : {})[
    method
  ];
  const suffix = suffixes?.find((s) => rest.endsWith(s) && rest.length > s.length) ?? '';
  const ref = rest.slice(0, rest.length - suffix.length);
  const head = `${prefix}${path.slice(0, slash + 1)}`;
  const query = request.query === '' ? '' : `?${request.query}`;
  return {
    kind: 'owned',
    object: collection,
    ref,
    connects: collection === 'network' && suffix !== '',
    target: (id) => `${encodePath(head)}${encodeURIComponent(id)}${encodePath(suffix)}${query}`,
  };
}
