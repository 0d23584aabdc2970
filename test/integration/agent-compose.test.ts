// Debian's real docker-compose 1.29 (docker-py) through doxy: the compose preset runs a project, a read-only profile cannot.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { presetRules } from '../../shared/presets/presets.ts';
import { docker, exists, removeAll, uniqueName } from '../harness/docker-cli.ts';
import { sleep } from '../harness/dockerd.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { compose, composeFile, projectContainers, type ComposeProject } from '../harness/agents/compose.ts';
import {
  agentSkip,
  deniedRequests,
  preset,
  startDoxyWithPreset,
  startDoxyWithRules,
} from '../harness/agents/profile.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('docker-compose', 'docker-compose');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

/** docker-py's line for a refusal: the daemon's message, which is doxy's. */
function assertDeniedBy(r: { code: number | null; stdout: string; stderr: string }, what: RegExp): void {
  assert.notEqual(r.code, 0, `docker-compose must fail:\n${r.stdout}${r.stderr}`);
  assert.notEqual(r.code, null, 'docker-compose must not hang');
  assert.match(r.stderr, what);
}

describe('docker-compose through doxy', { skip }, () => {
  let dir = '';
  let project: ComposeProject;
  let readOnlyProject: ComposeProject;
  let full: DoxyProcess;
  let readOnly: DoxyProcess;
  const volume = (p: ComposeProject) => `${p.name}_data`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-compose-'));
    writeFileSync(join(dir, 'docker-compose.yml'), composeFile(image));
    project = { dir, name: uniqueName('compose') };
    readOnlyProject = { dir, name: uniqueName('compose-ro') };
    full = await startDoxyWithPreset(daemon, preset('compose'));
    // The compose preset's reads alone: what a dashboard that only watches compose projects would get.
    readOnly = await startDoxyWithRules(
      daemon,
      presetRules(preset('compose')).filter(
        (r) => r.methods !== '*' && r.methods.every((m) => m === 'GET' || m === 'HEAD'),
      ),
    );
  });
  after(async () => {
    await full?.stop();
    await readOnly?.stop();
    for (const p of [project, readOnlyProject]) {
      if (!p) continue;
      await removeAll(daemon, {
        containers: (await projectContainers(daemon, p.name)).map((l) => l.split(' ')[0] ?? ''),
      });
      await docker(daemon, ['volume', 'rm', volume(p)]);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('up -d creates and starts the service, and its volume', async () => {
    const r = await compose(full.socket, project, ['up', '-d']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await projectContainers(daemon, project.name), [`${project.name}_hello_1 running`]);
    assert.equal(await exists(daemon, 'volume', volume(project)), true);
  });

  it('ps lists the service as Up', async () => {
    const r = await compose(full.socket, project, ['ps']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${project.name}_hello_1 .* Up`));
  });

  it('logs shows what the service printed', async () => {
    let r = await compose(full.socket, project, ['logs', '--no-color']);
    for (let i = 0; i < 120 && !r.stdout.includes('second line from compose'); i++) {
      await sleep(250);
      r = await compose(full.socket, project, ['logs', '--no-color']);
    }
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hello_1 +\| first line from compose\n.*hello_1 +\| second line from compose/);
  });

  it('run --rm attaches to a one-off container, prints its output and removes it', async () => {
    const r = await compose(full.socket, project, ['run', '--rm', '-T', 'hello', 'echo', 'one-off from compose run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^one-off from compose run$/m);
    assert.deepEqual(await projectContainers(daemon, project.name), [`${project.name}_hello_1 running`]);
  });

  it("exec, which the compose preset leaves out, is denied with doxy's message", async () => {
    const r = await compose(full.socket, project, ['exec', '-T', 'hello', 'sh', '-c', 'echo ran > /data/marker']);
    assertDeniedBy(r, /doxy: POST \/v1\.41\/containers\/[\w.-]+\/exec is denied: no rule allows it/);
    const check = await docker(daemon, ['exec', `${project.name}_hello_1`, 'cat', '/data/marker']);
    assert.notEqual(check.code, 0, 'the command never ran');
  });

  it('under a read-only profile ps and logs still work', async () => {
    const ps = await compose(readOnly.socket, project, ['ps']);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, new RegExp(`${project.name}_hello_1 .* Up`));
    const logs = await compose(readOnly.socket, project, ['logs', '--no-color']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /second line from compose/);
  });

  it("under a read-only profile up -d fails with doxy's message and creates nothing on the daemon", async () => {
    const r = await compose(readOnly.socket, readOnlyProject, ['up', '-d']);
    assertDeniedBy(
      r,
      /doxy: POST \/v1\.41\/(volumes|containers)\/create is denied: no rule allows it \(deny by default\)/,
    );
    assert.deepEqual(await projectContainers(daemon, readOnlyProject.name), []);
    assert.equal(await exists(daemon, 'volume', volume(readOnlyProject)), false);
  });

  it("under a read-only profile down fails with doxy's message and the service keeps running", async () => {
    const r = await compose(readOnly.socket, project, ['down']);
    // docker-compose 1.29 prints the failed stop but still exits 0: what the user sees is the message.
    assert.match(
      r.stderr,
      /ERROR: for [\w.-]+_hello_1 +doxy: POST \/v1\.41\/containers\/[\w.-]+\/stop is denied: no rule allows it/,
    );
    assert.deepEqual(await projectContainers(daemon, project.name), [`${project.name}_hello_1 running`]);
  });

  it('down -v removes the service and its volume', async () => {
    const r = await compose(full.socket, project, ['down', '-v']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await projectContainers(daemon, project.name), []);
    assert.equal(await exists(daemon, 'volume', volume(project)), false);
  });

  it('the compose preset denied docker-compose nothing but the exec it leaves out', () => {
    assert.deepEqual(
      deniedRequests(full.output()).map((r) => r.replace(/containers\/[\w.-]+\//, 'containers/ID/')),
      ['POST /v1.41/containers/ID/exec'],
    );
  });
});
