// Every Docker Engine API operation (API 1.41, the engine's own swagger.yaml), with what it does and how risky granting it is;
// plus what older API versions, experimental features and BuildKit still send (copy, checkpoints, /grpc, /build/cancel);
// and Podman's libpod API (area `libpod`, see libpod-api.ts).
import { LIBPOD_ROWS } from './libpod-api.ts';

/** read: metadata; secret-read: may reveal secrets or whole filesystems; write: changes state; root: equals root on the host. */
export type Risk = 'read' | 'secret-read' | 'write' | 'root';

export interface Operation {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** Path template as in the API reference, without the version prefix. */
  readonly template: string;
  readonly area: string;
  readonly summary: string;
  readonly risk: Risk;
  /** Routed by the daemon but not in the API reference: removed in an older version, experimental, or BuildKit's. */
  readonly beyondReference?: true;
}

/** The fifth element marks an operation beyond the API reference. */
export type Row =
  | readonly [Operation['method'], string, string, Risk]
  | readonly [Operation['method'], string, string, Risk, 'beyond-reference'];

const ROWS: Record<string, readonly Row[]> = {
  containers: [
    ['GET', '/containers/json', 'List containers', 'read'],
    ['POST', '/containers/create', 'Create a container (privileged, host mounts: root)', 'root'],
    ['GET', '/containers/{id}/json', 'Inspect a container (shows its environment variables)', 'secret-read'],
    ['GET', '/containers/{id}/top', 'List processes in a container', 'read'],
    ['GET', '/containers/{id}/logs', 'Container logs', 'secret-read'],
    ['GET', '/containers/{id}/changes', 'Filesystem changes of a container', 'read'],
    ['GET', '/containers/{id}/export', 'Export a container filesystem', 'secret-read'],
    ['GET', '/containers/{id}/stats', 'Container resource usage', 'read'],
    ['POST', '/containers/{id}/resize', 'Resize a container TTY', 'write'],
    ['POST', '/containers/{id}/start', 'Start a container', 'write'],
    ['POST', '/containers/{id}/stop', 'Stop a container', 'write'],
    ['POST', '/containers/{id}/restart', 'Restart a container', 'write'],
    ['POST', '/containers/{id}/kill', 'Kill a container', 'write'],
    ['POST', '/containers/{id}/update', 'Update a container', 'write'],
    ['POST', '/containers/{id}/rename', 'Rename a container', 'write'],
    ['POST', '/containers/{id}/pause', 'Pause a container', 'write'],
    ['POST', '/containers/{id}/unpause', 'Unpause a container', 'write'],
    ['POST', '/containers/{id}/attach', 'Attach to a container (writes to its stdin)', 'root'],
    ['GET', '/containers/{id}/attach/ws', 'Attach over a websocket (a GET that writes to stdin)', 'root'],
    ['POST', '/containers/{id}/wait', 'Wait for a container', 'read'],
    ['DELETE', '/containers/{id}', 'Remove a container', 'write'],
    ['HEAD', '/containers/{id}/archive', 'Stat a path in a container', 'read'],
    ['GET', '/containers/{id}/archive', 'Read files from a container', 'secret-read'],
    ['PUT', '/containers/{id}/archive', 'Write files into a container', 'root'],
    ['POST', '/containers/prune', 'Delete stopped containers', 'write'],
    // Removed from the API reference (1.24) but still routed for old clients: it reads any file out of a container.
    [
      'POST',
      '/containers/{id}/copy',
      'Copy files out of a container (API before 1.24)',
      'secret-read',
      'beyond-reference',
    ],
    // Experimental (CRIU): a checkpoint dumps the processes' memory to the host.
    [
      'GET',
      '/containers/{id}/checkpoints',
      'List checkpoints of a container (experimental)',
      'read',
      'beyond-reference',
    ],
    [
      'POST',
      '/containers/{id}/checkpoints',
      "Checkpoint a container (dumps its processes' memory)",
      'write',
      'beyond-reference',
    ],
    ['DELETE', '/containers/{id}/checkpoints/{checkpoint}', 'Delete a checkpoint', 'write', 'beyond-reference'],
  ],
  images: [
    ['GET', '/images/json', 'List images', 'read'],
    ['POST', '/build', 'Build an image', 'write'],
    ['POST', '/build/prune', 'Delete the build cache', 'write'],
    ['POST', '/build/cancel', 'Cancel a build', 'write', 'beyond-reference'],
    ['POST', '/images/create', 'Pull or import an image', 'write'],
    ['GET', '/images/{name}/json', 'Inspect an image', 'read'],
    ['GET', '/images/{name}/history', 'History of an image', 'read'],
    ['POST', '/images/{name}/push', 'Push an image', 'write'],
    ['POST', '/images/{name}/tag', 'Tag an image', 'write'],
    ['DELETE', '/images/{name}', 'Remove an image', 'write'],
    ['GET', '/images/search', 'Search images on a registry', 'read'],
    ['POST', '/images/prune', 'Delete unused images', 'write'],
    ['POST', '/commit', 'Create an image from a container', 'write'],
    ['GET', '/images/{name}/get', 'Export an image', 'secret-read'],
    ['GET', '/images/get', 'Export several images', 'secret-read'],
    ['POST', '/images/load', 'Import images', 'write'],
    ['GET', '/distribution/{name}/json', 'Image information from the registry', 'read'],
  ],
  system: [
    ['POST', '/auth', 'Check registry credentials', 'secret-read'],
    ['GET', '/info', 'System information', 'read'],
    ['GET', '/version', 'Engine version', 'read'],
    ['GET', '/_ping', 'Ping', 'read'],
    ['HEAD', '/_ping', 'Ping (HEAD)', 'read'],
    ['GET', '/events', 'Monitor events', 'read'],
    ['GET', '/system/df', 'Data usage', 'read'],
    [
      'POST',
      '/session',
      'Interactive session (BuildKit): the daemon reaches into the client (files, secrets, ssh)',
      'root',
    ],
    [
      'POST',
      '/grpc',
      "BuildKit's gRPC over an upgraded connection (h2c): builds with whatever the daemon grants",
      'root',
      'beyond-reference',
    ],
  ],
  exec: [
    ['POST', '/containers/{id}/exec', 'Create an exec instance (runs commands in a container)', 'root'],
    ['POST', '/exec/{id}/start', 'Start an exec instance', 'root'],
    ['POST', '/exec/{id}/resize', 'Resize an exec TTY', 'write'],
    ['GET', '/exec/{id}/json', 'Inspect an exec instance', 'read'],
  ],
  volumes: [
    ['GET', '/volumes', 'List volumes', 'read'],
    ['POST', '/volumes/create', 'Create a volume', 'write'],
    ['GET', '/volumes/{name}', 'Inspect a volume', 'read'],
    ['DELETE', '/volumes/{name}', 'Remove a volume', 'write'],
    ['POST', '/volumes/prune', 'Delete unused volumes', 'write'],
  ],
  networks: [
    ['GET', '/networks', 'List networks', 'read'],
    ['GET', '/networks/{id}', 'Inspect a network', 'read'],
    ['DELETE', '/networks/{id}', 'Remove a network', 'write'],
    ['POST', '/networks/create', 'Create a network', 'write'],
    ['POST', '/networks/{id}/connect', 'Connect a container to a network', 'write'],
    ['POST', '/networks/{id}/disconnect', 'Disconnect a container from a network', 'write'],
    ['POST', '/networks/prune', 'Delete unused networks', 'write'],
  ],
  plugins: [
    ['GET', '/plugins', 'List plugins', 'read'],
    ['GET', '/plugins/privileges', 'Privileges a plugin needs', 'read'],
    ['POST', '/plugins/pull', 'Install a plugin', 'root'],
    ['GET', '/plugins/{name}/json', 'Inspect a plugin', 'read'],
    ['DELETE', '/plugins/{name}', 'Remove a plugin', 'write'],
    ['POST', '/plugins/{name}/enable', 'Enable a plugin', 'root'],
    ['POST', '/plugins/{name}/disable', 'Disable a plugin', 'write'],
    ['POST', '/plugins/{name}/upgrade', 'Upgrade a plugin', 'root'],
    ['POST', '/plugins/create', 'Create a plugin', 'root'],
    ['POST', '/plugins/{name}/push', 'Push a plugin', 'write'],
    ['POST', '/plugins/{name}/set', 'Configure a plugin', 'root'],
  ],
  swarm: [
    ['GET', '/nodes', 'List nodes', 'read'],
    ['GET', '/nodes/{id}', 'Inspect a node', 'read'],
    ['DELETE', '/nodes/{id}', 'Remove a node', 'write'],
    ['POST', '/nodes/{id}/update', 'Update a node', 'write'],
    ['GET', '/swarm', 'Inspect the swarm (shows join tokens)', 'secret-read'],
    ['POST', '/swarm/init', 'Initialize a swarm', 'write'],
    ['POST', '/swarm/join', 'Join a swarm', 'write'],
    ['POST', '/swarm/leave', 'Leave a swarm', 'write'],
    ['POST', '/swarm/update', 'Update a swarm', 'write'],
    ['GET', '/swarm/unlockkey', 'Get the unlock key', 'secret-read'],
    ['POST', '/swarm/unlock', 'Unlock a locked manager', 'write'],
    ['GET', '/services', 'List services', 'read'],
    ['POST', '/services/create', 'Create a service (host mounts: root)', 'root'],
    ['GET', '/services/{id}', 'Inspect a service', 'read'],
    ['DELETE', '/services/{id}', 'Delete a service', 'write'],
    ['POST', '/services/{id}/update', 'Update a service', 'root'],
    ['GET', '/services/{id}/logs', 'Service logs', 'secret-read'],
    ['GET', '/tasks', 'List tasks', 'read'],
    ['GET', '/tasks/{id}', 'Inspect a task', 'read'],
    ['GET', '/tasks/{id}/logs', 'Task logs', 'secret-read'],
    ['GET', '/secrets', 'List secrets', 'secret-read'],
    ['POST', '/secrets/create', 'Create a secret', 'write'],
    ['GET', '/secrets/{id}', 'Inspect a secret', 'secret-read'],
    ['DELETE', '/secrets/{id}', 'Delete a secret', 'write'],
    ['POST', '/secrets/{id}/update', 'Update a secret', 'write'],
    ['GET', '/configs', 'List configs', 'secret-read'],
    ['POST', '/configs/create', 'Create a config', 'write'],
    ['GET', '/configs/{id}', 'Inspect a config', 'secret-read'],
    ['DELETE', '/configs/{id}', 'Delete a config', 'write'],
    ['POST', '/configs/{id}/update', 'Update a config', 'write'],
  ],
  libpod: LIBPOD_ROWS,
};

export const OPERATIONS: readonly Operation[] = Object.entries(ROWS).flatMap(([area, rows]) =>
  rows.map(([method, template, summary, risk, beyond]) => ({
    method,
    template,
    area,
    summary,
    risk,
    ...(beyond === undefined ? {} : { beyondReference: true as const }),
  })),
);

/** Whether an operation is Podman's libpod API, which takes a libpod version (`v4.3.1`) as well as Docker's form. */
export function isLibpod(op: Operation): boolean {
  return op.template.startsWith('/libpod/');
}

/** Whether the operation's `{name}` is an image reference (it may hold `/`, `:` and `@`). */
export function takesImage(op: Operation): boolean {
  return op.area === 'images' || /^\/(libpod\/)?(images|distribution)\//.test(op.template);
}

/** A concrete path for a template, for deciding an operation against rules (`{name}` of an image has a `/` and a tag). */
export function samplePath(op: Operation, version = ''): string {
  const path = op.template
    .replace(/\{(?!name\})\w+\}/g, 'f00dcafe1234')
    .replace('{name}', takesImage(op) ? 'library/busybox:1.36' : 'my-name.1');
  return version === '' ? path : `/${version}${path}`;
}

/** A literal string as a regular expression that matches only it. */
export function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern a rule needs to grant exactly this operation, versioned or not. */
export function operationPattern(op: Operation): string {
  const body = op.template
    .split(/(\{\w+\})/)
    .map((part) =>
      /^\{\w+\}$/.test(part) && part !== '{name}'
        ? '[\\w.-]+'
        : part === '{name}'
          ? takesImage(op)
            ? '[\\w.:@-]+(/[\\w.:@-]+)*'
            : '[\\w.-]+'
          : escapeLiteral(part),
    )
    .join('');
  return `${versionPrefix(isLibpod(op))}${body.slice(1)}$`;
}

/** How a pattern starts: anchored, then Docker's optional `vN.N/`, or for libpod's API its own `vN.N.N/` as well. */
export function versionPrefix(libpod: boolean): string {
  return libpod ? '^/(v\\d+\\.\\d+(\\.\\d+)?/)?' : '^/(v\\d+\\.\\d+/)?';
}
