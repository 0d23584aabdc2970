// The ci-runner preset: run containers for CI jobs, and nothing of the host. Its rules grant creating and running
// containers; its body policy (CI_RUNNER_POLICY) is what keeps that from being root, so the two go together.
import { CI_RUNNER_POLICY, type BodyPolicy } from '../policy/body-policy.ts';
import type { Preset } from './presets.ts';

export const CI_RUNNER_PRESET: Preset = {
  id: 'ci-runner',
  name: 'CI runner (run containers, bounded by a body policy)',
  note: 'CI runners driving the docker CLI (run, exec, logs, wait, stop, kill, rm) or the API: pull an image, create, start, attach to, wait for, exec in, stop and remove containers, with named volumes. `docker run` without -d attaches, then waits with POST /containers/{id}/wait (the CLI uses events only before API 1.30); with -t it resizes. Paired with the ci-runner body policy: no privileged, no added capabilities, no devices, no host namespaces, no bind mounts. Scoped: a profile made from it lists, inspects, execs in, attaches to, stops and removes only the containers and volumes made through it (labelled doxy.owner=PROFILE).',
  operations: [
    'GET /containers/json',
    'GET /containers/{id}/json',
    'POST /containers/create',
    'POST /containers/{id}/start',
    'POST /containers/{id}/attach',
    'POST /containers/{id}/wait',
    'POST /containers/{id}/resize',
    'GET /containers/{id}/logs',
    'POST /containers/{id}/stop',
    'POST /containers/{id}/kill',
    'DELETE /containers/{id}',
    'POST /containers/{id}/exec',
    'POST /exec/{id}/start',
    'POST /exec/{id}/resize',
    'GET /exec/{id}/json',
    'GET /images/json',
    'GET /images/{name}/json',
    'POST /images/create',
    'GET /volumes',
    'POST /volumes/create',
    'GET /volumes/{name}',
    'DELETE /volumes/{name}',
    'GET /info',
  ],
  policy: CI_RUNNER_POLICY,
  // Each job sees, stops and removes only the containers and volumes made through its own profile.
  scoped: true,
};

/** The body policy the preset pairs with: the server gives a profile made from the preset a copy of it. */
export const CI_RUNNER_PRESET_POLICY: BodyPolicy = CI_RUNNER_POLICY;
