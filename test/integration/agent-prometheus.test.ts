// Debian's real Prometheus, its docker_sd_configs pointed at a doxy socket whose profile is the prometheus-docker preset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dockerOk, exists, removeAll, uniqueName } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { agentSkip, allowedRequests, deniedRequests, preset, startDoxyWithPreset } from '../harness/agents/profile.ts';
import { startPrometheus, type Prometheus } from '../harness/agents/prometheus.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('prometheus', 'prometheus');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('Prometheus docker_sd through a prometheus-docker profile', { skip }, () => {
  const run = uniqueName('prom');
  const names = [uniqueName('prom-a'), uniqueName('prom-b.v1')];
  const late = uniqueName('prom-late');
  let doxy: DoxyProcess;
  let prometheus: Prometheus;

  const startLabelled = (name: string) =>
    dockerOk(daemon, [
      'run',
      '-d',
      '--network',
      'none',
      '--label',
      `doxy.test=${run}`,
      '--label',
      `role=${name.includes('-a-') ? 'a' : 'b'}`,
      '--name',
      name,
      image,
      'sleep',
      '300',
    ]);

  before(async () => {
    for (const name of names) await startLabelled(name);
    doxy = await startDoxyWithPreset(daemon, preset('prometheus-docker'));
    prometheus = await startPrometheus(doxy.socket);
  });
  after(async () => {
    await prometheus?.stop();
    await doxy?.stop();
    await removeAll(daemon, { containers: [...names, late] });
  });

  it('discovers the running containers as targets, with their names, labels and network', async () => {
    for (const name of names) {
      const labels = await prometheus.targetOf(name);
      assert.equal(labels.__meta_docker_container_label_doxy_test, run);
      assert.equal(labels.__meta_docker_container_label_role, name.includes('-a-') ? 'a' : 'b');
      assert.equal(labels.__meta_docker_container_network_mode, 'none');
      assert.equal(
        labels.__meta_docker_network_name,
        'none',
        'network labels come from GET /networks, which the preset grants',
      );
      assert.match(labels.__meta_docker_container_id ?? '', /^[0-9a-f]{64}$/);
    }
  });

  it('picks up a container started later at the next refresh', async () => {
    await startLabelled(late);
    assert.equal((await prometheus.targetOf(late)).__meta_docker_container_label_doxy_test, run);
  });

  it('was denied nothing: every request it sent is one the preset grants', () => {
    assert.deepEqual(deniedRequests(doxy.output()), []);
    const sent = new Set(allowedRequests(doxy.output()).map((r) => r.replace(/\/v\d+\.\d+\//, '/vX/')));
    assert.deepEqual([...sent].sort(), ['GET /vX/containers/json', 'GET /vX/networks', 'HEAD /_ping']);
  });

  it("the same socket refuses a container create with doxy's message, and the daemon has no such container", async () => {
    const name = uniqueName('prom-create');
    const body = JSON.stringify({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    const r = await http(doxy.socket, `/v1.41/containers/create?name=${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.body), {
      message: 'doxy: POST /v1.41/containers/create is denied: no rule allows it (deny by default)',
    });
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('the same socket refuses a container inspect, which shows environment variables Prometheus does not need', async () => {
    const r = await http(doxy.socket, `/v1.41/containers/${names[0]}/json`);
    assert.equal(r.status, 403);
    assert.match(r.body, /doxy: GET \/v1\.41\/containers\/[\w.-]+\/json is denied/);
  });
});
