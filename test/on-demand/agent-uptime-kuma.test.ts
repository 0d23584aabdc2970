// The real Uptime Kuma (npm's uptime-kuma 2.0.0-dev.0), its docker monitors on docker hosts that are doxy sockets whose
// profile is the uptime-kuma preset: one unix socket, one TCP listener. On demand (scripts/prove-uptime-kuma), not in
// `npm test`: its install builds sqlite3 from source here and takes minutes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { presetRules } from '../../shared/presets/presets.ts';
import { freePort } from '../harness/admin.ts';
import { dockerOk, removeAll, startContainer, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import {
  allowedRequests,
  deniedRequests,
  preset,
  presetWithout,
  startDoxyWithPreset,
  startDoxyWithRules,
} from '../harness/agents/profile.ts';
import { http } from '../harness/raw-http.ts';
import {
  addDockerHost,
  addDockerMonitor,
  DOWN,
  installUptimeKuma,
  startUptimeKuma,
  UP,
  uptimeKumaHome,
  UPTIME_KUMA_VERSION,
  type Heartbeat,
  type UptimeKuma,
} from '../harness/agents/uptime-kuma.ts';

const { env, skip: noDocker } = dockerEnv();
const installed = noDocker ? null : installUptimeKuma(uptimeKumaHome());
const skip = noDocker || (installed && 'skip' in installed ? installed.skip : false);
const kumaDir = installed && 'dir' in installed ? installed.dir : '';
const daemon = env?.socket ?? '';
const image = env?.image ?? '';
const INSPECT = 'GET /containers/{id}/json';

describe(`Uptime Kuma ${UPTIME_KUMA_VERSION} docker monitors through uptime-kuma profiles`, { skip }, () => {
  const watched = `${uniqueName('kuma')}.v1`;
  let doxy: DoxyProcess;
  let withoutInspect: DoxyProcess;
  let tcp = '';
  let kuma: UptimeKuma;
  const monitors = { socket: -1, tcp: -1, denied: -1 };

  before(async () => {
    await startContainer(daemon, image, watched, ['sleep', '300']);
    tcp = `tcp://127.0.0.1:${await freePort()}`;
    doxy = await startDoxyWithRules(daemon, presetRules(preset('uptime-kuma')), ['--socket', `${tcp}=uptime-kuma`]);
    withoutInspect = await startDoxyWithPreset(daemon, presetWithout('uptime-kuma', INSPECT));
    kuma = await startUptimeKuma(kumaDir);
  });
  after(async () => {
    await kuma?.stop();
    await doxy?.stop();
    await withoutInspect?.stop();
    await removeAll(daemon, { containers: [watched] });
  });

  const beatsOf = (monitor: number): Heartbeat[] => kuma.heartbeats().filter((b) => b.monitorID === monitor);
  /** What doxy's log shows as allowed through the TCP listener (`true`) or the unix socket (`false`). */
  const through = (listener: boolean): string[] =>
    allowedRequests(
      doxy
        .output()
        .split('\n')
        .filter((l) => l.includes(`socket=${tcp}`) === listener)
        .join('\n'),
    );

  /** Waits for a heartbeat of `monitor` after the first `from` ones, and returns it. */
  async function nextBeat(monitor: number, from: number): Promise<Heartbeat> {
    // A monitor beats when it is added, then every 20 s.
    await waitUntil(
      () => beatsOf(monitor).length > from,
      `heartbeat ${from + 1} of monitor ${monitor}\n${kuma.output().slice(-2000)}`,
      45_000,
    );
    return beatsOf(monitor)[from] as Heartbeat;
  }

  it('a docker monitor on a docker host of type socket (the doxy socket) is UP while the container runs', async () => {
    const host = await addDockerHost(kuma, 'doxy socket', 'socket', doxy.socket);
    monitors.socket = await addDockerMonitor(kuma, watched, host);
    const beat = await nextBeat(monitors.socket, 0);
    assert.equal(beat.status, UP, beat.msg);
    assert.equal(beat.msg, 'running');
  });

  it('the same on a docker host of type tcp (a doxy TCP listener)', async () => {
    const host = await addDockerHost(kuma, 'doxy tcp', 'tcp', tcp);
    monitors.tcp = await addDockerMonitor(kuma, watched, host);
    const beat = await nextBeat(monitors.tcp, 0);
    assert.equal(beat.status, UP, beat.msg);
    assert.equal(beat.msg, 'running');
  });

  it('the docker host dialog\'s "Test" counts the containers through the TCP listener (on a socket, Kuma fails first)', async () => {
    const all = (await dockerOk(daemon, ['ps', '-aq'])).trim().split('\n').length;
    const answer = await kuma.call('testDockerHost', { name: 'doxy tcp', dockerType: 'tcp', dockerDaemon: tcp });
    assert.deepEqual(answer, { ok: true, msg: `Connected Successfully. Amount of containers: ${all}` });
    await waitUntil(() => through(true).includes('GET /containers/json'), 'the list in the log');
    // Its test of a socket host builds a URL from the TCP address it does not have, and sends nothing.
    const onSocket = await kuma.call('testDockerHost', {
      name: 'doxy socket',
      dockerType: 'socket',
      dockerDaemon: doxy.socket,
    });
    assert.deepEqual(onSocket, { ok: false, msg: 'Invalid URL' });
    assert.ok(!through(false).includes('GET /containers/json'));
  });

  it('once the container stops, both monitors go DOWN at their next check', async () => {
    const seen = [monitors.socket, monitors.tcp].map((monitor) => ({ monitor, from: beatsOf(monitor).length }));
    await dockerOk(daemon, ['stop', '-t', '0', watched]);
    for (const { monitor, from } of seen) {
      let beat = await nextBeat(monitor, from);
      // A check that was under way when the container stopped may still have seen it running.
      if (beat.status === UP) beat = await nextBeat(monitor, from + 1);
      assert.equal(beat.status, DOWN, beat.msg);
      assert.equal(beat.msg, 'Container State is exited');
    }
  });

  it("on a socket whose profile lacks the inspect rule, the monitor is DOWN on doxy's 403", async () => {
    await dockerOk(daemon, ['start', watched]);
    const host = await addDockerHost(kuma, 'doxy socket without inspect', 'socket', withoutInspect.socket);
    monitors.denied = await addDockerMonitor(kuma, watched, host);
    const beat = await nextBeat(monitors.denied, 0);
    assert.equal(beat.status, DOWN, beat.msg);
    // Kuma shows axios' message, not the body: doxy's message is in doxy's log, and in the answer itself.
    assert.equal(beat.msg, 'Request failed with status code 403');
    await waitUntil(() => deniedRequests(withoutInspect.output()).length > 0, 'the refusal in the log');
    assert.deepEqual(deniedRequests(withoutInspect.output()), [`GET /containers/${watched}/json`]);
    const r = await http(withoutInspect.socket, `/containers/${watched}/json`);
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.body), {
      message: `doxy: GET /containers/${watched}/json is denied: no rule allows it (deny by default)`,
    });
  });

  it('sent only container inspects by name, and the list for the Test: never GET /info or a ping, nothing denied', () => {
    assert.deepEqual(deniedRequests(doxy.output()), []);
    assert.deepEqual([...new Set(through(false))].sort(), [`GET /containers/${watched}/json`]);
    assert.deepEqual([...new Set(through(true))].sort(), [`GET /containers/${watched}/json`, 'GET /containers/json']);
  });
});
