// The body policy as real clients meet it: docker-compose (docker-py) and dockerode, each through a socket bound to
// its own preset's rules with the ci-runner policy. What the policy forbids is refused with doxy's message and leaves
// nothing on the daemon; what it allows runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { presetRules } from '../../shared/presets/presets.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { docker, exists, removeAll, uniqueName } from '../harness/docker-cli.ts';
import { dockerEnv } from '../harness/env.ts';
import { compose, composeFile, projectContainers, type ComposeProject } from '../harness/agents/compose.ts';
import { DOCKERODE_OPERATIONS, runOneOff } from '../harness/agents/dockerode.ts';
import { agentSkip, profileOf } from '../harness/agents/profile.ts';
import { addPolicedSocket } from '../harness/policed-socket.ts';

const { env, skip: noDocker } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

/** A compose project of one service that asks for `extra` (YAML lines under the service). */
function forbiddenCompose(extra: readonly string[]): string {
  return [
    'version: "2.4"',
    'services:',
    '  job:',
    `    image: ${image}`,
    '    network_mode: none',
    '    command: ["true"]',
    ...extra.map((l) => `    ${l}`),
    '',
  ].join('\n');
}

describe('the body policy with real clients', { skip: noDocker }, () => {
  let dir = '';
  let a: AdminDoxy;
  let composeSocket = '';
  let dockerodeSocket = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-policy-agents-'));
    composeSocket = join(dir, 'compose.sock');
    dockerodeSocket = join(dir, 'dockerode.sock');
    a = await startAdminDoxy({ dockerSocket: daemon, dir, args: ['--debug'] });
    await addPolicedSocket(a, composeSocket, 'compose-ci', { preset: 'compose' }, CI_RUNNER_POLICY);
    const rules = presetRules(profileOf('dockerode-script', DOCKERODE_OPERATIONS));
    await addPolicedSocket(a, dockerodeSocket, 'dockerode-ci', { rules }, CI_RUNNER_POLICY);
  });
  after(async () => {
    await a?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('docker-compose', { skip: agentSkip('docker-compose', 'docker-compose') }, () => {
    const projects: ComposeProject[] = [];
    const project = (what: string, file: string): ComposeProject => {
      const p = { dir: mkdtempSync(join(dir, `${what}-`)), name: uniqueName(what) };
      writeFileSync(join(p.dir, 'docker-compose.yml'), file);
      projects.push(p);
      return p;
    };
    after(async () => {
      for (const p of projects) {
        const names = (await projectContainers(daemon, p.name)).map((l) => l.split(' ')[0] ?? '');
        await removeAll(daemon, { containers: names });
        await docker(daemon, ['volume', 'rm', '-f', `${p.name}_data`]);
      }
    });

    for (const { what, extra, field } of [
      { what: 'privileged', extra: ['privileged: true'], field: 'HostConfig.Privileged' },
      { what: 'hostbind', extra: ['volumes: ["/:/host"]'], field: 'HostConfig.Binds[0]' },
      { what: 'capadd', extra: ['cap_add: ["SYS_ADMIN"]'], field: 'HostConfig.CapAdd[0]' },
    ]) {
      it(`a service with ${extra[0]} is refused naming ${field}; no container is made`, async () => {
        const p = project(what, forbiddenCompose(extra));
        const r = await compose(composeSocket, p, ['up', '-d']);
        assert.notEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(
          r.stderr,
          new RegExp(
            `is denied: ${field.replace(/[.[\]]/g, (c) => `\\${c}`)}( .*)? (is not allowed|outside the allowed ones)`,
          ),
        );
        assert.deepEqual(await projectContainers(daemon, p.name), []);
      });
    }

    it('an ordinary project with a named volume comes up and goes down', async () => {
      const p = project('ok', composeFile(image));
      const up = await compose(composeSocket, p, ['up', '-d']);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const containers = await projectContainers(daemon, p.name);
      assert.equal(containers.length, 1, containers.join('\n'));
      assert.match(containers[0] ?? '', / running$/);
      const down = await compose(composeSocket, p, ['down', '-v', '-t', '1']);
      assert.equal(down.code, 0, down.stdout + down.stderr);
    });
  });

  describe('dockerode', () => {
    const names: string[] = [];
    after(async () => {
      await removeAll(daemon, { containers: names });
    });

    for (const { what, hostConfig, field } of [
      { what: 'privileged', hostConfig: { Privileged: true }, field: 'HostConfig.Privileged' },
      { what: 'binds', hostConfig: { Binds: ['/:/host'] }, field: 'HostConfig.Binds[0]' },
      { what: 'pid', hostConfig: { PidMode: 'host' }, field: 'HostConfig.PidMode' },
    ]) {
      it(`createContainer with ${what} rejects with doxy's 403 naming ${field}; no container is made`, async () => {
        const client = new Docker({ socketPath: dockerodeSocket });
        const name = uniqueName(`dockerode-${what}`);
        names.push(name);
        const error = await client
          .createContainer({ name, Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none', ...hostConfig } })
          .then(
            () => null,
            (e: unknown) => e as { statusCode?: number; message?: string },
          );
        assert.equal(error?.statusCode, 403, String(error?.message));
        assert.match(
          String(error?.message),
          new RegExp(
            `${field.replace(/[.[\]]/g, (c) => `\\${c}`)}( .*)? (is not allowed|outside the allowed ones) \\(profile dockerode-ci\\)`,
          ),
        );
        assert.equal(await exists(daemon, 'container', name), false);
      });
    }

    it('an ordinary one-off container runs to its exit code', async () => {
      const client = new Docker({ socketPath: dockerodeSocket });
      const name = uniqueName('dockerode-ok');
      names.push(name);
      assert.equal(await runOneOff(client, image, name, ['sh', '-c', 'exit 3']), 3);
    });
  });
});
