// Debian's real Netdata 1.37, as its own non-root user, through a doxy socket bound to the netdata preset whose group is
// netdata's: the python.d dockerd module counts the running containers, and cgroup-name.sh names a container's cgroup.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerOk, removeAll, startContainer, uniqueName, waitUntil } from '../harness/docker-cli.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { cgroupName, runDockerdModule, runningContainers } from '../harness/agents/netdata.ts';
import { agentSkip, allowedRequests, deniedRequests, sentRequests } from '../harness/agents/profile.ts';

const { env, skip: noDocker } = dockerEnv();
const skip =
  noDocker ||
  agentSkip('/usr/lib/netdata/plugins.d/python.d.plugin', 'netdata-plugins-python python3-docker') ||
  agentSkip('/usr/lib/netdata/plugins.d/cgroup-name.sh', 'netdata-plugins-bash');
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('Netdata, as the netdata user, through a netdata profile on a socket of its group', { skip }, () => {
  const watched = `${uniqueName('netdata')}.v1`;
  let dir = '';
  let doxy: DoxyProcess;
  const sockets = { netdata: '', rootGroup: '' };

  before(async () => {
    await startContainer(daemon, image, watched, ['sleep', '300']);
    dir = mkdtempSync(join(tmpdir(), 'doxy-netdata-sockets-'));
    chmodSync(dir, 0o711); // the netdata user reaches the sockets by name; the socket's mode and group decide
    sockets.netdata = join(dir, 'netdata.sock');
    sockets.rootGroup = join(dir, 'root-group.sock');
    doxy = await startDoxy({
      dockerSocket: daemon,
      dir,
      args: [
        '--debug',
        '--socket',
        `${sockets.netdata}=netdata,group=netdata`,
        '--socket',
        `${sockets.rootGroup}=netdata`,
      ],
    });
  });
  after(async () => {
    await doxy?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await removeAll(daemon, { containers: [watched] });
  });

  it('the python.d dockerd module counts the running containers as the daemon does', async () => {
    const running = (await dockerOk(daemon, ['ps', '-q'])).trim().split('\n').length;
    const run = await runDockerdModule(sockets.netdata);
    assert.match(run.output, /dockerd\[local\] : check success/, run.output.slice(-3000));
    assert.match(run.output, /^CHART dockerd_local\.running_containers /m);
    assert.equal(runningContainers(run.output)[0], running, run.output.slice(-3000));
    assert.deepEqual(sentRequests(doxy.output()), ['GET /vX/_ping', 'GET /vX/containers/json', 'GET /version']);
  });

  it('cgroup-name.sh names the container by its docker name', async () => {
    const id = (await dockerOk(daemon, ['inspect', '--format', '{{.Id}}', watched])).trim();
    const before = allowedRequests(doxy.output()).length;
    const run = await cgroupName(sockets.netdata, id);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout.trim(), watched, run.output);
    await waitUntil(() => allowedRequests(doxy.output()).length > before, 'its requests in the log');
    assert.ok(
      allowedRequests(doxy.output()).some((r) => r.endsWith(`/containers/${id}/json`)),
      'container inspect, by the docker CLI',
    );
  });

  it('used neither GET /images/json nor GET /info, and was denied nothing', () => {
    assert.deepEqual(deniedRequests(doxy.output()), []);
    // docker-py's version check and ping, then the list; the docker CLI's ping, then the inspect.
    assert.deepEqual(sentRequests(doxy.output()), [
      'GET /vX/_ping',
      'GET /vX/containers/json',
      'GET /vX/containers/{id}/json',
      'GET /version',
      'HEAD /_ping',
    ]);
  });

  it("on a netdata socket of root's group, the module gets no connection (why the socket's group is set)", async () => {
    const run = await runDockerdModule(sockets.rootGroup);
    assert.match(run.output, /dockerd\[local\] : unhandled exception on check : .*Permission denied/);
    assert.deepEqual(runningContainers(run.output), []);
  });
});
