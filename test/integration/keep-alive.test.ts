// Every request on a keep-alive connection is decided on its own, pipelined or not, upgrade or not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docker, exists, startDoxyWithPatterns, uniqueName } from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, parseResponses, req, statuses } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

const PING = req('GET', '/_ping');
const UPGRADE = { Connection: 'Upgrade', Upgrade: 'tcp' };

function post(path: string, body: string, headers: Readonly<Record<string, string>> = {}): Buffer {
  return req('POST', path, { 'Content-Type': 'application/json', ...headers }, body);
}

describe('one keep-alive connection, many decisions (only GET /_ping allowed)', { skip }, () => {
  let doxy: DoxyProcess;

  before(async () => {
    doxy = await startDoxyWithPatterns(daemon, 'allow GET ^/_ping$\n');
  });
  after(async () => {
    await doxy?.stop();
  });

  it('pipelined GET /_ping, POST /containers/create, GET /_ping get 200, 403, 200 and no container is made', async () => {
    const name = uniqueName('pipelined');
    const create = post(
      `/containers/create?name=${name}`,
      JSON.stringify({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } }),
    );
    const { responses } = await exchange(doxy.socket, Buffer.concat([PING, create, PING]), {
      until: (r) => parseResponses(r).length >= 3,
      timeoutMs: 10_000,
    });
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 403, 200],
    );
    assert.equal(responses[0]?.body.toString(), 'OK');
    assert.match(
      responses[1]?.body.toString() ?? '',
      /^\{"message":"doxy: POST \/containers\/create is denied: no rule allows it/,
    );
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('an upgrade request pipelined behind an allowed request is decided, and refused', async () => {
    const upgrade = post('/containers/any/attach?stream=1&stdout=1', '', UPGRADE);
    const received = await exchange(doxy.socket, Buffer.concat([PING, upgrade]), {
      until: (r) => parseResponses(r).length >= 2,
      timeoutMs: 10_000,
    });
    assert.deepEqual(statuses(received), [200, 403]);
  });

  it('a request sent after a refused upgrade on the same connection is never forwarded', async () => {
    const name = uniqueName('after-upgrade');
    const upgrade = post('/containers/any/attach?stream=1&stdout=1', '', UPGRADE);
    const create = post(
      `/containers/create?name=${name}`,
      JSON.stringify({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } }),
    );
    const received = await exchange(doxy.socket, Buffer.concat([upgrade, create]), { timeoutMs: 10_000 });
    assert.ok(received.closed, 'doxy closes the connection after the refused upgrade');
    assert.deepEqual(statuses(received), [403]);
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('the docker CLI gets its ping through and its list refused on the same rule set', async () => {
    const r = await docker(doxy.socket, ['ps']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error response from daemon: doxy: GET \/v[\d.]+\/containers\/json is denied/);
  });
});
