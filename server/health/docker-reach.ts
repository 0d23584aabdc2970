// Asks the Docker socket for `/_ping` and names why it did not answer, for the start-up message, /healthz and the CLI.
import { statSync } from 'node:fs';
import { request } from 'node:http';
import type { DockerReach } from '../../shared/protocol/health.ts';

const TIMEOUT_MS = 3000;

/** GET /_ping on the unix socket at `path`. */
export function reachDocker(path: string): Promise<DockerReach> {
  return new Promise((resolve) => {
    const req = request({ socketPath: path, path: '/_ping', timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : 'no-answer');
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(reachOf(error.code)));
    req.on('timeout', () => {
      req.destroy();
      resolve('no-answer');
    });
    req.end();
  });
}

function reachOf(code: string | undefined): DockerReach {
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'EACCES' || code === 'EPERM') return 'not-permitted';
  return 'no-answer';
}

/** One plain sentence for a Docker socket that is not 'ok': what is wrong and what to do about it. */
export function explainDockerReach(path: string, reach: Exclude<DockerReach, 'ok'>): string {
  switch (reach) {
    case 'missing':
      return `the Docker socket ${path} does not exist: start dockerd, or point --docker-socket at it (in a container, mount it: -v /var/run/docker.sock:${path})`;
    case 'refused':
      return `the Docker socket ${path} refuses connections: dockerd is not running or has stopped`;
    case 'not-permitted':
      return `the Docker socket ${path} is not permitted to ${whoAmI()}: ${ownerOf(path)}; run doxy in that group (in a container: --group-add GID, or --user 0 where that is not enough; systemd: SupplementaryGroups=docker)`;
    case 'no-answer':
      return `the Docker socket ${path} does not answer /_ping`;
  }
}

function whoAmI(): string {
  const uid = process.getuid?.();
  const groups = process.getgroups?.() ?? [];
  return `uid ${uid ?? '?'} (groups ${groups.join(',') || 'none'})`;
}

function ownerOf(path: string): string {
  try {
    const s = statSync(path);
    return `it is owned by uid ${s.uid}, gid ${s.gid}, mode ${(s.mode & 0o777).toString(8)}`;
  } catch (error) {
    return (error as Error).message;
  }
}
