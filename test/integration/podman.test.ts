// Podman 4.3 (`podman system service`, rootful) as the daemon behind doxy. doxy says it fronts Podman; the docker CLI
// and Podman's own client (`podman --remote`, which speaks the libpod API: /v4.3.1/libpod/...) both list through the
// built-in rules and are refused a create with doxy's message; a libpod export or archive is refused in Podman's error
// shape; a first segment Podman reads as an API version and Docker does not (`/v1-x/`) is refused before any rule, so
// that it cannot slip past a deny rule. Podman's own inspect has its environment redacted like Docker's, and a scoped
// profile refuses the libpod API (but its ping, version and info). In front of Docker, a libpod path the rules allow
// goes to Docker, which 404s.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker, dockerOk, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import { TEST_IMAGE } from '../harness/dockerd.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import type { EngineResponse } from '../../shared/protocol/engine.ts';
import type { ScopeResponse } from '../../shared/protocol/scope.ts';
import { podmanRemote, startPodmanService, type PodmanService } from '../harness/podman.ts';
import { agentSkip } from '../harness/agents/profile.ts';
import { http } from '../harness/raw-http.ts';

const skip = process.getuid?.() !== 0 ? 'rootful podman needs root' : agentSkip('podman', 'podman');
const docked = dockerEnv();
/** What Podman 4.3's service says it is: its release, its libpod API and the Docker API it serves. */
const PODMAN = /Podman \d+\.\d+\.\d+ \(libpod API \d+\.\d+\.\d+, Docker API 1\.\d+\)/;

describe('Podman behind doxy', { skip }, () => {
  const running = uniqueName('podman');
  let dir = '';
  let podman: PodmanService;
  let admin: AdminDoxy;
  let builtin: DoxyProcess;
  let denyExports: DoxyProcess;
  /** A socket bound to a profile made from ci-runner: a body policy (its rules get widened by a test), scoped. */
  let policed = '';
  const scopeCiRunner = async (scoped: boolean): Promise<void> => {
    const { revision } = (await admin.call('/api/scope?profile=ci-runner')).body as ScopeResponse;
    const put = await admin.call('/api/scope?profile=ci-runner', {
      method: 'PUT',
      body: { basedOn: revision, scoped },
    });
    assert.equal(put.status, 200, put.text);
  };

  before(async () => {
    podman = await startPodmanService();
    // Rootful Podman here cannot raise the open-files and process limits it would copy from its own.
    const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
    podman.remote(['run', '-d', '--name', running, '--network', 'none', ...limits, TEST_IMAGE, 'sleep', '300']);
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-podman-'));
    policed = join(dir, 'policed.sock');
    admin = await startAdminDoxy({
      dockerSocket: podman.socket,
      args: ['--debug', '--socket', `${policed}=ci-runner`],
    });
    builtin = admin.doxy;
    const patterns = join(dir, 'deny-exports.pattern');
    // Podman's client pulls (POST /libpod/images/pull) before any create, whatever its --pull: granted here.
    writeFileSync(
      patterns,
      'deny GET /(v\\d+\\.\\d+/)?containers/[^/]+/export\nallow GET .*\nallow POST /v\\d+\\.\\d+\\.\\d+/libpod/images/pull\n',
    );
    denyExports = await startDoxy({ dockerSocket: podman.socket, args: ['--pattern-file', patterns] });
  });
  after(async () => {
    await admin?.stop();
    await denyExports?.stop();
    await podman?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('doxy says at start that the daemon is Podman, with its release and API versions', async () => {
    const line = new RegExp(`^doxy: daemon at ${podman.socket} is ${PODMAN.source}$`, 'm');
    // Podman 4.3 takes seconds to answer /version (it asks conmon and the OCI runtime for theirs).
    await waitUntil(() => line.test(builtin.output()), 'the engine line', 20_000);
    const r = await admin.call('/api/engine');
    assert.equal(r.status, 200);
    const { engine } = r.body as EngineResponse;
    assert.equal(engine?.name, 'Podman');
    assert.match(`${engine.name} ${engine.version} (libpod API ${engine.libpodApi}, Docker API ${engine.api})`, PODMAN);
  });

  it(
    'doxy names the engine again when the daemon answers after a failed request, whichever engine it is now',
    { skip: docked.skip },
    async () => {
      // One --docker-socket path, pointed in turn at nothing, at Docker and at Podman: a symlink, as a host's
      // /var/run/docker.sock may be when an engine is swapped for the other.
      const link = join(dir, 'engine.sock');
      symlinkSync(join(dir, 'absent.sock'), link);
      const late = await startDoxy({ dockerSocket: link });
      try {
        const said = (engine: RegExp): RegExp => new RegExp(`^doxy: daemon at ${link} is ${engine.source}$`, 'gm');
        rmSync(link);
        symlinkSync(docked.env?.socket ?? '', link);
        // Asked again every 2 s while nothing answered.
        await waitUntil(() => said(/Docker \S+ \(API 1\.\d+; no libpod API\)/).test(late.output()), 'Docker', 20_000);
        rmSync(link);
        symlinkSync(join(dir, 'absent.sock'), link);
        assert.equal((await http(late.socket, '/v1.41/containers/json')).status, 502);
        rmSync(link);
        symlinkSync(podman.socket, link);
        await waitUntil(() => said(PODMAN).test(late.output()), `Podman in:\n${late.output()}`, 20_000);
        assert.equal((await http(late.socket, '/v4.3.1/libpod/containers/json')).status, 200);
      } finally {
        await late.stop();
      }
    },
  );

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

  it('podman --remote lists containers, images, pods, networks and volumes through the built-in rules', async () => {
    const ps = await podmanRemote(builtin.socket, ['ps', '--format', '{{.Names}} {{.Status}}']);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, new RegExp(`^${running} Up`, 'm'));
    const images = await podmanRemote(builtin.socket, ['images', '--format', '{{.Repository}}:{{.Tag}}']);
    assert.equal(images.code, 0, images.stderr);
    assert.match(images.stdout, /doxy-test-busybox:latest/);
    const inspect = await podmanRemote(builtin.socket, ['container', 'inspect', '--format', '{{.Name}}', running]);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.equal(inspect.stdout.trim(), running);
    for (const args of [['pod', 'ps'], ['network', 'ls'], ['volume', 'ls'], ['version']]) {
      const r = await podmanRemote(builtin.socket, args);
      assert.equal(r.code, 0, `podman ${args.join(' ')}: ${r.stderr}`);
    }
    assert.match(
      podman.output() + builtin.output(),
      / 200 \S+ GET \/v\d+\.\d+\.\d+\/libpod\/_ping allow rule=libpod-ping /,
    );
    assert.match(
      builtin.output(),
      / 200 \S+ GET \/v\d+\.\d+\.\d+\/libpod\/containers\/json allow rule=libpod-containers /,
    );
  });

  it("podman inspect through doxy shows a secret's name but not its value; Podman's own socket shows it", async () => {
    const name = uniqueName('podman-secret');
    const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
    podman.remote(['create', '--name', name, '-e', 'SECRET=hunter2-podman', ...limits, TEST_IMAGE, 'true']);
    try {
      const format = '{{range .Config.Env}}{{println .}}{{end}}';
      const direct = podman.remote(['container', 'inspect', '--format', format, name]);
      assert.match(direct, /^SECRET=hunter2-podman$/m);
      for (const client of [
        ['container', 'inspect', name],
        ['container', 'inspect', '--format', format, name],
      ]) {
        const r = await podmanRemote(builtin.socket, client);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /SECRET=<redacted by doxy>/);
        assert.doesNotMatch(r.stdout, /hunter2/);
      }
      // The Docker-compatible inspect of the same container, as before.
      const compat = await dockerOk(builtin.socket, ['inspect', name]);
      assert.match(compat, /SECRET=<redacted by doxy>/);
      assert.doesNotMatch(compat, /hunter2/);
    } finally {
      podman.remote(['rm', '--force', name]);
    }
  });

  it("both clients are refused a create with doxy's message, and Podman has no new container", async () => {
    const name = uniqueName('podman-denied');
    const r = await docker(builtin.socket, ['create', '--name', name, '--network', 'none', TEST_IMAGE, 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy: POST \/v1\.\d+\/containers\/create is denied: no rule allows it \(deny by default\)/);
    // Podman's client pulls before it creates, even with --pull never: under the built-in rules that is refused first.
    const pull = await podmanRemote(builtin.socket, ['create', '--pull', 'never', '--name', name, TEST_IMAGE, 'true']);
    assert.notEqual(pull.code, 0);
    assert.match(
      pull.stderr,
      /^Error: doxy: POST \/v\d+\.\d+\.\d+\/libpod\/images\/pull is denied: no rule allows it \(deny by default\)$/m,
    );
    // With the pull granted (and the image there), the create itself is refused.
    const p = await podmanRemote(denyExports.socket, ['create', '--pull', 'never', '--name', name, TEST_IMAGE, 'true']);
    assert.notEqual(p.code, 0);
    assert.match(
      p.stderr,
      /^Error: doxy: POST \/v\d+\.\d+\.\d+\/libpod\/containers\/create is denied: no rule allows it \(deny by default\)$/m,
    );
    assert.deepEqual(podman.remote(['ps', '-a', '--format', '{{.Names}}']).trim().split('\n'), [running]);
  });

  it('on a profile with a body policy, a libpod write with a body is denied unread, whatever the rules allow', async () => {
    // The body policy alone: the ci-runner preset is scoped too, which refuses libpod paths before any body is read
    // (the next test).
    await scopeCiRunner(false);
    const { revision } = (await admin.call('/api/rules?profile=ci-runner')).body as { revision: number };
    const everything = {
      id: 'all',
      action: 'allow',
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      pattern: '/.*',
      comment: '',
      enabled: true,
    };
    const put = await admin.call('/api/rules?profile=ci-runner&confirm=1', {
      method: 'PUT',
      body: { basedOn: revision, rules: [everything] },
    });
    assert.equal(put.status, 200, put.text);
    const name = uniqueName('podman-policed');
    const p = await podmanRemote(policed, [
      'create',
      '--pull',
      'never',
      '--privileged',
      '--name',
      name,
      TEST_IMAGE,
      'true',
    ]);
    assert.notEqual(p.code, 0);
    assert.match(
      p.stderr,
      /^Error: doxy: POST \/v\d+\.\d+\.\d+\/libpod\/containers\/create is denied: the body policy reads the Docker API's bodies, not Podman's libpod ones: use the Docker-compatible API \(profile ci-runner\)$/m,
    );
    assert.deepEqual(podman.remote(['ps', '-a', '--format', '{{.Names}}']).trim().split('\n'), [running]);
    // A libpod write without a body reaches Podman (here: its own 404 for a container that does not exist).
    const start = await http(policed, '/v4.3.1/libpod/containers/no-such-container-here/start', { method: 'POST' });
    assert.equal(start.status, 404, start.body);
    assert.doesNotMatch(start.body, /doxy/);
    // The Docker API's create on the same socket is read, and bounded, by the policy.
    const d = await docker(policed, [
      'create',
      '--privileged',
      '--network',
      'none',
      '--name',
      name,
      TEST_IMAGE,
      'true',
    ]);
    assert.notEqual(d.code, 0);
    assert.match(
      d.stderr,
      /doxy: POST \/v1\.\d+\/containers\/create is denied: HostConfig\.Privileged is not allowed \(profile ci-runner\)/,
    );
  });

  it("on a scoped profile, Podman's libpod API is refused but for _ping, version and info; Docker's API is scoped", async () => {
    await scopeCiRunner(true);
    // Every operation is granted by the rules (the test before): what refuses is scoping alone.
    for (const path of ['/containers/json?all=true', `/containers/${running}/json`, '/events', '/system/df'] as const) {
      const r = await http(policed, `/v4.3.1/libpod${path}`);
      assert.equal(r.status, 403, `${path}: ${r.body}`);
      assert.match(r.body, /Podman's libpod API, which scoping does not bound/);
    }
    for (const path of ['/_ping', '/version', '/info'])
      assert.equal((await http(policed, `/v4.3.1/libpod${path}`)).status, 200, path);
    const ps = await podmanRemote(policed, ['ps', '-a']);
    assert.notEqual(ps.code, 0);
    assert.match(
      ps.stderr,
      /libpod\/containers\/json is denied: it is Podman's libpod API, which scoping does not bound/,
    );
    // The Docker API on the same socket lists the profile's own containers only: none, not Podman's running one.
    assert.equal(await dockerOk(policed, ['ps', '-a', '--format', '{{.Names}}']), '');
    const logs = await docker(policed, ['logs', running]);
    assert.match(logs.stderr, new RegExp(`No such container: ${running}`));
  });

  it("a libpod export or archive is refused in Podman's error shape; a Docker path's refusal stays Docker's", async () => {
    for (const path of [`/containers/${running}/export`, `/containers/${running}/archive?path=/etc`]) {
      const r = await http(builtin.socket, `/v4.3.1/libpod${path}`);
      assert.equal(r.status, 403, path);
      assert.deepEqual(JSON.parse(r.body), {
        cause: 'denied by doxy',
        message: `doxy: GET /v4.3.1/libpod${path.split('?')[0]} is denied: no rule allows it (deny by default)`,
        response: 403,
      });
    }
    const compat = await http(builtin.socket, `/v1.41/containers/${running}/export`);
    assert.equal(compat.status, 403);
    assert.deepEqual(Object.keys(JSON.parse(compat.body) as object), ['message']);
    // What Podman's client prints for them: doxy's message, and no file is written.
    const out = join(dir, 'export.tar');
    const exported = await podmanRemote(builtin.socket, ['export', '--output', out, running]);
    assert.notEqual(exported.code, 0);
    assert.match(exported.stderr, /doxy: GET \/v\d+\.\d+\.\d+\/libpod\/containers\/[^/]+\/export is denied/);
    assert.ok(!existsSync(out) || readFileSync(out).length === 0, 'nothing exported');
    const copied = await podmanRemote(builtin.socket, ['cp', `${running}:/etc/hostname`, join(dir, 'hostname')]);
    assert.notEqual(copied.code, 0);
    // Its client stats the path first (HEAD .../archive): an answer without a body, so it can only name the status.
    assert.match(copied.stderr, /^Error: "\/etc\/hostname" could not be found on container \S+: 403 Forbidden$/m);
    assert.ok(!existsSync(join(dir, 'hostname')));
  });

  it('a path Podman reads as versioned (/v1-x/, /v1.41abc/, /v4.3.1/ outside libpod) is refused before the rules: the export stays denied', async () => {
    const denied = await http(denyExports.socket, `/v1.41/containers/${running}/export`);
    assert.equal(denied.status, 403);
    for (const version of ['v1-x', 'v1.41abc', 'v4.3.1']) {
      const r = await http(denyExports.socket, `/${version}/containers/${running}/export`);
      assert.equal(r.status, 400, `${version}: ${r.status} with ${r.body.length} bytes`);
      assert.match(
        r.body,
        new RegExp(`API version \\\\"${version.replaceAll('.', '\\.')}\\\\" is not of the form vN\\.N`),
      );
    }
    // An odd version before libpod is refused too, in Podman's shape.
    const libpod = await http(denyExports.socket, `/v4.3.1.0/libpod/containers/${running}/export`);
    assert.equal(libpod.status, 400);
    assert.deepEqual(
      { ...(JSON.parse(libpod.body) as object), message: undefined },
      { cause: 'ambiguous request refused by doxy', message: undefined, response: 400 },
    );
    // The rules themselves still let the reads through.
    assert.equal((await http(denyExports.socket, '/v1.41/containers/json')).status, 200);
  });
});

describe('Podman clients pointed at a doxy in front of Docker', { skip: skip || docked.skip }, () => {
  let doxy: DoxyProcess;
  before(async () => {
    doxy = await startDoxy({ dockerSocket: docked.env?.socket ?? '' });
  });
  after(async () => {
    await doxy?.stop();
  });

  it('doxy says the daemon is Docker; a libpod path the rules allow reaches Docker, which has no such route', async () => {
    const line = new RegExp(
      `^doxy: daemon at ${docked.env?.socket ?? ''} is Docker \\S+ \\(API 1\\.\\d+; no libpod API\\)$`,
      'm',
    );
    await waitUntil(() => line.test(doxy.output()), 'the engine line', 20_000);
    const r = await http(doxy.socket, '/v4.3.1/libpod/containers/json');
    assert.deepEqual([r.status, JSON.parse(r.body)], [404, { message: 'page not found' }]);
    // Podman's client reads only the status of its first ping: the start line is where a user learns why.
    const ps = await podmanRemote(doxy.socket, ['ps']);
    assert.notEqual(ps.code, 0);
    assert.match(ps.stderr, /ping response was 404/);
  });
});
