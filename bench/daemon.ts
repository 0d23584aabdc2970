// The daemon a bench run talks to: DOCKER_HOST when it names a unix socket, else a private dockerd started for the run.
import { dockerdUnavailable, startDockerd, type Dockerd } from '../test/harness/dockerd.ts';

export async function openDaemon(): Promise<{ socket: string; dockerd: Dockerd | null }> {
  const host = process.env.DOCKER_HOST;
  if (host) {
    if (!host.startsWith('unix://'))
      throw new Error(`bench: DOCKER_HOST=${host} is not a unix socket (doxy forwards to a unix socket)`);
    return { socket: host.slice('unix://'.length), dockerd: null };
  }
  const why = dockerdUnavailable();
  if (why !== null) throw new Error(`bench: cannot start a private dockerd: ${why} (or set DOCKER_HOST=unix://...)`);
  const dockerd = await startDockerd();
  return { socket: dockerd.socket, dockerd };
}
