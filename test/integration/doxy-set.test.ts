// doxy's own default set, given as --pattern-file, behaves as in doxy: its reads work, writes are denied, and its holes are kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { docker, dockerOk, exists, uniqueName } from '../harness/docker-cli.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';
import { dockerEnv } from '../harness/env.ts';
import { http, httpHead } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';
const DOXY_PATTERN = fileURLToPath(DOXY_PATTERN_FILE);

describe("doxy's default set as --pattern-file", { skip }, () => {
  let doxy: DoxyProcess;

  before(async () => {
    doxy = await startDoxy({ dockerSocket: daemon, args: ['--pattern-file', DOXY_PATTERN] });
  });
  after(async () => {
    await doxy?.stop();
  });

  for (const args of [['ps'], ['images'], ['version'], ['info'], ['network', 'ls'], ['volume', 'ls']]) {
    it(`docker ${args.join(' ')} works (GET lists are allowed)`, async () => {
      await dockerOk(doxy.socket, args);
    });
  }

  it('docker network create is denied (POST) and creates nothing', async () => {
    const name = uniqueName('doxyset');
    const r = await docker(doxy.socket, ['network', 'create', name]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Error response from daemon: doxy: POST \/v[\d.]+\/networks\/create is denied: no rule allows it/,
    );
    assert.equal(await exists(daemon, 'network', name), false);
  });

  it("GET /images/get is allowed (doxy's hole: it exports every image)", async () => {
    const head = await httpHead(doxy.socket, `/images/get?names=${encodeURIComponent(image)}`, 10_000);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-type'], 'application/x-tar');
  });

  it('HEAD /_ping is denied (doxy granted GET only)', async () => {
    const r = await http(doxy.socket, '/_ping', { method: 'HEAD' });
    assert.equal(r.status, 403);
    assert.equal(r.headers['content-type'], 'application/json');
  });

  it('a container name with "-" is denied, as doxy\'s \\w+ refused it', async () => {
    const r = await http(doxy.socket, '/containers/doxy-it-x/json');
    assert.equal(r.status, 403);
    assert.match(JSON.parse(r.body).message as string, /^doxy: GET \/containers\/doxy-it-x\/json is denied/);
  });
});
