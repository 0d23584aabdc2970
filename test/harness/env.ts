// What a test file needs from the run: the private dockerd's socket, or why there is none.
import { TEST_IMAGE } from './dockerd.ts';

export interface DockerEnv {
  readonly socket: string;
  readonly image: string;
}

/**
 * The dockerd that test/run.ts started. A suite that needs it passes `skip` to describe(): without one it skips and
 * says why; test/run.ts lists every skip at the end and, under CI=true, fails the run on any.
 */
export function dockerEnv(): { env: DockerEnv; skip: false } | { env: null; skip: string } {
  const socket = process.env.DOXY_TEST_DOCKER_SOCKET;
  if (socket) return { env: { socket, image: TEST_IMAGE }, skip: false };
  const why = process.env.DOXY_TEST_DOCKER_SKIP ?? 'no private dockerd (run the suite with `npx tsx test/run.ts`)';
  return { env: null, skip: why };
}
