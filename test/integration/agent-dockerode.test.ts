// A dockerode (Node's Docker client) script through a doxy profile that grants what it does; then what it may not.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { exists, removeAll, startContainer, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { DOCKERODE_OPERATIONS, execWithInput, readUntil, runOneOff } from '../harness/agents/dockerode.ts';
import { deniedRequests, profileOf, startDoxyWithPreset } from '../harness/agents/profile.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('a dockerode script through doxy', { skip }, () => {
  const ticker = uniqueName('dockerode-tick');
  const oneOff = uniqueName('dockerode-run');
  let doxy: DoxyProcess;
  let client: Docker;

  before(async () => {
    await startContainer(daemon, image, ticker, [
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done',
    ]);
    doxy = await startDoxyWithPreset(daemon, profileOf('dockerode-script', DOCKERODE_OPERATIONS));
    client = new Docker({ socketPath: doxy.socket });
  });
  after(async () => {
    await doxy?.stop();
    await removeAll(daemon, { containers: [ticker, oneOff] });
  });

  it('lists containers and inspects one', async () => {
    const list = await client.listContainers();
    assert.ok(
      list.some((c) => c.Names.includes(`/${ticker}`)),
      JSON.stringify(list.map((c) => c.Names)),
    );
    const info = await client.getContainer(ticker).inspect();
    assert.equal(info.Name, `/${ticker}`);
    assert.equal(info.State.Running, true);
  });

  it("follows a container's logs as a stream and sees lines written after it opened", async () => {
    // With follow, dockerode hands back the HTTP response itself (a Readable); its types say only ReadableStream.
    const stream = (await client
      .getContainer(ticker)
      .logs({ follow: true, stdout: true, stderr: true, tail: 1 })) as Readable;
    try {
      const text = await readUntil(stream, (t) => (t.match(/tick \d+/g) ?? []).length >= 4);
      const ticks = (text.match(/tick (\d+)/g) ?? []).map((t) => Number(t.slice(5)));
      assert.ok(
        ticks.every((n, i) => i === 0 || n === (ticks[i - 1] ?? 0) + 1),
        `consecutive ticks: ${ticks.join(',')}`,
      );
    } finally {
      stream.destroy();
    }
  });

  it('creates, starts, waits for and removes a container', async () => {
    assert.equal(await runOneOff(client, image, oneOff, ['sh', '-c', 'echo made by dockerode; exit 3']), 3);
    assert.equal(await exists(daemon, 'container', oneOff), false);
  });

  it('runs an exec with an attached stream: stdin in, output out, exit code inspected', async () => {
    const { output, code } = await execWithInput(client, ticker, 'hello through doxy', 'got: hello through doxy');
    assert.match(output, /got: hello through doxy/);
    assert.equal(code, 7);
  });

  it("a network create, which the profile does not grant, fails with doxy's message and creates nothing", async () => {
    const name = uniqueName('dockerode-net');
    await assert.rejects(client.createNetwork({ Name: name }), (error: Error & { statusCode?: number }) => {
      assert.equal(error.statusCode, 403);
      assert.match(error.message, /doxy: POST \/networks\/create is denied: no rule allows it \(deny by default\)/);
      return true;
    });
    assert.equal(await exists(daemon, 'network', name), false);
  });

  it("an image export (a read the profile does not grant) fails with doxy's message", async () => {
    await assert.rejects(client.getImage(image).get(), (error: Error & { statusCode?: number }) => {
      assert.equal(error.statusCode, 403);
      assert.match(error.message, /doxy: GET \/images\/[\w.:@/-]+\/get is denied/);
      return true;
    });
  });

  it('was denied only the two requests it was meant to be (dockerode calls unversioned paths)', async () => {
    // doxy prints a request's --debug line when the answer is done, which may reach us after the client saw it.
    await waitUntil(() => deniedRequests(doxy.output()).length >= 2, "two denied requests in doxy's --debug lines");
    assert.deepEqual(deniedRequests(doxy.output()), ['POST /networks/create', `GET /images/${image}/get`]);
  });
});
