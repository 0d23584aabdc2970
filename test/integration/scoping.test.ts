// Ownership scoping on the real daemon: two sockets on two scoped profiles made from one preset by
// --socket PATH=NAME,from=PRESET (every operation granted, so that what keeps them apart is scoping alone). Each runs
// a docker-compose project and never sees, stops or removes the other's containers or volumes, nor one made directly
// on the daemon, which answer as missing ones do; their events carry only their own containers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScopeResponse } from '../../shared/protocol/scope.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { compose, composeFile, projectContainers, type ComposeProject } from '../harness/agents/compose.ts';
import { agentSkip } from '../harness/agents/profile.ts';
import { docker, dockerOk, exists, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('docker-compose', 'docker-compose');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

const container = (p: ComposeProject): string => `${p.name}_hello_1`;
const volume = (p: ComposeProject): string => `${p.name}_data`;

describe('ownership scoping: two scoped profiles from one preset', { skip }, () => {
  let dir = '';
  let a: AdminDoxy;
  const sock = { a: '', b: '' };
  let pa: ComposeProject;
  let pb: ComposeProject;
  let direct = '';
  let since = 0;
  const networks: string[] = [];
  const extra: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-scoping-'));
    writeFileSync(join(dir, 'docker-compose.yml'), composeFile(image));
    sock.a = join(dir, 'a.sock');
    sock.b = join(dir, 'b.sock');
    pa = { dir, name: uniqueName('scope-a') };
    pb = { dir, name: uniqueName('scope-b') };
    a = await startAdminDoxy({
      dockerSocket: daemon,
      dir,
      args: ['--socket', `${sock.a}=job-a,from=portainer`, '--socket', `${sock.b}=job-b,from=portainer`],
    });
    for (const profile of ['job-a', 'job-b']) {
      const before = (await a.call(`/api/scope?profile=${profile}`)).body as ScopeResponse;
      assert.equal(before.scoped, false);
      const put = await a.call(`/api/scope?profile=${profile}`, {
        method: 'PUT',
        body: { basedOn: before.revision, scoped: true },
      });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual((put.body as ScopeResponse).label, `doxy.owner=${profile}`);
    }
    direct = await startContainer(daemon, image, uniqueName('scope-direct'), ['sleep', '300']);
    since = Math.floor(Date.now() / 1000) - 1;
  });
  after(async () => {
    await a?.stop();
    for (const p of [pa, pb]) {
      if (!p) continue;
      await removeAll(daemon, {
        containers: (await projectContainers(daemon, p.name)).map((l) => l.split(' ')[0] ?? ''),
      });
      await docker(daemon, ['volume', 'rm', volume(p)]);
    }
    await removeAll(daemon, { containers: [direct, ...extra].filter(Boolean), networks });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('docker-compose up -d works through each, and what it made carries its profile', async () => {
    for (const [p, s] of [
      [pa, sock.a],
      [pb, sock.b],
    ] as const) {
      const r = await compose(s, p, ['up', '-d']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await projectContainers(daemon, p.name), [`${container(p)} running`]);
    }
    const owner = '{{index .Config.Labels "doxy.owner"}}';
    assert.equal((await dockerOk(daemon, ['inspect', '-f', owner, container(pa)])).trim(), 'job-a');
    assert.equal((await dockerOk(daemon, ['inspect', '-f', owner, container(pb)])).trim(), 'job-b');
    const volumeOwner = '{{index .Labels "doxy.owner"}}';
    assert.equal((await dockerOk(daemon, ['volume', 'inspect', '-f', volumeOwner, volume(pa)])).trim(), 'job-a');
  });

  it('docker-compose ps and logs work through each, and see only their own project', async () => {
    const ps = await compose(sock.a, pa, ['ps']);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, new RegExp(`${container(pa)} .* Up`));
    // B's project through A's socket: nothing there.
    const other = await compose(sock.a, pb, ['ps']);
    assert.equal(other.code, 0, other.stderr);
    assert.doesNotMatch(other.stdout, new RegExp(container(pb)));
    let logs = await compose(sock.b, pb, ['logs', '--no-color']);
    for (let i = 0; i < 40 && !logs.stdout.includes('second line from compose'); i++) {
      await sleep(250);
      logs = await compose(sock.b, pb, ['logs', '--no-color']);
    }
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /hello_1 +\| second line from compose/);
    const otherLogs = await compose(sock.b, pa, ['logs', '--no-color']);
    assert.doesNotMatch(otherLogs.stdout, /second line from compose/);
  });

  it('docker ps -a through one lists only its own containers', async () => {
    const names = async (s: string) =>
      (await dockerOk(s, ['ps', '-a', '--format', '{{.Names}}'])).split('\n').filter(Boolean);
    assert.deepEqual(await names(sock.a), [container(pa)]);
    assert.deepEqual(await names(sock.b), [container(pb)]);
    // The client's own filters are kept, and cannot widen what it sees.
    const widened = await dockerOk(sock.a, [
      'ps',
      '-a',
      '--filter',
      'label=doxy.owner=job-b',
      '--format',
      '{{.Names}}',
    ]);
    assert.equal(widened.trim(), '');
    const volumes = (await dockerOk(sock.a, ['volume', 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean);
    assert.deepEqual(volumes, [volume(pa)]);
  });

  it("docker logs, stop and rm of the other's container, or of one made on the daemon, answer No such container", async () => {
    for (const name of [container(pb), direct]) {
      for (const args of [
        ['logs', name],
        ['stop', '-t', '1', name],
        ['rm', name],
        ['exec', name, 'true'],
      ]) {
        const r = await docker(sock.a, args);
        assert.notEqual(r.code, 0, `${args.join(' ')} must fail`);
        assert.match(r.stderr, new RegExp(`No such container: ${name}`), args.join(' '));
      }
    }
    // rm -f of a missing container succeeds quietly in the CLI: so it does here, and nothing is removed.
    assert.equal((await docker(sock.a, ['rm', '-f', container(pb), direct])).code, 0);
    assert.deepEqual(await projectContainers(daemon, pb.name), [`${container(pb)} running`]);
    assert.equal((await dockerOk(daemon, ['inspect', '-f', '{{.State.Running}}', direct])).trim(), 'true');
    const rmVolume = await docker(sock.a, ['volume', 'rm', volume(pb)]);
    assert.notEqual(rmVolume.code, 0);
    assert.match(rmVolume.stderr, /no such volume/);
    assert.equal(await exists(daemon, 'volume', volume(pb)), true);
  });

  it('answers exactly what the daemon answers for a missing object, by name and by id', async () => {
    const id = (await dockerOk(daemon, ['inspect', '-f', '{{.Id}}', container(pb)])).trim();
    for (const [path, missing] of [
      [`/v1.41/containers/${container(pb)}/json`, '/v1.41/containers/doxy-it-no-such-container/json'],
      [`/v1.41/containers/${id}/json`, '/v1.41/containers/doxy-it-no-such-container/json'],
      [`/v1.41/volumes/${volume(pb)}`, '/v1.41/volumes/doxy-it-no-such-volume'],
    ] as const) {
      const hidden = await http(sock.a, path);
      const gone = await http(daemon, missing);
      assert.equal(hidden.status, 404);
      assert.equal(gone.status, 404);
      const ref = path.split('/')[3] ?? '';
      assert.equal(hidden.body.toString(), gone.body.toString().replace(missing.split('/')[3] ?? '', ref));
    }
  });

  it("an exec instance in the other's container answers No such exec instance: inspect, start and resize", async () => {
    const json = { 'Content-Type': 'application/json' };
    const made = await http(sock.b, `/v1.41/containers/${container(pb)}/exec`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ Cmd: ['true'] }),
    });
    assert.equal(made.status, 201, made.body);
    const id = (JSON.parse(made.body) as { Id: string }).Id;
    assert.equal((await http(sock.b, `/v1.41/exec/${id}/json`)).status, 200);
    const missing = 'doxy-it-no-such-exec';
    for (const [method, suffix, body] of [
      ['GET', '/json', undefined],
      ['POST', '/start', JSON.stringify({ Detach: true })],
      ['POST', '/resize?h=10&w=80', undefined],
    ] as const) {
      const options = { method, ...(body === undefined ? {} : { headers: json, body }) };
      const hidden = await http(sock.a, `/v1.41/exec/${id}${suffix}`, options);
      const gone = await http(daemon, `/v1.41/exec/${missing}${suffix}`, options);
      assert.equal(hidden.status, 404, `${method} ${suffix}: ${hidden.body}`);
      assert.equal(gone.status, 404, `${method} ${suffix}: ${gone.body}`);
      assert.equal(hidden.body, gone.body.replace(missing, id), `${method} ${suffix}`);
    }
    // Nothing ran: the exec was never started.
    const after = JSON.parse((await http(sock.b, `/v1.41/exec/${id}/json`)).body) as { Running: boolean; Pid: number };
    assert.equal(after.Pid, 0);
    // Its own: docker exec (create, then start on an upgraded connection) works through the scoped profile.
    const own = await docker(sock.b, ['exec', container(pb), 'echo', 'exec through a scoped profile']);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(own.stdout, 'exec through a scoped profile\n');
  });

  it("a create or rename to a name the other's container holds fails without naming that container", async () => {
    const id = (await dockerOk(daemon, ['inspect', '-f', '{{.Id}}', container(pb)])).trim();
    const created = await docker(sock.a, ['create', '--name', container(pb), '--network', 'none', image, 'true']);
    assert.notEqual(created.code, 0);
    assert.match(
      created.stderr,
      new RegExp(`The container name "/${container(pb)}" is already in use by another container`),
    );
    const mine = uniqueName('scope-rename');
    await dockerOk(sock.a, ['create', '--name', mine, '--network', 'none', image, 'true']);
    extra.push(mine);
    const renamed = await docker(sock.a, ['rename', mine, container(pb)]);
    assert.notEqual(renamed.code, 0);
    assert.match(renamed.stderr, /is already in use by another container/);
    for (const r of [created, renamed]) {
      assert.doesNotMatch(r.stderr, new RegExp(id.slice(0, 12)));
    }
    // The daemon itself names it: what doxy cuts.
    const direct = await docker(daemon, ['create', '--name', container(pb), '--network', 'none', image, 'true']);
    assert.match(direct.stderr, new RegExp(`in use by container "${id}"`));
  });

  it('docker system df, which lists every container and volume on the daemon, is refused', async () => {
    const r = await docker(sock.a, ['system', 'df', '-v']);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /doxy: GET \/v1\.\d+\/system\/df is denied: it lists every container and volume on the daemon, not only the profile's \(profile job-a\)/,
    );
    assert.doesNotMatch(r.stdout, new RegExp(container(pb)));
  });

  it("docker run attaches to its own container; one that mounts the other's volume or joins its namespaces is refused", async () => {
    const run = await docker(sock.a, [
      'run',
      '--rm',
      '--network',
      'none',
      image,
      'echo',
      'ran through a scoped profile',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'ran through a scoped profile\n');
    for (const [args, field] of [
      [['-v', `${volume(pb)}:/data`], /HostConfig\.(Binds|Mounts) names the volume/],
      [['--mount', `type=volume,source=${volume(pb)},target=/data`], /HostConfig\.Mounts names the volume/],
      [['--volumes-from', container(pb)], /HostConfig\.VolumesFrom names the container/],
      [['--pid', `container:${direct}`], /HostConfig\.PidMode names the container/],
      [['-v', 'doxy-it-no-such-volume:/data'], /names the volume "doxy-it-no-such-volume", which is not one of/],
    ] as const) {
      const name = uniqueName('scope-ref');
      const r = await docker(sock.a, ['create', '--name', name, '--network', 'none', ...args, image, 'true']);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, field, args.join(' '));
      assert.equal(await exists(daemon, 'container', name), false);
    }
  });

  it('a create naming another owner is refused, and nothing is made', async () => {
    const name = uniqueName('scope-spoof');
    const r = await docker(sock.a, ['create', '--name', name, '--label', 'doxy.owner=job-b', image, 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy\.owner/);
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it("networks: one lists and connects only its own, and cannot connect the other's container", async () => {
    const net = uniqueName('scope-net');
    const mine = uniqueName('scope-own');
    networks.push(net);
    await dockerOk(sock.a, ['network', 'create', net]);
    await dockerOk(sock.a, ['create', '--name', mine, image, 'true']);
    extra.push(mine);
    await dockerOk(sock.a, ['network', 'connect', net, mine]);
    const attached = await dockerOk(daemon, ['inspect', '-f', `{{index .NetworkSettings.Networks "${net}"}}`, mine]);
    assert.notEqual(attached.trim(), '<no value>');
    const listed = async (s: string) =>
      (await dockerOk(s, ['network', 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean);
    assert.deepEqual(await listed(sock.a), [net]);
    assert.deepEqual(await listed(sock.b), []);
    // B's container named in A's connect body, and A's network named through B: answered as missing ones are.
    const missing = await docker(daemon, ['network', 'connect', net, 'doxy-it-no-such-container']);
    const across = await docker(sock.a, ['network', 'connect', net, container(pb)]);
    assert.notEqual(across.code, 0);
    assert.equal(across.stderr, missing.stderr.replace('doxy-it-no-such-container', container(pb)));
    const other = await docker(sock.b, ['network', 'connect', net, container(pb)]);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, new RegExp(`network ${net} not found`));
    const networksOfB = await dockerOk(daemon, ['inspect', '-f', '{{len .NetworkSettings.Networks}}', container(pb)]);
    assert.equal(networksOfB.trim(), '1');
  });

  it('docker events through one shows only its own containers', async () => {
    const until = Math.floor(Date.now() / 1000) + 1;
    await sleep(1500);
    const r = await docker(sock.a, [
      'events',
      '--since',
      String(since),
      '--until',
      String(until),
      '--format',
      '{{.Type}} {{index .Actor.Attributes "doxy.owner"}} {{.Actor.Attributes.name}}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.ok(lines.includes(`container job-a ${container(pa)}`), r.stdout);
    // Its own containers only (those compose, docker run and docker create made): never B's, nor the daemon's own.
    for (const line of lines) assert.match(line, /^container job-a \S+$/);
  });

  it('docker-compose down -v through each removes its own project only', async () => {
    const r = await compose(sock.a, pa, ['down', '-v']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await projectContainers(daemon, pa.name), []);
    assert.equal(await exists(daemon, 'volume', volume(pa)), false);
    assert.deepEqual(await projectContainers(daemon, pb.name), [`${container(pb)} running`]);
    // B's project named through A's socket: nothing of it is touched.
    const across = await compose(sock.a, pb, ['down', '-v']);
    assert.equal(across.code, 0, across.stderr);
    assert.deepEqual(await projectContainers(daemon, pb.name), [`${container(pb)} running`]);
    assert.equal(await exists(daemon, 'volume', volume(pb)), true);
    const own = await compose(sock.b, pb, ['down', '-v']);
    assert.equal(own.code, 0, own.stderr);
    assert.deepEqual(await projectContainers(daemon, pb.name), []);
    assert.equal(await exists(daemon, 'container', direct), true);
  });
});
