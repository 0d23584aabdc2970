// Debian's real Glances (docker plugin, docker-py) through a doxy socket whose profile is the glances preset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dockerOk, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { runGlances, type GlancesContainer } from '../harness/agents/glances.ts';
import {
  agentSkip,
  allowedRequests,
  deniedRequests,
  preset,
  presetWithout,
  startDoxyWithPreset,
} from '../harness/agents/profile.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('glances', 'glances python3-docker python3-dateutil');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('Glances through a glances profile', { skip }, () => {
  const watched = `${uniqueName('glances')}.v1`;
  let doxy: DoxyProcess;

  before(async () => {
    await startContainer(daemon, image, watched, ['sleep', '300']);
    doxy = await startDoxyWithPreset(daemon, preset('glances'));
  });
  after(async () => {
    await doxy?.stop();
    await removeAll(daemon, { containers: [watched] });
  });

  it('shows the running container with its image, status, command and memory from the stats stream', async () => {
    const run = await runGlances(doxy.socket);
    assert.equal(run.code, 0, run.output.slice(-3000));
    const last = run.snapshots.at(-1)?.containers ?? [];
    const mine: GlancesContainer | undefined = last.find((c) => c.name === watched);
    assert.ok(mine, `Glances lists ${watched}:\n${run.output.slice(-3000)}`);
    assert.deepEqual(mine.Image, [image]);
    assert.equal(mine.Status, 'running');
    assert.deepEqual(mine.Command, ['sleep', '300']);
    assert.ok(
      run.snapshots.some((s) => (s.containers?.find((c) => c.name === watched)?.memory_usage ?? 0) > 0),
      'memory usage from GET /containers/{id}/stats',
    );
  });

  it('was denied nothing: every request it sent is one the preset grants', () => {
    assert.deepEqual(deniedRequests(doxy.output()), []);
    const sent = new Set(
      allowedRequests(doxy.output()).map((r) =>
        r.replace(/\/v\d+\.\d+\//, '/vX/').replace(/\/(containers|images)\/[\w.:-]+\//, '/$1/{id}/'),
      ),
    );
    assert.deepEqual([...sent].sort(), [
      'GET /vX/containers/json',
      'GET /vX/containers/{id}/json',
      'GET /vX/containers/{id}/stats',
      'GET /vX/images/{id}/json',
      'GET /vX/version',
      'GET /version',
    ]);
  });

  it("without image inspect in its profile, Glances fails on doxy's 403 and shows no container (why the preset grants it)", async () => {
    const without = await startDoxyWithPreset(daemon, presetWithout('glances', 'GET /images/{name}/json'));
    try {
      // Glances 3.3 prints the traceback and then hangs (its stats threads live on): it is killed once the traceback
      // is out.
      const denied = /403 Client Error .*doxy: GET \/v1\.41\/images\/[\w:]+\/json is denied: no rule allows it/;
      const run = await runGlances(without.socket, { refreshes: 2, until: (output) => denied.test(output) });
      assert.match(run.output, denied);
      assert.ok(!run.snapshots.some((s) => s.containers?.some((c) => c.name === watched)), 'no container shown');
    } finally {
      await without.stop();
    }
  });

  it('the same socket refuses a stop, and the container keeps running', async () => {
    const r = await http(doxy.socket, `/v1.41/containers/${watched}/stop`, { method: 'POST' });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.body), {
      message: `doxy: POST /v1.41/containers/${watched}/stop is denied: no rule allows it (deny by default)`,
    });
    assert.equal((await dockerOk(daemon, ['inspect', '--format', '{{.State.Running}}', watched])).trim(), 'true');
  });
});
