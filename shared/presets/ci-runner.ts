// The ci-runner preset: a CI job's containers (create, start, wait, logs, attach, exec, stop, remove) and named
// volumes, with a body policy that keeps the host out of them: granting create no longer grants root.
import { CI_RUNNER_POLICY } from '../policy/body-policy.ts';
import type { Preset } from './presets.ts';

export const CI_RUNNER_PRESET: Preset = {
  id: 'ci-runner',
  name: 'CI runner (bounded by a body policy)',
  note: 'CI jobs: run containers (create, start, wait, logs, attach, exec, stop, remove) with named volumes; the body policy refuses privileged, host namespaces, devices, added capabilities and bind mounts.',
  operations: [
    'GET /containers/json',
    'GET /containers/{id}/json',
    'POST /containers/create',
    'POST /containers/{id}/start',
    'POST /containers/{id}/wait',
    'GET /containers/{id}/logs',
    'POST /containers/{id}/attach',
    'POST /containers/{id}/resize',
    'POST /containers/{id}/exec',
    'POST /exec/{id}/start',
    'POST /exec/{id}/resize',
    'GET /exec/{id}/json',
    'POST /containers/{id}/stop',
    'POST /containers/{id}/kill',
    'DELETE /containers/{id}',
    'GET /volumes',
    'POST /volumes/create',
    'GET /volumes/{name}',
    'DELETE /volumes/{name}',
  ],
  policy: CI_RUNNER_POLICY,
};
