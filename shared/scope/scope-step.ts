// What scoping does to one request of a scoped profile: stamp the body of a create, filter a list (prune, events) by
// the owner label, check that the object an operation names (or an exec's container) is the profile's own, refuse
// what it cannot bound, or nothing. The daemon's routes take `{name:.*}`, so the object is what lies between the
// collection and the route's own suffix.
import { encodePath, isLibpodPath } from '../rules/canonical.ts';
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
  /** An exec instance: allowed when the container it runs in is the profile's own (the daemon's inspect says which). */
  | { readonly kind: 'exec'; readonly ref: string; readonly target: (id: string) => string }
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
/** The exec routes (`/exec/{name:.*}/start` and the like): an exec's id is what comes before one of these. */
const EXEC_SUFFIXES: Record<string, readonly string[]> = { GET: ['/json'], POST: ['/start', '/resize'] };

/** Podman's libpod paths a scoped profile may use: they name no object. Scoping reads Docker's API only. */
const LIBPOD_OPEN = /^\/(?:v[0-9.]+\/)?libpod\/(?:_ping|version|info)$/;
const LIBPOD_REFUSED = "it is Podman's libpod API, which scoping does not bound: use the Docker-compatible API";

const NONE: ScopeStep = { kind: 'none' };

/** The scoping step of `request` on a scoped profile. */
export function scopeStep(request: Pick<CanonicalRequest, 'method' | 'path' | 'query'>): ScopeStep {
  const m = VERSION_PREFIX.exec(request.path);
  const prefix = m === null ? '' : m[0];
  const path = request.path.slice(prefix.length);
  const { method } = request;
  if (isLibpodPath(request.path))
    return LIBPOD_OPEN.test(request.path) ? NONE : { kind: 'refuse', message: LIBPOD_REFUSED };
  if (method === 'GET' && path === '/events') return { kind: 'filter' };
  if (method === 'POST' && path === '/commit')
    return { kind: 'refuse', message: 'commit names its container in the query, which a scoped profile cannot use' };
  // The daemon's disk usage lists every container and volume, with no filter to bound it by.
  if ((method === 'GET' || method === 'HEAD') && path === '/system/df')
    return { kind: 'refuse', message: "it lists every container and volume on the daemon, not only the profile's" };
  const slash = path.indexOf('/', 1);
  const query = request.query === '' ? '' : `?${request.query}`;
  if (path.startsWith('/exec/')) {
    const rest = path.slice('/exec/'.length);
    const suffix = EXEC_SUFFIXES[method]?.find((s) => rest.endsWith(s) && rest.length > s.length);
    if (suffix === undefined) return NONE;
    const ref = rest.slice(0, rest.length - suffix.length);
    return {
      kind: 'exec',
      ref,
      target: (id) => `${encodePath(`${prefix}/exec/`)}${encodeURIComponent(id)}${suffix}${query}`,
    };
  }
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
  return {
    kind: 'owned',
    object: collection,
    ref,
    connects: collection === 'network' && suffix !== '',
    target: (id) => `${encodePath(head)}${encodeURIComponent(id)}${encodePath(suffix)}${query}`,
  };
}
