// Which answers carry secrets the daemon hands to any reader: the environment of containers, services, tasks and
// plugins, and the data of swarm configs. Every other answer (streams included) is relayed untouched.
import type { CanonicalRequest } from '../rules/types.ts';

export const REDACTED_OPERATIONS = [
  'container-inspect',
  'libpod-container-inspect',
  'service-list',
  'service-inspect',
  'task-list',
  'task-inspect',
  'config-list',
  'config-inspect',
  'plugin-list',
  'plugin-inspect',
] as const;
export type RedactedOperation = (typeof REDACTED_OPERATIONS)[number];

/**
 * The catalog template of each one, and the path the daemon routes it by. Containers and plugins are routed by
 * `{name:.*}`, the others by `{id}` (one segment): the patterns take what the daemon's routes take, so a path it
 * answers as one of these is never missed (one it answers 404 costs only the look). Exec inspect carries no
 * environment (its ProcessConfig holds the command, user and tty), nor do the container list and `system/df`.
 */
export const REDACTED_ROUTES: readonly { id: RedactedOperation; template: string; path: RegExp }[] = [
  { id: 'container-inspect', template: '/containers/{id}/json', path: /^\/containers\/.+\/json$/ },
  // Podman's own inspect has the same Config.Env (libpod's `/libpod/containers/{name:.*}/json`).
  {
    id: 'libpod-container-inspect',
    template: '/libpod/containers/{id}/json',
    path: /^\/libpod\/containers\/.+\/json$/,
  },
  { id: 'service-list', template: '/services', path: /^\/services$/ },
  { id: 'service-inspect', template: '/services/{id}', path: /^\/services\/[^/]+$/ },
  { id: 'task-list', template: '/tasks', path: /^\/tasks$/ },
  { id: 'task-inspect', template: '/tasks/{id}', path: /^\/tasks\/[^/]+$/ },
  { id: 'config-list', template: '/configs', path: /^\/configs$/ },
  { id: 'config-inspect', template: '/configs/{id}', path: /^\/configs\/[^/]+$/ },
  { id: 'plugin-list', template: '/plugins', path: /^\/plugins$/ },
  { id: 'plugin-inspect', template: '/plugins/{name}/json', path: /^\/plugins\/.+\/json$/ },
];

/** canonicalize() lets through only `vN.N` as a version segment, and `vN.N.N` before `/libpod/`. */
const VERSION_PREFIX = /^\/v[0-9]+\.[0-9]+(?:\.[0-9]+(?=\/libpod\/))?(?=\/)/;

/** The redacted operation a canonical request is, or null when its answer is relayed as the daemon sent it. */
export function redactedRequest(request: Pick<CanonicalRequest, 'method' | 'path'>): RedactedOperation | null {
  if (request.method !== 'GET') return null;
  const path = request.path.replace(VERSION_PREFIX, '');
  return REDACTED_ROUTES.find((r) => r.path.test(path))?.id ?? null;
}
