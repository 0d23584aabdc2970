// What learn mode proposes for requests outside the API 1.41 reference, and how it starts (issue 12, item 9), on a real
// dockerd: BuildKit's /grpc upgrade and an old client's /copy are named with their risk, root-level and unknown
// operations start unticked and flagged, learn mode gets a default deadline and its start warns that the socket is open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LearnProposal, LearnResponse } from '../../shared/protocol/learn.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { exchange } from '../harness/raw-http.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';

const env = dockerEnv();
const PING_ONLY: readonly Rule[] = [
  { id: 'ping', action: 'allow', methods: ['GET', 'HEAD'], pattern: '^/_ping$', comment: '', enabled: true },
];

describe('learn mode proposals for BuildKit and old API versions', { skip: env.skip }, () => {
  const daemon = env.env?.socket ?? '';
  const name = uniqueName('learn-copy');
  let a: AdminDoxy;
  let startedAt = 0;
  let started: LearnResponse;

  const proposal = (proposals: readonly LearnProposal[], example: string): LearnProposal | undefined =>
    proposals.find((p) => p.examples.some((x) => x.startsWith(example)));

  before(async () => {
    await startContainer(daemon, env.env?.image ?? '', name, ['sleep', '300']);
    a = await startAdminDoxy({ dockerSocket: daemon });
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: PING_ONLY } });
    assert.equal(r.status, 200, r.text);
    startedAt = Date.now();
    const s = await a.call('/api/learn/start', { method: 'POST', body: {} });
    assert.equal(s.status, 200, s.text);
    started = s.body as LearnResponse;
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: [name] });
  });

  it('started without a deadline, it ends by itself after 15 minutes', () => {
    const left = Date.parse(started.state.until ?? '') - startedAt;
    assert.ok(left > 14.9 * 60_000 && left <= 15 * 60_000 + 1000, `${started.state.until} (${left} ms)`);
  });

  it('its start warns on the terminal that the socket is open while it runs', async () => {
    const warning =
      /doxy: WARNING: the socket is open while learn mode runs: a client on it may do anything no deny rule refuses/;
    for (let i = 0; i < 40 && !warning.test(a.doxy.output()); i++) await sleep(50);
    assert.match(a.doxy.output(), warning);
  });

  it('a null deadline is no deadline, asked for explicitly', async () => {
    const r = await a.call('/api/learn/start', { method: 'POST', body: { minutes: null } });
    assert.equal((r.body as LearnResponse).state.until, null);
  });

  it("BuildKit's /grpc (h2c upgrade, answered 101) is proposed as a root-level operation, unticked and flagged", async () => {
    const raw =
      'POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n' +
      'X-Docker-Expose-Session-Uuid: learn-test\r\nContent-Length: 0\r\n\r\n';
    const answer = await exchange(a.doxy.socket, raw, { timeoutMs: 30_000, until: (x) => x.includes('\r\n\r\n') });
    assert.match(answer.text, /^HTTP\/1\.1 101 /, 'the daemon upgraded it (learn mode forwarded it)');
    const p = proposal(((await a.call('/api/learn')).body as LearnResponse).proposals, '/grpc');
    assert.ok(p);
    assert.deepEqual([p.method, p.risk, p.preselected], ['POST', 'root', false]);
    assert.match(p.summary ?? '', /BuildKit/);
    assert.match(p.flag ?? '', /equals root on the host/);
  });

  it("an old client's /containers/{id}/copy is proposed as a secret read, never as unknown", async () => {
    const body = JSON.stringify({ Resource: '/etc/hostname' });
    const raw =
      `POST /v1.23/containers/${name}/copy HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    await exchange(a.doxy.socket, raw, { timeoutMs: 30_000 });
    const p = proposal(((await a.call('/api/learn')).body as LearnResponse).proposals, '/v1.23/containers/');
    assert.ok(p);
    assert.deepEqual(
      [p.method, p.risk, p.pattern],
      ['POST', 'secret-read', '^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/copy$'],
    );
    assert.match(p.summary ?? '', /Copy files out of a container/);
  });

  it('checkpoints and /build/cancel are named from the catalog', async () => {
    await a.proxy('GET', `/v1.41/containers/${name}/checkpoints`);
    await a.proxy('POST', '/v1.41/build/cancel?id=nothing');
    const { proposals } = (await a.call('/api/learn')).body as LearnResponse;
    assert.deepEqual(
      [
        proposal(proposals, `/v1.41/containers/${name}/checkpoints`)?.risk,
        proposal(proposals, '/v1.41/build/cancel')?.risk,
      ],
      ['read', 'write'],
    );
  });

  it('an operation outside the catalog is proposed unticked and flagged; a catalogued read is ticked', async () => {
    await a.proxy('GET', `/v1.41/containers/${name}/frobnicate`);
    await a.proxy('GET', '/v1.41/info');
    const { proposals } = (await a.call('/api/learn')).body as LearnResponse;
    const unknown = proposal(proposals, `/v1.41/containers/${name}/frobnicate`);
    assert.deepEqual([unknown?.risk, unknown?.preselected], ['unknown', false]);
    assert.match(unknown?.flag ?? '', /not in the Engine API catalog/);
    const info = proposal(proposals, '/v1.41/info');
    assert.deepEqual([info?.risk, info?.preselected, info?.flag], ['read', true, null]);
  });
});
