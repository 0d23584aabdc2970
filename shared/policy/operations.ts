// Which requests carry a body the policy reads: every operation whose body can give a container (or plugin) access to
// the host, for every API version the daemon accepts. Everything else is forwarded without reading its body.
import { OPERATIONS, type Operation } from '../catalog/engine-api.ts';
import { isLibpodPath } from '../rules/canonical.ts';
import type { CanonicalRequest } from '../rules/types.ts';

export const POLICED_OPERATIONS = [
  'container-create',
  'container-start',
  'container-update',
  'exec-create',
  'volume-create',
  'service-create',
  'service-update',
  'plugin-pull',
  'plugin-upgrade',
  'plugin-set',
] as const;
export type PolicedOperation = (typeof POLICED_OPERATIONS)[number];

/** API 1.24 stopped reading a HostConfig from a start body (the daemon refuses a body there since). */
export const START_BODY_BEFORE = [1, 24] as const;

/**
 * The catalog operation each one is, and the path it routes by. The daemon's routes take `{name:.*}` for containers
 * and plugins (a plugin name holds `/` and `:`), so the patterns take any non-empty name: policing a path the daemon
 * will answer 404 costs nothing, missing one it routes would.
 */
const ROUTES: readonly { id: PolicedOperation; template: string; path: RegExp }[] = [
  { id: 'container-create', template: '/containers/create', path: /^\/containers\/create$/ },
  { id: 'container-start', template: '/containers/{id}/start', path: /^\/containers\/.+\/start$/ },
  { id: 'container-update', template: '/containers/{id}/update', path: /^\/containers\/.+\/update$/ },
  { id: 'exec-create', template: '/containers/{id}/exec', path: /^\/containers\/.+\/exec$/ },
  { id: 'volume-create', template: '/volumes/create', path: /^\/volumes\/create$/ },
  { id: 'service-create', template: '/services/create', path: /^\/services\/create$/ },
  { id: 'service-update', template: '/services/{id}/update', path: /^\/services\/.+\/update$/ },
  { id: 'plugin-pull', template: '/plugins/pull', path: /^\/plugins\/pull$/ },
  { id: 'plugin-upgrade', template: '/plugins/{name}/upgrade', path: /^\/plugins\/.+\/upgrade$/ },
  { id: 'plugin-set', template: '/plugins/{name}/set', path: /^\/plugins\/.+\/set$/ },
];

const VERSION_PREFIX = /^\/v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?=\/)/;

/** The catalog entry of a policed operation (all of them are POST). */
export function catalogOperation(id: PolicedOperation): Operation {
  const route = ROUTES.find((r) => r.id === id);
  const op = OPERATIONS.find((o) => o.method === 'POST' && o.template === route?.template);
  if (op === undefined) throw new Error(`no catalog entry for ${id}`);
  return op;
}

export interface PolicedRequest {
  readonly operation: PolicedOperation;
  /** [major, minor] from the path, or null for an unversioned path (the daemon's own, current, version). */
  readonly apiVersion: readonly [number, number] | null;
}

function before(version: readonly [number, number], limit: readonly [number, number]): boolean {
  return version[0] < limit[0] || (version[0] === limit[0] && version[1] < limit[1]);
}

/** The policed operation a canonical request is, or null when its body is not the policy's business. */
export function policedRequest(request: Pick<CanonicalRequest, 'method' | 'path'>): PolicedRequest | null {
  if (request.method !== 'POST') return null;
  const m = VERSION_PREFIX.exec(request.path);
  const apiVersion = m === null ? null : ([Number(m[1]), Number(m[2])] as const);
  const path = m === null ? request.path : request.path.slice(m[0].length);
  const route = ROUTES.find((r) => r.path.test(path));
  if (route === undefined) return null;
  // An unversioned path is read at the daemon's own version, 1.24 or later on every daemon doxy supports.
  if (route.id === 'container-start' && (apiVersion === null || !before(apiVersion, START_BODY_BEFORE))) return null;
  return { operation: route.id, apiVersion };
}

/**
 * Why a Podman libpod write with a body is denied on a profile with a body policy. The policy reads the Docker API's
 * bodies only; libpod's (a SpecGenerator for a create, pod and volume specs, kube YAML for play) can ask for the same
 * host access, so on a profile whose bodies are bounded they are denied rather than forwarded unread.
 */
export const LIBPOD_BODY_UNREAD =
  "the body policy reads the Docker API's bodies, not Podman's libpod ones: use the Docker-compatible API";

/** A libpod POST: with a body, the body policy cannot read it (see LIBPOD_BODY_UNREAD). */
export function isLibpodWrite(request: Pick<CanonicalRequest, 'method' | 'path'>): boolean {
  return request.method === 'POST' && isLibpodPath(request.path);
}
