// Learn mode proposes a body policy from what the docker CLI really sent, on the real daemon: a `docker run` with a
// read-only bind and an added capability through a learning socket (its profile has no policy: the body is read and
// forwarded as it came) yields exactly that bind and that capability; accepting the proposal saves the policy, and the
// socket then refuses `--privileged` and still runs the container it learnt.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { normaliseImageRef } from '../../shared/policy/image-ref.ts';
import type { LearnResponse } from '../../shared/protocol/learn.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { docker, dockerOk, exists, removeAll, uniqueName } from '../harness/docker-cli.ts';
import { dockerEnv } from '../harness/env.ts';
import { chunked, exchange, http, type HttpResult } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

const PING_ONLY: readonly Rule[] = [
  { id: 'ping', action: 'allow', methods: ['GET', 'HEAD'], pattern: '^/_ping$', comment: '', enabled: true },
];

describe('learn mode proposes a body policy from the bodies it forwarded', { skip }, () => {
  let dir = '';
  let bindDir = '';
  let a: AdminDoxy;
  const learnt = uniqueName('learn-policy');
  const names: string[] = [learnt];
  const learn = async (): Promise<LearnResponse> => {
    const r = await a.call('/api/learn');
    assert.equal(r.status, 200, r.text);
    return r.body as LearnResponse;
  };
  const revision = async (): Promise<number> => ((await a.call('/api/policy')).body as PolicyResponse).revision;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-learn-policy-'));
    bindDir = mkdtempSync(join(tmpdir(), 'doxy-it-learn-bind-'));
    a = await startAdminDoxy({ dir, dockerSocket: daemon });
    const put = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: PING_ONLY } });
    assert.equal(put.status, 200, put.text);
    const started = await a.call('/api/learn/start', { method: 'POST', body: {} });
    assert.equal(started.status, 200, started.text);
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: names });
    rmSync(dir, { recursive: true, force: true });
    rmSync(bindDir, { recursive: true, force: true });
  });

  it('proposes no policy before a policed body is seen', async () => {
    assert.equal((await learn()).policy, null);
  });

  it('a learnt `docker run -v DIR:/data:ro --cap-add NET_ADMIN` reaches the daemon as the CLI sent it', async () => {
    await dockerOk(a.doxy.socket, [
      'run',
      '--name',
      learnt,
      '--network',
      'none',
      '-v',
      `${bindDir}:/data:ro`,
      '--cap-add',
      'NET_ADMIN',
      image,
      'true',
    ]);
    const inspected = JSON.parse(await dockerOk(daemon, ['inspect', learnt])) as {
      HostConfig: { Binds: string[]; CapAdd: string[] };
    }[];
    assert.deepEqual(inspected[0]?.HostConfig.Binds, [`${bindDir}:/data:ro`]);
    // The CLI itself writes the capability in its long form.
    assert.deepEqual(inspected[0]?.HostConfig.CapAdd, ['CAP_NET_ADMIN']);
  });

  it('proposes that bind, read-only, and that capability, and nothing else of the host', async () => {
    const { policy } = await learn();
    assert.ok(policy);
    const expected: BodyPolicy = {
      privileged: false,
      // The daemon's own spelling of NET_ADMIN (the policy compares capabilities with or without CAP_).
      capabilities: ['CAP_NET_ADMIN'],
      devices: false,
      hostNamespaces: [],
      containerNamespaces: false,
      securityOptions: [],
      binds: [{ path: bindDir, readOnly: true }],
      volumeDrivers: [],
      volumesFrom: false,
      sysctls: [],
      runtimes: [],
      // The CLI sent no user: the image's own applies, which doxy cannot see.
      user: 'not-root',
      images: [normaliseImageRef(image)?.full ?? ''],
      systemPaths: false,
      annotations: false,
      pluginPrivileges: [],
    };
    assert.deepEqual(policy.policy, expected);
    assert.deepEqual(policy.refused, []);
    assert.equal(policy.bodies, 1);
    assert.deepEqual(policy.flags, [
      'capabilities added: CAP_NET_ADMIN',
      `host paths mounted (and everything under them): ${bindDir} (read-only)`,
    ]);
  });

  it('accept refuses a policy that is not the proposal, or nothing chosen at all, and saves nothing', async () => {
    const { policy } = await learn();
    const before = await revision();
    const r = await a.call('/api/learn/accept', {
      method: 'POST',
      body: { basedOn: before, patterns: [], policy: { ...policy?.policy, privileged: true } },
    });
    assert.equal(r.status, 400, r.text);
    assert.equal((r.body as { error: { code: string; where: string } }).error.where, '/policy');
    const nothing = await a.call('/api/learn/accept', { method: 'POST', body: { basedOn: before, patterns: [] } });
    assert.equal(nothing.status, 400, nothing.text);
    assert.match(nothing.text, /choose at least one proposed rule, or the proposed body policy/);
    assert.equal(await revision(), before);
  });

  it('accepting the rules and the policy saves both; the socket then refuses --privileged and runs the learnt container', async () => {
    const { proposals, policy } = await learn();
    const r = await a.call('/api/learn/accept', {
      method: 'POST',
      body: {
        basedOn: await revision(),
        patterns: proposals.map(({ method, pattern }) => ({ method, pattern })),
        policy: policy?.policy,
      },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((r.body as { policy: unknown }).policy, policy?.policy);
    assert.deepEqual(((await a.call('/api/policy')).body as PolicyResponse).policy, policy?.policy);
    assert.equal((await learn()).state.active, false);

    const refused = uniqueName('learn-privileged');
    names.push(refused);
    const privileged = await docker(a.doxy.socket, [
      'run',
      '--name',
      refused,
      '--network',
      'none',
      '--privileged',
      image,
      'true',
    ]);
    assert.notEqual(privileged.code, 0);
    assert.match(
      privileged.stderr,
      /doxy: POST \/v1\.\d+\/containers\/create is denied: HostConfig\.Privileged is not allowed \(profile default\)/,
    );
    assert.equal(await exists(daemon, 'container', refused), false);

    const again = uniqueName('learn-again');
    names.push(again);
    const args = ['run', '--name', again, '--network', 'none', '-v', `${bindDir}:/data:ro`, '--cap-add', 'NET_ADMIN'];
    await dockerOk(a.doxy.socket, [...args, image, 'true']);
    // Read-write, the bind is beyond what was learnt.
    const rw = await docker(a.doxy.socket, [
      'run',
      '--network',
      'none',
      '-v',
      `${bindDir}:/data`,
      '--cap-add',
      'NET_ADMIN',
      image,
      'true',
    ]);
    assert.notEqual(rw.code, 0);
    assert.match(rw.stderr, /HostConfig\.Binds\[0\]/);
  });
});

describe('learn mode and the body policy a profile already has', { skip }, () => {
  let dir = '';
  let ci = '';
  let a: AdminDoxy;
  const names = [uniqueName('learn-raw'), uniqueName('learn-ci-refused'), uniqueName('learn-ci')];
  const [raw = '', refused = '', allowed = ''] = names;
  const learn = async (socket: string): Promise<LearnResponse> => {
    const r = await a.call(`/api/learn?socket=${encodeURIComponent(socket)}`);
    assert.equal(r.status, 200, r.text);
    return r.body as LearnResponse;
  };
  const create = (socket: string, name: string, body: string): Promise<HttpResult> =>
    http(socket, `/v1.41/containers/create?name=${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      timeoutMs: 20_000,
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-learn-ci-'));
    ci = join(dir, 'ci.sock');
    a = await startAdminDoxy({ dir, dockerSocket: daemon, args: ['--socket', `${ci}=ci-runner`] });
    for (const socket of [a.doxy.socket, ci]) {
      const r = await a.call(`/api/learn/start?socket=${encodeURIComponent(socket)}`, { method: 'POST', body: {} });
      assert.equal(r.status, 200, r.text);
    }
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: names });
    rmSync(dir, { recursive: true, force: true });
  });

  it('without a policy, a chunked body is forwarded as sent, and proposed from as the daemon read it', async () => {
    const body = `{"image":"${image}","cmd":["true"],"hostconfig":{"capadd":["NET_RAW"]}}`;
    const answer = await exchange(
      a.doxy.socket,
      [
        `POST /v1.41/containers/create?name=${raw} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n` +
          'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        chunked([body.slice(0, 20), body.slice(20)]),
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(answer.responses[0]?.status, 201, answer.text);
    const inspected = JSON.parse(await dockerOk(daemon, ['inspect', raw])) as { HostConfig: { CapAdd: string[] } }[];
    assert.deepEqual(inspected[0]?.HostConfig.CapAdd, ['NET_RAW']);
    const { policy } = await learn(a.doxy.socket);
    assert.deepEqual(policy?.policy.capabilities, ['CAP_NET_RAW']);
    // Learn mode is per socket: the ci socket saw nothing yet.
    assert.equal((await learn(ci)).policy, null);
  });

  it('with one, learning still refuses what the policy forbids, and learns from the text doxy forwarded', async () => {
    const denied = await create(ci, refused, `{"image":"${image}","hostconfig":{"privileged":true}}`);
    assert.equal(denied.status, 403, denied.body);
    assert.match(denied.body, /HostConfig\.Privileged is not allowed \(profile ci-runner\)/);
    assert.equal(await exists(daemon, 'container', refused), false);
    const made = await create(ci, allowed, `{"image":"${image}","cmd":["true"],"hostconfig":{"memory":8388608}}`);
    assert.equal(made.status, 201, made.body);
    const { policy } = await learn(ci);
    assert.equal(policy?.bodies, 1);
    assert.equal(policy?.policy.privileged, false);
    assert.deepEqual(policy?.policy.hostNamespaces, []);
    assert.deepEqual(policy?.policy.images, [normaliseImageRef(image)?.full ?? '']);
  });
});
