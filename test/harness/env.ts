// What a test file needs from the run: the private dockerd's socket, or why there is none.
import { TEST_IMAGE } from './dockerd.ts';

export interface DockerEnv {
  readonly socket: string;
  readonly image: string;
}

/**
 * The dockerd that test/run.ts started. A suite that needs it passes `skip` to describe():
 * elsewhere it skips and says why; under CI=true a missing dockerd fails the run instead.
 */
export function dockerEnv(): { env: DockerEnv; skip: false } | { env: null; skip: string } {
  const socket = process.env.DOXY_TEST_DOCKER_SOCKET;
  if (socket) return { env: { socket, image: TEST_IMAGE }, skip: false };
  const why = process.env.DOXY_TEST_DOCKER_SKIP ?? 'no private dockerd (run the suite with `npm test`)';
  if (process.env.CI === 'true') throw new Error(`CI=true and no dockerd for the integration tests: ${why}`);
  return { env: null, skip: `skipped: ${why}` };
}
