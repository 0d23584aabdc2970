// The bodies the docker CLI (28.2, negotiated down to API 1.41) sent for real commands, captured byte for byte:
// doxy understands every field of them, and the policy answers as a user expects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CI_RUNNER_POLICY, HOST_NAMESPACES, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { checkBody } from '../../shared/policy/check-body.ts';
import { policedRequest } from '../../shared/policy/operations.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cli-bodies');

/** Grants everything the policy can grant: what is left to refuse is what doxy does not understand. */
const OPEN: BodyPolicy = {
  ...CI_RUNNER_POLICY,
  privileged: true,
  capabilities: ['ALL'],
  devices: true,
  hostNamespaces: HOST_NAMESPACES,
  binds: [{ path: '/', readOnly: false }],
};

const CASES: readonly { file: string; command: string; path: string; ciRunner: string | null }[] = [
  {
    file: 'run-named-volume-and-bind.json',
    command: 'docker run --rm -v cache:/cache -v /srv/ci/x:/w:ro --mount type=tmpfs,... --user 1000 -p 8080:80 --init',
    path: '/v1.41/containers/create',
    ciRunner: 'HostConfig.Binds[1]',
  },
  {
    file: 'run-detached-with-limits.json',
    command: 'docker run -d --restart always --log-opt --ulimit --memory --cpus --tmpfs --read-only --entrypoint ...',
    path: '/v1.41/containers/create',
    ciRunner: null,
  },
  {
    file: 'exec-privileged-root.json',
    command: 'docker exec -u 0 --privileged c1 ls',
    path: '/v1.41/containers/c1/exec',
    ciRunner: 'Privileged',
  },
  {
    file: 'volume-create-bind-root.json',
    command: 'docker volume create -o type=none -o o=bind -o device=/ root',
    path: '/v1.41/volumes/create',
    ciRunner: 'DriverOpts["device"]',
  },
  {
    file: 'update-memory.json',
    command: 'docker update --memory 8m c1',
    path: '/v1.41/containers/c1/update',
    ciRunner: null,
  },
  {
    file: 'service-create-bind-cap.json',
    command: 'docker service create --mount type=bind,src=/,dst=/h --cap-add SYS_ADMIN ...',
    path: '/v1.41/services/create',
    ciRunner: 'TaskTemplate.ContainerSpec.CapabilityAdd[0]',
  },
];

describe('bodies the docker CLI sends', () => {
  for (const c of CASES) {
    it(`${c.command}: every field understood; ci-runner ${c.ciRunner === null ? 'forwards it' : `denies ${c.ciRunner}`}`, () => {
      const body = readFileSync(join(DIR, c.file), 'utf8');
      const request = policedRequest({ method: 'POST', path: c.path });
      assert.ok(request !== null);
      const open = checkBody(request, body, OPEN);
      assert.ok(open.ok, JSON.stringify(open));
      // The CLI writes each key once with its canonical name: doxy forwards the same value.
      if (open.ok) assert.deepEqual(JSON.parse(open.body), JSON.parse(body));
      const ci = checkBody(request, body, CI_RUNNER_POLICY);
      assert.equal(ci.ok ? null : ci.field, c.ciRunner, JSON.stringify(ci));
    });
  }
});
