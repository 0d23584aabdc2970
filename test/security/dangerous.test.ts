// Dangerous reads: export, archive, image save, swarm secrets, configs and the unlock key are denied by the built-in
// rules; the daemon's own events (export, archive-path, image save) say that nothing was read. A rule that grants one
// is flagged at start, naming the rule, the endpoint and why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dockerEnv } from '../harness/env.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';
import {
  cleanDaemon,
  containerConfig,
  createContainer,
  daemonEvents,
  now,
  startProxy,
  type ProxyUnderTest,
} from './lib.ts';

const { env, skip } = dockerEnv();

describe('dangerous reads under the built-in rules', { skip }, () => {
  let proxy: ProxyUnderTest;
  let id = '';
  const docker = env?.socket ?? '';
  // An image of our own (committed from our container, so its id is new): the daemon's events name what this suite
  // read, and nothing another suite did.
  const image = `doxy-security-${process.pid}:dangerous`;
  let imageId = '';

  /** The daemon's events since `since` about this suite's container or image. */
  const ours = async (since: number): Promise<string[]> =>
    (await daemonEvents(docker, since, now()))
      .filter((e) => e.Actor.ID === id || e.Actor.ID === imageId)
      .map((e) => `${e.Type} ${e.Action}`);

  before(async () => {
    id = await createContainer(docker, containerConfig(env?.image ?? '', 'dangerous'));
    const commit = await http(docker, `/commit?container=${id}&repo=${image.split(':')[0] ?? ''}&tag=dangerous`, {
      method: 'POST',
      timeoutMs: 30_000,
    });
    assert.equal(commit.status, 201, commit.body);
    imageId = (JSON.parse(commit.body) as { Id: string }).Id;
    proxy = await startProxy(docker, null);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
    await http(docker, `/images/${image}`, { method: 'DELETE' });
  });

  it('prints no warning at start', () => {
    assert.doesNotMatch(proxy.output(), /warning/);
  });

  const reads = (cid: string, img: string): readonly (readonly [string, string])[] => [
    ['GET', `/containers/${cid}/export`],
    ['GET', `/containers/${cid}/archive?path=/etc`],
    ['HEAD', `/containers/${cid}/archive?path=/etc`],
    ['GET', `/images/get?names=${encodeURIComponent(img)}`],
    ['GET', '/images/get'],
    ['GET', `/images/${img}/get`],
    ['GET', `/images/${encodeURIComponent(img)}/get`],
    ['GET', '/secrets'],
    ['GET', '/secrets/abc123'],
    ['GET', '/configs'],
    ['GET', '/configs/abc123'],
    ['GET', '/swarm/unlockkey'],
    ['GET', `/containers/${cid}/attach/ws?stream=1&stdin=1`],
  ];

  it("the daemon answers each one directly (so a 403 through doxy is doxy's doing)", async () => {
    const since = now();
    const got = [];
    for (const [method, path] of reads(id, image).slice(0, 4))
      got.push(`${method} ${path.split('?')[0]} ${(await http(docker, path, { method })).status}`);
    assert.deepEqual(got, [
      `GET /containers/${id}/export 200`,
      `GET /containers/${id}/archive 200`,
      `HEAD /containers/${id}/archive 200`,
      'GET /images/get 200',
    ]);
    const actions = await ours(since);
    for (const a of ['container export', 'container archive-path', 'image save'])
      assert.ok(actions.includes(a), `no "${a}" event in ${actions.join(', ')}`);
  });

  for (const prefix of ['', '/v1.41', '/v1.24']) {
    it(`each is denied${prefix ? ` under ${prefix}` : ' unversioned'}, and the daemon records no export, archive or image save`, async () => {
      const since = now();
      const got: string[] = [];
      for (const [method, path] of reads(id, image)) {
        const x = await exchange(proxy.socket, req(method, `${prefix}${path}`, { Connection: 'close' }));
        got.push(`${method} ${path.split('?')[0]} ${statuses(x)[0] ?? 'none'}`);
      }
      assert.deepEqual(
        got,
        reads(id, image).map(([method, path]) => `${method} ${path.split('?')[0]} 403`),
      );
      assert.deepEqual(await ours(since), []);
    });
  }
});

describe('a rule that grants a dangerous read is flagged at start', { skip }, () => {
  const docker = env?.socket ?? '';
  after(async () => {
    await cleanDaemon(docker);
  });

  it("doxy's own pattern file: images(/\\w+)? lets GET /images/get through, and doxy says so on stderr", async () => {
    const proxy = await startProxy(docker, readFileSync(DOXY_PATTERN_FILE, 'utf8'));
    try {
      const lines = proxy
        .output()
        .split('\n')
        .filter((l) => l.startsWith('doxy: warning:'));
      assert.deepEqual(lines, [
        'doxy: warning: rule "line-21" (#10) allows GET /images/get: it exports every image named in ?names=, all layers and whatever was baked into them, secrets included',
      ]);
      // And it is right: the export goes through.
      const since = now();
      const x = await exchange(
        proxy.socket,
        req('GET', '/images/get?names=doxy-test-busybox', { Connection: 'close' }),
        { timeoutMs: 10_000 },
      );
      assert.equal(statuses(x)[0], 200);
      assert.ok((await daemonEvents(docker, since, now())).some((e) => e.Action === 'save'));
    } finally {
      await proxy.stop();
    }
  });

  it('one line per rule and endpoint, each naming the rule', async () => {
    const rules =
      'allow GET ^/_ping$\nallow GET,HEAD ^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/(export|archive)$\nallow GET ^/swarm/unlockkey$\n';
    const proxy = await startProxy(docker, rules);
    try {
      const lines = proxy
        .output()
        .split('\n')
        .filter((l) => l.startsWith('doxy: warning:'))
        .map((l) => l.split(':').slice(0, 3).join(':'));
      assert.deepEqual(lines, [
        'doxy: warning: rule "line-2" (#2) allows GET /containers/{id}/export',
        'doxy: warning: rule "line-2" (#2) allows GET /containers/{id}/archive',
        'doxy: warning: rule "line-2" (#2) allows HEAD /containers/{id}/archive',
        'doxy: warning: rule "line-3" (#3) allows GET /swarm/unlockkey',
      ]);
      assert.ok(proxy.alive(), 'a warning must not stop doxy');
    } finally {
      await proxy.stop();
    }
  });
});
