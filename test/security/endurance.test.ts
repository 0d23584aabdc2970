// Memory over a long run: 20 000 mixed requests (allowed, denied, refused, streams, upgrades) on keep-alive
// connections, with doxy's resident memory read from /proc before, during and after. It must stay flat.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';
import {
  cleanDaemon,
  containerConfig,
  createContainer,
  networkName,
  networkNamed,
  now,
  rssKiB,
  startProxy,
  type ProxyUnderTest,
} from './lib.ts';

const { env, skip } = dockerEnv();

const TOTAL = 20_000;
const WARM_UP = 2_000;
const CONCURRENCY = 32;
/**
 * Generous, because V8 lets the heap grow until a major collection: over 20 000 requests doxy's RSS rose by 13-21 MiB
 * before one, and a 120 000-request run levels off at about 132 MiB. Some runs, on a quiet machine as on a busy one,
 * saw up and down instead: 15 MiB more every 2 000 requests until a major collection takes 20-25 back, peaks 60-66 MiB
 * over warm-up (seen: 153, 160, 177, 192, 207, 182, 182, 186, 202, 219 MiB). A leak raises the troughs as well as the
 * peaks, so the bound is on the lowest reading of the second half of the run: a leak of 5 KiB a request would pass it
 * there. The peak gets twice the bound, for a blow-up.
 */
const FLAT_MIB = 48;
const SETTLE_MS = 2000;

const V = '(v\\d+\\.\\d+/)?';
const RULES = [
  `allow GET,HEAD ^/${V}_ping$`,
  `allow GET ^/${V}(containers/json|events)$`,
  `allow GET ^/${V}containers/[\\w.-]+/logs$`,
  `allow POST ^/${V}containers/[\\w.-]+/attach$`,
].join('\n');

describe('memory over a long run', { skip }, () => {
  let proxy: ProxyUnderTest;
  let id = '';
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    id = await createContainer(
      docker,
      containerConfig(image, 'endurance', { Cmd: ['sh', '-c', 'seq 1 2000; sleep 300'] }),
    );
    assert.equal((await http(docker, `/containers/${id}/start`, { method: 'POST' })).status, 204);
    proxy = await startProxy(docker, RULES);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  it(`${TOTAL} mixed requests leave doxy's memory flat`, async (t) => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const t0 = now() - 60;
    /** One request through an ordinary client; resolves with the status after reading the whole answer. */
    const http = (method: string, path: string, body?: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const r = request(
          {
            socketPath: proxy.socket,
            agent,
            method,
            path,
            headers: body ? { 'Content-Type': 'application/json' } : {},
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        r.on('error', reject);
        r.end(body);
      });
    const kinds: readonly (readonly [string, () => Promise<number>])[] = [
      ...Array<readonly [string, () => Promise<number>]>(8).fill(['GET /_ping 200', () => http('GET', '/_ping')]),
      ...Array<readonly [string, () => Promise<number>]>(3).fill([
        'GET /containers/json 200',
        () => http('GET', '/v1.41/containers/json?all=1'),
      ]),
      ...Array<readonly [string, () => Promise<number>]>(3).fill([
        'POST /networks/create 403',
        () => http('POST', '/networks/create', JSON.stringify({ Name: networkName('endurance') })),
      ]),
      ['GET /_ping/../x 400', () => http('GET', '/_ping/../x')],
      ...Array<readonly [string, () => Promise<number>]>(2).fill([
        'GET logs 200',
        () => http('GET', `/containers/${id}/logs?stdout=1&tail=500`),
      ]),
      ['GET /events 200', () => http('GET', `/events?since=${t0.toFixed(0)}&until=${(t0 + 1).toFixed(0)}`)],
      [
        'upgrade attach 404',
        async () =>
          statuses(
            await exchange(
              proxy.socket,
              req('POST', '/containers/doxy-missing/attach?stream=1', {
                Connection: 'Upgrade',
                Upgrade: 'tcp',
                'Content-Length': 0,
              }),
            ),
          )[0] ?? 0,
      ],
      ['HEAD /_ping 200', () => http('HEAD', '/_ping')],
    ];
    const tally = new Map<string, number>();
    const rss: { at: number; kib: number }[] = [{ at: 0, kib: rssKiB(proxy.pid) }];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < TOTAL; i = next++) {
        const [name, run] = kinds[i % kinds.length] ?? kinds[0]!;
        const status = await run();
        const key = name.endsWith(` ${status}`) ? name : `${name} but got ${status}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        if ((i + 1) % 2000 === 0) rss.push({ at: i + 1, kib: rssKiB(proxy.pid) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    rss.sort((a, b) => a.at - b.at);
    const warm = rss.find((r) => r.at >= WARM_UP)?.kib ?? 0;
    const peakAfterWarm = Math.max(...rss.filter((r) => r.at >= WARM_UP).map((r) => r.kib));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled = rssKiB(proxy.pid);
    const floor = Math.min(settled, ...rss.filter((r) => r.at >= TOTAL / 2).map((r) => r.kib));
    t.diagnostic(
      `doxy RSS (MiB) by requests done: ${rss.map((r) => `${r.at}: ${(r.kib / 1024).toFixed(1)}`).join(', ')}`,
    );
    t.diagnostic(
      `after warm-up ${(warm / 1024).toFixed(1)} MiB, peak ${(peakAfterWarm / 1024).toFixed(1)} MiB, lowest in the second half ${(floor / 1024).toFixed(1)} MiB, ${SETTLE_MS} ms after the run ${(settled / 1024).toFixed(1)} MiB`,
    );
    assert.equal(await networkNamed(docker, networkName('endurance')), false, 'a denied request made a network');
    assert.deepEqual(
      [...tally.keys()].filter((k) => k.includes(' but got ')),
      [],
      'some requests got an unexpected status',
    );
    assert.equal(
      [...tally.values()].reduce((a, b) => a + b, 0),
      TOTAL,
    );
    assert.ok(proxy.alive());
    assert.ok(
      (floor - warm) / 1024 < FLAT_MIB,
      `RSS grew by ${((floor - warm) / 1024).toFixed(1)} MiB from warm-up to the lowest reading of the run's second half`,
    );
    assert.ok(
      (peakAfterWarm - warm) / 1024 < 2 * FLAT_MIB,
      `RSS rose by ${((peakAfterWarm - warm) / 1024).toFixed(1)} MiB after warm-up during the run`,
    );
  });
});
