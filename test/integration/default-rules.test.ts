// The built-in rules (no pattern file, empty store) through the real docker CLI: reads work, every write is refused and changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, dockerOk, exists, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

/** What the CLI prints for a request the rules refuse: Docker's own error line with doxy's message. */
function assertDenied(r: { code: number | null; stderr: string }, method: string, path: RegExp): void {
  assert.notEqual(r.code, 0, 'the command must fail');
  assert.notEqual(r.code, null, 'the command must not hang');
  const line = r.stderr.split('\n').find((l) => l.includes('Error response from daemon: doxy:'));
  assert.ok(line, `stderr has Docker's error line with doxy's message:\n${r.stderr}`);
  assert.ok(line.includes(` ${method} `), `the message names ${method}: ${line}`);
  assert.match(line, path);
  assert.ok(!line.includes('{"message"'), `the CLI prints the message, not raw JSON: ${line}`);
}

describe('the built-in rules through the docker CLI', { skip }, () => {
  let doxy: DoxyProcess;
  // A name with "-" and "." (doxy's \w+ refused it).
  const running = `${uniqueName('web')}.v1`;
  const created: string[] = [running];
  let tmp = '';

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'doxy-it-default-'));
    await startContainer(daemon, image, running, ['sleep', '300']);
    doxy = await startDoxy({ dockerSocket: daemon });
  });
  after(async () => {
    await doxy?.stop();
    await removeAll(daemon, { containers: created });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  // `title` keeps test names stable across runs (the container name is random).
  const allowed: { title: string; args: () => string[]; shows: () => string }[] = [
    { title: 'ps', args: () => ['ps'], shows: () => running },
    { title: 'images', args: () => ['images'], shows: () => image.split(':')[0] ?? image },
    { title: 'version', args: () => ['version'], shows: () => 'Server:' },
    { title: 'info', args: () => ['info'], shows: () => 'Server Version:' },
    {
      title: 'inspect <container named with "-" and ".">',
      args: () => ['inspect', running],
      shows: () => `"Name": "/${running}"`,
    },
    {
      title: 'container inspect <container named with "-" and ".">',
      args: () => ['container', 'inspect', running],
      shows: () => `"Name": "/${running}"`,
    },
    { title: 'image inspect <repo:tag>', args: () => ['image', 'inspect', image], shows: () => `"${image}"` },
    { title: 'network ls', args: () => ['network', 'ls'], shows: () => 'none' },
    { title: 'network inspect none', args: () => ['network', 'inspect', 'none'], shows: () => '"Name": "none"' },
    { title: 'volume ls', args: () => ['volume', 'ls'], shows: () => 'DRIVER' },
    { title: 'top <container>', args: () => ['top', running], shows: () => 'sleep 300' },
    {
      title: 'stats --no-stream <container>',
      args: () => ['stats', '--no-stream', running],
      shows: () => running.slice(0, 20),
    },
  ];
  for (const c of allowed) {
    it(`docker ${c.title} works`, async () => {
      const out = await dockerOk(doxy.socket, c.args());
      assert.ok(out.includes(c.shows()), `output shows ${c.shows()}:\n${out}`);
    });
  }

  it('docker network create is denied, naming POST and the path, and no network exists afterwards', async () => {
    const name = uniqueName('net');
    const r = await docker(doxy.socket, ['network', 'create', name]);
    assertDenied(r, 'POST', /\/networks\/create /);
    assert.equal(await exists(daemon, 'network', name), false);
  });

  it('docker run is denied and creates no container', async () => {
    const name = uniqueName('run');
    const r = await docker(doxy.socket, ['run', '--rm', '--network', 'none', '--name', name, image, 'echo', 'hi']);
    assertDenied(r, 'POST', /\/containers\/create /);
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('docker rm -f is denied and the container keeps running', async () => {
    const r = await docker(doxy.socket, ['rm', '-f', running]);
    assertDenied(r, 'DELETE', new RegExp(`/containers/${running.replace(/\./g, '\\.')} `));
    assert.equal((await dockerOk(daemon, ['inspect', '--format', '{{.State.Running}}', running])).trim(), 'true');
  });

  it('docker exec is denied and the command never runs', async () => {
    const r = await docker(doxy.socket, ['exec', running, 'sh', '-c', 'echo ran > /tmp/marker']);
    assertDenied(r, 'POST', /\/exec /);
    const check = await docker(daemon, ['exec', running, 'cat', '/tmp/marker']);
    assert.notEqual(check.code, 0, `no /tmp/marker in the container: ${check.stdout}`);
  });

  it('docker attach (an upgrade) is denied with 403', async () => {
    // The CLI prints only the status of a refused upgrade (it never reads that body); the raw answer is checked below.
    const r = await docker(doxy.socket, ['attach', '--no-stdin', running], { timeoutMs: 15_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unable to upgrade to tcp, received 403/);
  });

  it("a denied upgrade is answered 403 in Docker's shape and the connection closed", async () => {
    const r = await http(doxy.socket, `/containers/${running}/attach?stream=1&stdout=1`, {
      method: 'POST',
      headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
    });
    assert.equal(r.status, 403);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers.connection, 'close');
    assert.deepEqual(JSON.parse(r.body), {
      message: `doxy: POST /containers/${running}/attach is denied: no rule allows it (deny by default)`,
    });
  });

  it('docker save is denied and writes no archive', async () => {
    const r = await docker(doxy.socket, ['save', '-o', join(tmp, 'save.tar'), image]);
    assertDenied(r, 'GET', /\/images\/get /);
    assert.equal(existsSync(join(tmp, 'save.tar')), false);
  });

  for (const path of [
    '/images/get',
    `/images/get?names=${encodeURIComponent(image)}`,
    `/images/${image}/get`,
    `/v1.41/images/${image}/get`,
  ]) {
    it(`GET ${path} (image export) is denied with 403`, async () => {
      const r = await http(doxy.socket, path);
      assert.equal(r.status, 403);
      assert.match(r.body, /"message":"doxy: GET \/(v1\.41\/)?images\/[^ ]*get is denied/);
    });
  }

  it('HEAD /_ping is allowed', async () => {
    const r = await http(doxy.socket, '/_ping', { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['api-version'] !== undefined, true, 'the daemon answered');
  });

  it('a denied request is answered 403, Content-Type exactly application/json, body {"message": ...}', async () => {
    const r = await http(doxy.socket, '/v1.41/networks/create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"Name":"doxy-it-never"}',
    });
    assert.equal(r.status, 403);
    assert.equal(r.headers['content-type'], 'application/json');
    const body: unknown = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body as object), ['message']);
    assert.equal(
      (body as { message: unknown }).message,
      'doxy: POST /v1.41/networks/create is denied: no rule allows it (deny by default)',
    );
    assert.equal(await exists(daemon, 'network', 'doxy-it-never'), false);
  });
});
