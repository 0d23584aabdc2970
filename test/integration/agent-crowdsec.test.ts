// Debian's real CrowdSec 1.4.6, its docker data source in continuous mode, tailing a container through a doxy socket
// whose profile is the crowdsec preset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dockerOk, removeAll, startContainer, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { startCrowdSec, type CrowdSec } from '../harness/agents/crowdsec.ts';
import {
  agentSkip,
  deniedRequests,
  preset,
  presetWithout,
  sentRequests,
  startDoxyWithPreset,
} from '../harness/agents/profile.ts';
import { http } from '../harness/raw-http.ts';

const { env, skip: noDocker } = dockerEnv();
const skip = noDocker || agentSkip('crowdsec', 'crowdsec') || agentSkip('cscli', 'crowdsec');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('CrowdSec docker acquisition through a crowdsec profile', { skip }, () => {
  const watched = `${uniqueName('crowdsec')}.v1`;
  let doxy: DoxyProcess;
  let crowdsec: CrowdSec;

  before(async () => {
    // A line a second, all of them written after CrowdSec starts: its data source reads from its start time on.
    await startContainer(daemon, image, watched, [
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 1; done',
    ]);
    doxy = await startDoxyWithPreset(daemon, preset('crowdsec'));
    crowdsec = await startCrowdSec(doxy.socket, watched);
  });
  after(async () => {
    await crowdsec?.stop();
    await doxy?.stop();
    await removeAll(daemon, { containers: [watched] });
  });

  it("tails the container's logs: cscli metrics counts the lines it keeps writing", async () => {
    let seen: number | null = null;
    await waitUntil(
      () => {
        seen = crowdsec.linesRead(watched);
        return seen !== null && seen >= 3;
      },
      `three lines read from docker:${watched}\n${crowdsec.output().slice(-3000)}`,
      60_000,
    );
    await waitUntil(() => crowdsec.output().includes(`start tail for container ${watched}`), 'its "start tail" line');
  });

  it('was denied nothing: every request it sent is one the preset grants', async () => {
    // The followed logs are logged when their stream ends: when CrowdSec goes.
    await crowdsec.stop();
    await waitUntil(() => /\/logs allow/.test(doxy.output()), 'the logs request in the log');
    assert.deepEqual(deniedRequests(doxy.output()), []);
    assert.deepEqual(sentRequests(doxy.output()), [
      'GET /vX/containers/json',
      'GET /vX/containers/{id}/json',
      'GET /vX/containers/{id}/logs',
      'GET /vX/info',
      'HEAD /_ping',
    ]);
  });

  it("without GET /info in its profile, CrowdSec stops at start on doxy's 403 (why the preset grants it)", async () => {
    const without = await startDoxyWithPreset(daemon, presetWithout('crowdsec', 'GET /info'));
    const refused = await startCrowdSec(without.socket, watched);
    try {
      assert.notEqual(await refused.exited, 0);
      assert.match(
        refused.output(),
        /failed to configure docker datasource unix:\/\/\S+: Error response from daemon: doxy: GET \/v1\.41\/info is denied: no rule allows it/,
      );
    } finally {
      await refused.stop();
      await without.stop();
    }
  });

  it('the same socket refuses an exec, and the container keeps running', async () => {
    const r = await http(doxy.socket, `/v1.41/containers/${watched}/exec`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Cmd: ['true'] }),
    });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.body), {
      message: `doxy: POST /v1.41/containers/${watched}/exec is denied: no rule allows it (deny by default)`,
    });
    assert.equal((await dockerOk(daemon, ['inspect', '--format', '{{.State.Running}}', watched])).trim(), 'true');
  });
});
