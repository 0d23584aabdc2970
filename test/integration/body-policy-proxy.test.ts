// The body policy on the real daemon, through doxy sockets bound to the ci-runner profile (--socket PATH=ci-runner) and
// to a copy of it that allows binds under one directory: each forbidden case gets the refusal the docker CLI prints
// and leaves no container, volume or exec on the daemon; the allowed cases work; raw HTTP for what the CLI never sends.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { checkBody } from '../../shared/policy/check-body.ts';
import type { LogEntry } from '../../shared/protocol/log.ts';
import { logEntries, startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { createReferences } from '../../shared/scope/create-references.ts';
import { docker, dockerOk, exists, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { dockerEnv } from '../harness/env.ts';
import { addPolicedSocket } from '../harness/policed-socket.ts';
import { chunked, exchange, http } from '../harness/raw-http.ts';
import { prng } from '../security/lib.ts';
import { madeAndRemoved, randomCreateBody, violations } from '../cases/body-policy-fuzz.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

/** The line the CLI prints for a body the policy denies: the daemon's error, which is doxy's. */
function denied(field: string, profile = 'ci-runner', path = '/v1\\.\\d+/containers/create'): RegExp {
  const escaped = field.replace(/[.[\]"]/g, (c) => `\\${c}`);
  return new RegExp(
    `doxy: POST ${path} is denied: ${escaped}( .*)? (is not allowed|outside the allowed ones) \\(profile ${profile}\\)`,
  );
}

/** Forbidden `docker run` options, the field the refusal names, each with no container left. */
const FORBIDDEN_RUNS: readonly { what: string; args: readonly string[]; field: string }[] = [
  { what: '--privileged', args: ['--network', 'none', '--privileged'], field: 'HostConfig.Privileged' },
  { what: '-v /:/host', args: ['--network', 'none', '-v', '/:/host'], field: 'HostConfig.Binds[0]' },
  {
    what: '--mount type=bind',
    args: ['--network', 'none', '--mount', 'type=bind,source=/,target=/host'],
    field: 'HostConfig.Mounts[0].Source',
  },
  { what: '--device', args: ['--network', 'none', '--device', '/dev/null:/dev/x'], field: 'HostConfig.Devices' },
  { what: '--cap-add SYS_ADMIN', args: ['--network', 'none', '--cap-add', 'SYS_ADMIN'], field: 'HostConfig.CapAdd[0]' },
  { what: '--pid host', args: ['--network', 'none', '--pid', 'host'], field: 'HostConfig.PidMode' },
  { what: '--network host', args: ['--network', 'host'], field: 'HostConfig.NetworkMode' },
  { what: '--userns host', args: ['--network', 'none', '--userns', 'host'], field: 'HostConfig.UsernsMode' },
  {
    what: '--security-opt seccomp=unconfined',
    args: ['--network', 'none', '--security-opt', 'seccomp=unconfined'],
    field: 'HostConfig.SecurityOpt[0]',
  },
];

describe('the ci-runner body policy through doxy, on the real daemon', { skip }, () => {
  let dir = '';
  let allowed = '';
  let a: AdminDoxy;
  let ci = '';
  let bounded = '';
  const running = uniqueName('policy-running');
  const names: string[] = [];
  const volumes: string[] = [];
  const named = (what: string): string => {
    const n = uniqueName(what);
    names.push(n);
    return n;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-policy-'));
    allowed = mkdtempSync(join(tmpdir(), 'doxy-policy-binds-'));
    ci = join(dir, 'ci.sock');
    bounded = join(dir, 'bounded.sock');
    a = await startAdminDoxy({ dockerSocket: daemon, dir, args: ['--debug', '--socket', `${ci}=ci-runner`] });
    // A second profile: ci-runner's rules, and its policy with binds allowed under one directory.
    await addPolicedSocket(
      a,
      bounded,
      'ci-bounded',
      { preset: 'ci-runner' },
      {
        ...CI_RUNNER_POLICY,
        binds: [{ path: allowed, readOnly: false }],
      },
    );
    // Made through the ci-runner profile, which is scoped: it may only exec in its own containers.
    await startContainer(ci, image, running, ['sleep', '300']);
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: [running, ...names] });
    for (const v of volumes) await docker(daemon, ['volume', 'rm', '-f', v]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (allowed) rmSync(allowed, { recursive: true, force: true });
  });

  for (const c of FORBIDDEN_RUNS) {
    it(`docker run ${c.what}: the CLI prints the refusal naming ${c.field}, and no container is made`, async () => {
      const name = named('forbidden');
      const r = await docker(ci, ['run', '--rm', '--name', name, ...c.args, image, 'true']);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, denied(c.field), r.stderr);
      assert.equal(await exists(daemon, 'container', name), false);
    });
  }

  it('the refusal is logged with the field that decided, as a deny by the body policy', async () => {
    const entries = await logEntries(a, 'verdict=deny&profile=ci-runner&text=containers/create', FORBIDDEN_RUNS.length);
    const entry = entries.find((e: LogEntry) => e.policyField === 'HostConfig.Privileged');
    assert.ok(entry, JSON.stringify(entries));
    assert.equal(entry.status, 403);
    assert.equal(entry.profile, 'ci-runner');
    assert.match(entry.reason, denied('HostConfig.Privileged'));
    // --debug prints it too, with the rule that allowed the request and the field that refused it.
    assert.match(
      a.doxy.output(),
      /403 \S+ POST \/v1\.\d+\/containers\/create deny rule=\S+ policy=HostConfig\.Privileged/,
    );
  });

  it('docker run --rm IMAGE echo works, with a named volume too', async () => {
    const out = await dockerOk(ci, ['run', '--rm', '--network', 'none', image, 'echo', 'hello from ci']);
    assert.equal(out.trim(), 'hello from ci');
    const volume = uniqueName('policy-vol');
    volumes.push(volume);
    await dockerOk(ci, ['volume', 'create', volume]);
    const written = await dockerOk(ci, [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${volume}:/data`,
      image,
      'sh',
      '-c',
      'echo kept > /data/f && cat /data/f',
    ]);
    assert.equal(written.trim(), 'kept');
    assert.equal(await exists(daemon, 'volume', volume), true);
  });

  it('docker exec --privileged is refused and makes no exec; a plain exec works', async () => {
    const r = await docker(ci, ['exec', '--privileged', running, 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, denied('Privileged', 'ci-runner', '/v1\\.\\d+/containers/[^ ]+/exec'), r.stderr);
    const ids = await dockerOk(daemon, ['inspect', '--format', '{{json .ExecIDs}}', running]);
    assert.equal(ids.trim(), 'null');
    assert.equal((await dockerOk(ci, ['exec', running, 'echo', 'in'])).trim(), 'in');
  });

  it('docker volume create with bind options is refused, and no volume is made', async () => {
    const volume = uniqueName('policy-bindvol');
    volumes.push(volume);
    const r = await docker(ci, ['volume', 'create', '-o', 'type=none', '-o', 'o=bind', '-o', 'device=/', volume]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /doxy: POST \/v1\.\d+\/volumes\/create is denied: DriverOpts\["device"\]/, r.stderr);
    assert.equal(await exists(daemon, 'volume', volume), false);
  });

  it('an old-API start with a HostConfig body is refused, and the container stays as it was', async () => {
    const name = named('oldstart');
    await dockerOk(ci, ['create', '--network', 'none', '--name', name, image, 'sleep', '30']);
    const r = await http(ci, `/v1.23/containers/${name}/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Privileged: true, Binds: ['/:/host'] }),
    });
    assert.equal(r.status, 403, r.body);
    assert.match(JSON.parse(r.body).message as string, /is denied: HostConfig\.Privileged is not allowed/);
    const state = await dockerOk(daemon, [
      'inspect',
      '--format',
      '{{.State.Status}} {{.HostConfig.Privileged}} {{json .HostConfig.Binds}}',
      name,
    ]);
    assert.equal(state.trim(), 'created false null');
  });

  it('lower-case and duplicate keys, read the way the daemon reads them, are refused (raw HTTP)', async () => {
    const bodies = [
      {
        body: `{"Image":"${image}","hostconfig":{"privileged":true,"NetworkMode":"none"}}`,
        field: 'HostConfig.Privileged',
      },
      {
        body: `{"Image":"${image}","HostConfig":{"Privileged":true},"HostConfig":{"NetworkMode":"none"}}`,
        field: 'HostConfig.Privileged',
      },
      {
        // Go decodes the second HostConfig into the first: the bind stays (an empty "Binds":[] would clear it).
        body: `{"Image":"${image}","HostConfig":{"NetworkMode":"none","Binds":["/:/host"]},"HostConfig":{"Memory":0}}`,
        field: 'HostConfig.Binds[0]',
      },
    ];
    for (const { body, field } of bodies) {
      const name = named('rawkeys');
      const r = await http(ci, `/v1.41/containers/create?name=${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(r.status, 403, `${body}: ${r.body}`);
      assert.match(JSON.parse(r.body).message as string, denied(field, 'ci-runner', '/v1\\.41/containers/create'));
      assert.equal(await exists(daemon, 'container', name), false, body);
    }
  });

  it('a body that is not JSON, or over 1 MiB, is refused with 400 and reaches nothing', async () => {
    const name = named('notjson');
    const r = await http(ci, `/v1.41/containers/create?name=${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"Image":"${image}",`,
    });
    assert.equal(r.status, 400, r.body);
    assert.match(JSON.parse(r.body).message as string, /^doxy: POST \/v1\.41\/containers\/create is refused: /);
    // Over 1 MiB chunked: doxy stops reading at the bound, answers and closes.
    const part = `{"Image":"${image}","Env":["X=${'x'.repeat(600 * 1024)}`;
    const over = await exchange(
      ci,
      [
        `POST /v1.41/containers/create?name=${name} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n',
        chunked([part, `${'x'.repeat(600 * 1024)}"]}`]),
      ],
      { until: (t) => t.includes('\r\n\r\n{'), timeoutMs: 5_000 },
    );
    assert.match(over.text, /^HTTP\/1\.1 400 [\s\S]*over 1048576 bytes/, over.text);
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('forwards the body it checked, with its own Content-Length: a chunked create with Expect: 100-continue works', async () => {
    const name = named('chunked');
    const body = `{"image":"${image}","Cmd":["true"],"HostConfig":{"NetworkMode":"none"}}`;
    const x = await exchange(
      ci,
      [
        `POST /v1.41/containers/create?name=${name} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n` +
          'Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n',
        chunked([body.slice(0, 20), body.slice(20)]),
      ],
      { gapMs: 200, until: (t) => /HTTP\/1\.1 201[\s\S]*\r\n\r\n[\s\S]*\}/.test(t), timeoutMs: 10_000 },
    );
    assert.match(x.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /, x.text);
    // The host cgroup namespace is the daemon's default here: doxy asks for a private one, as the policy keeps it out.
    const mode = await dockerOk(daemon, ['inspect', '--format', '{{.HostConfig.CgroupnsMode}}', name]);
    assert.equal(mode.trim(), 'private');
  });

  it('a policed request that asks to upgrade is refused: the hijack path would stream its body unread', async () => {
    const name = named('upgrade');
    const body = `{"Image":"${image}","Cmd":["true"],"HostConfig":{"Privileged":true,"NetworkMode":"none"}}`;
    const x = await exchange(
      ci,
      `POST /v1.41/containers/create?name=${name} HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      { timeoutMs: 5_000 },
    );
    assert.match(x.text, /^HTTP\/1\.1 400 /, x.text);
    assert.match(x.text, /cannot ask to upgrade the connection/);
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('a denied request with Expect: 100-continue is answered without asking for its body', async () => {
    const x = await exchange(
      ci,
      'POST /v1.41/networks/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
      { until: (t) => t.includes('\r\n\r\n{'), timeoutMs: 5_000 },
    );
    assert.match(x.text, /^HTTP\/1\.1 403 /, x.text);
    // A policed body announced over 1 MiB is refused before it is asked for.
    const big = await exchange(
      ci,
      'POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n' +
        'Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n',
      { until: (t) => t.includes('\r\n\r\n{'), timeoutMs: 5_000 },
    );
    assert.match(big.text, /^HTTP\/1\.1 400 [\s\S]*over 1048576 bytes/, big.text);
  });

  it("random create bodies through the proxy: each answer is checkBody's, and every container made satisfies the policy", async (t) => {
    const random = prng(13);
    const tally = { sent: 0, refused: 0, created: 0 };
    for (let i = 0; i < 300; i++) {
      const text = randomCreateBody(random).replace(/"Image":"[^"]*"/g, `"Image":${JSON.stringify(image)}`);
      const verdict = checkBody({ operation: 'container-create', apiVersion: [1, 41] }, text, CI_RUNNER_POLICY);
      const r = await http(ci, '/v1.41/containers/create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: text,
        timeoutMs: 30_000,
      });
      tally.sent++;
      if (!verdict.ok) {
        tally.refused++;
        assert.equal(r.status, verdict.status, `${text}\n  -> ${r.status} ${r.body}`);
        assert.match(JSON.parse(r.body).message as string, /^doxy: /);
        continue;
      }
      // The ci-runner profile is scoped: a body the policy passes that names a volume or network not made through
      // it (none is, here) is refused next, naming the field.
      const foreign = verdict.body === '' ? undefined : createReferences(verdict.body)[0];
      if (foreign) {
        tally.refused++;
        assert.equal(r.status, 403, `${text}\n  -> ${r.status} ${r.body}`);
        assert.match(
          JSON.parse(r.body).message as string,
          new RegExp(`denied: ${foreign.field} names the ${foreign.object}`),
        );
        continue;
      }
      assert.ok(!String(r.body).startsWith('{"message":"doxy:'), `${text}\n  -> ${r.body}`);
      if (r.status !== 201) continue;
      tally.created++;
      const id = (JSON.parse(r.body) as { Id: string }).Id;
      const seen = await madeAndRemoved(daemon, id);
      assert.deepEqual(violations(seen, CI_RUNNER_POLICY), [], text);
    }
    t.diagnostic(`${tally.sent} bodies sent, ${tally.refused} refused by doxy, ${tally.created} containers created`);
    assert.ok(tally.created >= 10 && tally.refused >= 50, JSON.stringify(tally));
  });

  it('a bind inside the allow-list works on the bounded profile; one outside it is refused', async () => {
    await dockerOk(bounded, [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${allowed}:/work`,
      image,
      'sh',
      '-c',
      'echo from-container > /work/out',
    ]);
    assert.equal(readFileSync(join(allowed, 'out'), 'utf8').trim(), 'from-container');
    const name = named('outside');
    const r = await docker(bounded, [
      'run',
      '--rm',
      '--name',
      name,
      '--network',
      'none',
      '-v',
      '/etc:/w',
      image,
      'true',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, denied('HostConfig.Binds[0]', 'ci-bounded'), r.stderr);
    assert.equal(await exists(daemon, 'container', name), false);
  });
});
