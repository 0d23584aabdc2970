// One doxy, three sockets, three agents: Prometheus, docker-compose and a dockerode script, each on its own socket and
// profile (two from presets by --socket, one from the pattern file), and each refused what only the others may do.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import type { LogEntry } from '../../shared/protocol/log.ts';
import { presetRules } from '../../shared/presets/presets.ts';
import { docker, dockerOk, exists, removeAll, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { compose, composeFile, projectContainers, type ComposeProject } from '../harness/agents/compose.ts';
import { DOCKERODE_OPERATIONS, execWithInput, runOneOff } from '../harness/agents/dockerode.ts';
import { agentSkip, profileOf, startDoxyWithRules } from '../harness/agents/profile.ts';
import { startPrometheus, type Prometheus } from '../harness/agents/prometheus.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('prometheus', 'prometheus') || agentSkip('docker-compose', 'docker-compose');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('one doxy, three sockets, three agents', { skip }, () => {
  const watched = uniqueName('three-watched');
  const oneOff = uniqueName('three-run');
  let dir = '';
  let project: ComposeProject;
  let doxy: DoxyProcess;
  let prometheus: Prometheus;
  const sockets = { prometheus: '', compose: '', dockerode: '' };

  /** The request log on disk, one entry a line. */
  const logEntries = (): LogEntry[] =>
    readFileSync(`${doxy.dbFile}.requests.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogEntry);

  before(async () => {
    await dockerOk(daemon, [
      'run',
      '-d',
      '--network',
      'none',
      '--label',
      'doxy.three=watched',
      '--name',
      watched,
      image,
      'sleep',
      '300',
    ]);
    dir = mkdtempSync(join(tmpdir(), 'doxy-three-'));
    writeFileSync(join(dir, 'docker-compose.yml'), composeFile(image));
    project = { dir, name: uniqueName('three') };
    sockets.prometheus = join(dir, 'prometheus.sock');
    sockets.compose = join(dir, 'compose.sock');
    // The dockerode script's profile is the default one, from the pattern file, on doxy's --proxy-socket.
    doxy = await startDoxyWithRules(daemon, presetRules(profileOf('dockerode-script', DOCKERODE_OPERATIONS)), [
      '--socket',
      `${sockets.prometheus}=prometheus-docker`,
      '--socket',
      `${sockets.compose}=compose`,
    ]);
    sockets.dockerode = doxy.socket;
    prometheus = await startPrometheus(sockets.prometheus);
  });
  after(async () => {
    await prometheus?.stop();
    await doxy?.stop();
    const leftovers = project ? (await projectContainers(daemon, project.name)).map((l) => l.split(' ')[0] ?? '') : [];
    await removeAll(daemon, { containers: [watched, oneOff, ...leftovers] });
    if (project) await docker(daemon, ['volume', 'rm', `${project.name}_data`]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the three sockets from one process, each bound to its profile', () => {
    assert.ok(doxy.output().includes(`listening on ${sockets.dockerode} (mode 660)`), doxy.output());
    assert.ok(
      doxy.output().includes(`doxy: socket ${sockets.prometheus}: profile prometheus-docker, mode 660`),
      doxy.output(),
    );
    assert.ok(doxy.output().includes(`doxy: socket ${sockets.compose}: profile compose, mode 660`), doxy.output());
  });

  it('Prometheus discovers the running container through its socket', async () => {
    assert.equal((await prometheus.targetOf(watched)).__meta_docker_container_label_doxy_three, 'watched');
  });

  it('docker-compose runs up -d, ps, logs and down through its socket', async () => {
    for (const args of [['up', '-d'], ['ps'], ['logs', '--no-color'], ['down', '-v']]) {
      const r = await compose(sockets.compose, project, args);
      assert.equal(r.code, 0, `docker-compose ${args.join(' ')}:\n${r.stderr}`);
      if (args[0] === 'ps') assert.match(r.stdout, /_hello_1 .* Up/);
    }
    assert.deepEqual(await projectContainers(daemon, project.name), []);
  });

  it('the dockerode script lists, runs a one-off container and an attached exec through its socket', async () => {
    const client = new Docker({ socketPath: sockets.dockerode });
    assert.ok((await client.listContainers()).some((c) => c.Names.includes(`/${watched}`)));
    assert.equal(await runOneOff(client, image, oneOff, ['sh', '-c', 'exit 4']), 4);
    const { output, code } = await execWithInput(client, watched, 'three sockets', 'got: three sockets');
    assert.match(output, /got: three sockets/);
    assert.equal(code, 7);
  });

  // What one agent may do, sent on another agent's socket.
  const crossings = [
    {
      on: 'prometheus',
      may: 'compose and dockerode',
      method: 'POST',
      path: '/v1.41/containers/create',
      body: () => ({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } }),
      creates: 'container',
    },
    {
      on: 'prometheus',
      may: 'compose and dockerode',
      method: 'GET',
      path: () => `/v1.41/containers/${watched}/logs`,
      query: 'stdout=1',
    },
    {
      on: 'prometheus',
      may: 'dockerode',
      method: 'POST',
      path: () => `/v1.41/containers/${watched}/exec`,
      body: () => ({ Cmd: ['true'] }),
    },
    { on: 'compose', may: 'prometheus', method: 'GET', path: '/v1.41/networks' },
    {
      on: 'compose',
      may: 'dockerode',
      method: 'POST',
      path: () => `/v1.41/containers/${watched}/exec`,
      body: () => ({ Cmd: ['true'] }),
    },
    { on: 'dockerode', may: 'prometheus', method: 'GET', path: '/v1.41/networks' },
    {
      on: 'dockerode',
      may: 'compose',
      method: 'POST',
      path: '/v1.41/volumes/create',
      body: () => ({ Name: `${uniqueName('three-vol')}` }),
      creates: 'volume',
    },
    {
      on: 'dockerode',
      may: 'compose',
      method: 'POST',
      path: '/v1.41/networks/create',
      body: () => ({ Name: `${uniqueName('three-net')}` }),
      creates: 'network',
    },
  ] as const;
  for (const c of crossings) {
    const title = typeof c.path === 'string' ? c.path : c.path().replace(watched, '{id}');
    it(`the ${c.on} socket refuses ${c.method} ${title}, which only ${c.may} may do`, async () => {
      const path = typeof c.path === 'string' ? c.path : c.path();
      const body = 'body' in c ? c.body() : undefined;
      const name = uniqueName('three-create');
      const target = `${path}${'creates' in c && c.creates === 'container' ? `?name=${name}` : 'query' in c ? `?${c.query}` : ''}`;
      const r = await http(sockets[c.on], target, {
        method: c.method,
        ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
      assert.equal(r.status, 403, r.body);
      assert.deepEqual(JSON.parse(r.body), {
        message: `doxy: ${c.method} ${path} is denied: no rule allows it (deny by default)`,
      });
      if ('creates' in c) {
        const created = c.creates === 'container' ? name : (body as { Name: string }).Name;
        assert.equal(await exists(daemon, c.creates, created), false);
      }
    });
  }
  it("the request log names each request's profile; the agents themselves were refused nothing", async () => {
    await waitUntil(
      () => logEntries().filter((e) => e.verdict === 'deny').length >= crossings.length,
      'every refusal in the request log',
    );
    const entries = logEntries();
    const profileOf = new Map([
      [sockets.prometheus, 'prometheus-docker'],
      [sockets.compose, 'compose'],
      [sockets.dockerode, 'default'],
    ]);
    const seen = new Map<string, Set<string>>();
    for (const e of entries) {
      assert.ok(e.socket !== undefined && profileOf.has(e.socket), `socket of ${JSON.stringify(e)}`);
      assert.equal(e.profile, profileOf.get(e.socket));
      const key = e.profile ?? '';
      seen.set(
        key,
        (seen.get(key) ?? new Set()).add(
          `${e.verdict} ${e.method} ${e.path.replace(/\/containers\/[\w.-]+\//, '/containers/{id}/').replace(/\/exec\/\w+\//, '/exec/{id}/')}`,
        ),
      );
    }
    assert.ok(
      seen.get('prometheus-docker')?.has('allow GET /v1.41/containers/json'),
      JSON.stringify([...(seen.get('prometheus-docker') ?? [])]),
    );
    assert.ok(
      seen.get('compose')?.has('allow POST /v1.41/containers/create'),
      JSON.stringify([...(seen.get('compose') ?? [])]),
    );
    assert.ok(
      seen.get('default')?.has('allow POST /exec/{id}/start'),
      JSON.stringify([...(seen.get('default') ?? [])]),
    );
    const refused = entries
      .filter((e) => e.verdict !== 'allow')
      .map((e) => `${e.profile} ${e.method} ${e.path.replace(watched, '{id}')}`)
      .sort();
    const expected = crossings
      .map(
        (c) =>
          `${{ prometheus: 'prometheus-docker', compose: 'compose', dockerode: 'default' }[c.on]} ${c.method} ${(typeof c.path === 'string' ? c.path : c.path()).replace(watched, '{id}')}`,
      )
      .sort();
    assert.deepEqual(refused, expected);
  });
});
