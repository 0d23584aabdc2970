// Podman 4.3 (`podman system service`, rootful) as the daemon behind doxy, for Docker clients: the docker CLI lists
// through the built-in rules and is refused a create; a first segment Podman reads as an API version and Docker does
// not (`/v1-x/`) is refused before any rule, so that it cannot slip past a deny rule.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker, dockerOk, uniqueName } from '../harness/docker-cli.ts';
import { TEST_IMAGE } from '../harness/dockerd.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { startPodmanService, type PodmanService } from '../harness/podman.ts';
import { agentSkip } from '../harness/agents/profile.ts';
import { http } from '../harness/raw-http.ts';

const skip = process.getuid?.() !== 0 ? 'rootful podman needs root' : agentSkip('podman', 'podman');

describe('Podman behind doxy, for Docker clients', { skip }, () => {
  const running = uniqueName('podman');
  let dir = '';
  let podman: PodmanService;
  let builtin: DoxyProcess;
  let denyExports: DoxyProcess;

  before(async () => {
    podman = await startPodmanService();
    // Rootful Podman here cannot raise the open-files and process limits it would copy from its own.
    const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
    podman.remote(['run', '-d', '--name', running, '--network', 'none', ...limits, TEST_IMAGE, 'sleep', '300']);
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-podman-'));
    builtin = await startDoxy({ dockerSocket: podman.socket, args: ['--debug'] });
    const patterns = join(dir, 'deny-exports.pattern');
    writeFileSync(patterns, 'deny GET /(v\\d+\\.\\d+/)?containers/[^/]+/export\nallow GET .*\n');
    denyExports = await startDoxy({ dockerSocket: podman.socket, args: ['--pattern-file', patterns] });
  });
  after(async () => {
    await builtin?.stop();
    await denyExports?.stop();
    await podman?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the docker CLI lists containers and images through the built-in rules', async () => {
    assert.match(
      await dockerOk(builtin.socket, ['ps', '--format', '{{.Names}} {{.Status}}']),
      new RegExp(`^${running} Up`, 'm'),
    );
    assert.match(
      await dockerOk(builtin.socket, ['images', '--format', '{{.Repository}}:{{.Tag}}']),
      /doxy-test-busybox:latest/,
    );
  });

  it("the docker CLI is refused a create with doxy's message, and Podman has no new container", async () => {
    const name = uniqueName('podman-denied');
    const r = await docker(builtin.socket, ['create', '--name', name, '--network', 'none', TEST_IMAGE, 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy: POST \/v1\.\d+\/containers\/create is denied: no rule allows it \(deny by default\)/);
    assert.deepEqual(podman.remote(['ps', '-a', '--format', '{{.Names}}']).trim().split('\n'), [running]);
  });

  it('a path Podman reads as versioned (/v1-x/, /v1.41abc/) is refused before the rules: the export stays denied', async () => {
    const denied = await http(denyExports.socket, `/v1.41/containers/${running}/export`);
    assert.equal(denied.status, 403);
    for (const version of ['v1-x', 'v1.41abc']) {
      const r = await http(denyExports.socket, `/${version}/containers/${running}/export`);
      assert.equal(r.status, 400, `${version}: ${r.status} with ${r.body.length} bytes`);
      assert.match(
        r.body,
        new RegExp(`API version \\\\"${version.replace('.', '\\.')}\\\\" is not of the form vN\\.N`),
      );
    }
    // The rules themselves still let the reads through.
    assert.equal((await http(denyExports.socket, '/v1.41/containers/json')).status, 200);
  });
});
