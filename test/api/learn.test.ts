// Learn mode against a real dockerd: an agent's requests pass while learning, the accepted proposal lets exactly them
// through afterwards, the deadline ends learning by itself, and a refused request is never forwarded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import type { LearnResponse, LearnState } from '../../shared/protocol/learn.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { logEntries, startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';
import { exists, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, req } from '../harness/raw-http.ts';

const docker = dockerEnv();
const PING_ONLY: readonly Rule[] = [
  {
    id: 'ping',
    action: 'allow',
    methods: ['GET', 'HEAD'],
    pattern: '^/(v\\d+\\.\\d+/)?_ping$',
    comment: '',
    enabled: true,
  },
];

describe("learn mode with a real agent's requests", { skip: docker.skip }, () => {
  const daemon = docker.env?.socket ?? '';
  const names = [uniqueName('learn-a'), uniqueName('learn-b')];
  let a: AdminDoxy;
  /** What a Traefik-like agent asks: ping, version, the container list, each container, and the events since a moment ago. */
  const agent = async (): Promise<number[]> => {
    const now = Math.floor(Date.now() / 1000);
    const statuses = [
      (await a.proxy('HEAD', '/_ping')).status,
      (await a.proxy('GET', '/v1.41/version')).status,
      (await a.proxy('GET', '/v1.41/containers/json?all=1')).status,
    ];
    for (const name of names) statuses.push((await a.proxy('GET', `/v1.41/containers/${name}/json`)).status);
    statuses.push((await a.proxy('GET', `/v1.41/events?since=${now - 5}&until=${now}`)).status);
    return statuses;
  };
  const learnState = async (): Promise<LearnResponse> => (await a.call('/api/learn')).body as LearnResponse;
  const revision = async (): Promise<number> => ((await a.call('/api/rules')).body as RulesResponse).revision;

  before(async () => {
    for (const name of names) await startContainer(daemon, docker.env?.image ?? '', name, ['sleep', '300']);
    a = await startAdminDoxy({ dockerSocket: daemon });
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: PING_ONLY } });
    assert.equal(r.status, 200, r.text);
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: names });
  });

  it('denies the agent while enforcing', async () => {
    assert.equal((await learnState()).state.active, false);
    assert.deepEqual(await agent(), [200, 403, 403, 403, 403, 403]);
  });

  it('forwards what the rules deny while learning, and logs it as would-deny', async () => {
    const started = await a.call('/api/learn/start', { method: 'POST', body: { minutes: null } });
    assert.equal(started.status, 200, started.text);
    assert.deepEqual(
      { ...(started.body as LearnResponse).state, since: null },
      { active: true, until: null, since: null, seen: 0 },
    );
    assert.match(a.doxy.output(), /LEARN MODE: requests no rule allows are forwarded/);
    const from = new Date().toISOString();
    assert.deepEqual(await agent(), [200, 200, 200, 200, 200, 200]);
    // The list and the two inspects.
    const entries = await logEntries(a, `from=${from}&text=/v1.41/containers/`, 3);
    assert.deepEqual(
      entries.map((e) => [e.verdict, e.status, e.wouldDeny]),
      Array.from({ length: 3 }, () => ['deny', 200, true]),
    );
  });

  it('never forwards a refused (ambiguous) request, even while learning', async () => {
    const victim = uniqueName('never');
    const body = JSON.stringify({ Image: docker.env?.image, Cmd: ['true'] });
    const headers = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
    const dotted = await http(a.doxy.socket, `/v1.41/containers/x/../create?name=${victim}`, {
      method: 'POST',
      headers,
      body,
    });
    const overridden = await http(a.doxy.socket, `/v1.41/containers/create?name=${victim}`, {
      method: 'POST',
      headers: { ...headers, 'X-HTTP-Method-Override': 'GET' },
      body,
    });
    assert.deepEqual([dotted.status, overridden.status], [400, 400]);
    assert.equal(await exists(daemon, 'container', victim), false);
    const refused = await logEntries(a, 'verdict=refuse&limit=5', 2);
    assert.ok(refused.length >= 2);
    assert.ok(refused.every((e) => e.wouldDeny === undefined));
    assert.ok((await learnState()).proposals.every((p) => !p.examples.some((x) => x.includes('create'))));
  });

  it('forwards a denied upgrade request too, and logs it as would-deny', async () => {
    const raw = req(
      'POST',
      '/v1.41/containers/no-such-container/attach?stream=1&stdout=1',
      { Connection: 'Upgrade', Upgrade: 'tcp' },
      '',
    );
    const answer = await exchange(a.doxy.socket, raw, { until: (r) => r.includes('\r\n\r\n'), timeoutMs: 10_000 });
    assert.match(answer.text, /^HTTP\/1\.1 404 /, 'the daemon answered, not doxy');
    assert.deepEqual(
      (await logEntries(a, 'text=no-such-container&limit=1')).map((e) => [e.kind, e.verdict, e.wouldDeny, e.status]),
      [['upgrade', 'deny', true, 404]],
    );
  });

  it('proposes one rule per endpoint, with counts, examples and risk from the catalog', async () => {
    const { proposals } = await learnState();
    const byEndpoint = new Map(proposals.map((p) => [`${p.method} ${p.pattern}`, p]));
    const inspect = proposals.find((p) => p.examples.some((x) => x.endsWith(`/${names[0]}/json`)));
    assert.ok(inspect, JSON.stringify(proposals));
    assert.equal(inspect.count, 2);
    assert.deepEqual([...inspect.examples].sort(), names.map((n) => `/v1.41/containers/${n}/json`).sort());
    assert.equal(inspect.risk, 'secret-read');
    const summaries = proposals.map((p) => `${p.method} ${p.summary ?? p.pattern} ${p.risk}`);
    for (const want of ['GET Engine version read', 'GET List containers read'])
      assert.ok(summaries.includes(want), summaries.join('\n'));
    assert.ok(proposals.some((p) => p.method === 'GET' && p.examples.includes('/v1.41/events')));
    assert.ok(![...byEndpoint.keys()].some((k) => k.includes('_ping')), 'allowed requests are not proposed');
  });

  it('answers 409 when the rules changed since basedOn, and saves nothing', async () => {
    const { proposals } = await learnState();
    const before = await revision();
    const r = await a.call('/api/learn/accept', {
      method: 'POST',
      body: { basedOn: before - 1 || 99, patterns: proposals.map(({ method, pattern }) => ({ method, pattern })) },
    });
    assert.equal(r.status, 409);
    assert.equal(await revision(), before);
    assert.equal((await learnState()).state.active, true);
  });

  it('accepting the proposal (all but the root-level attach) saves the rules, clears what was seen and goes back to enforcing', async () => {
    const proposals = (await learnState()).proposals.filter((p) => p.risk !== 'root');
    assert.equal(proposals.length, 4);
    const before = await revision();
    const r = await a.call('/api/learn/accept', {
      method: 'POST',
      body: { basedOn: before, patterns: proposals.map(({ method, pattern }) => ({ method, pattern })) },
    });
    assert.equal(r.status, 200, r.text);
    const saved = r.body as RulesResponse & { added: string[]; stillDenied: string[] };
    assert.equal(saved.revision, before + 1);
    assert.equal(saved.added.length, proposals.length);
    assert.deepEqual(saved.stillDenied, []);
    assert.deepEqual(
      saved.rules.map((x) => x.id),
      ['ping', ...saved.added],
    );
    assert.match(a.doxy.output(), /learn mode is off: the rules are enforced/);
    const now = await learnState();
    assert.deepEqual([now.state.active, now.state.seen, now.proposals.length], [false, 0, 0]);
  });

  it('under the accepted rules the same requests pass and others are denied', async () => {
    assert.deepEqual(await agent(), [200, 200, 200, 200, 200, 200]);
    assert.equal((await a.proxy('POST', '/v1.41/containers/create')).status, 403);
    assert.equal((await a.proxy('GET', `/v1.41/containers/${names[0]}/export`)).status, 403);
    assert.equal((await a.proxy('GET', '/v1.41/containers/x/export')).status, 403);
    assert.equal((await a.proxy('DELETE', `/v1.41/containers/${names[0]}`)).status, 403);
    const raw = req(
      'POST',
      `/v1.41/containers/${names[0]}/attach?stream=1&stdout=1`,
      { Connection: 'Upgrade', Upgrade: 'tcp' },
      '',
    );
    const answer = await exchange(a.doxy.socket, raw, { until: (x) => x.includes('\r\n\r\n'), timeoutMs: 10_000 });
    assert.match(answer.text, /^HTTP\/1\.1 403 /);
  });

  it('refuses to accept a pattern that was not proposed', async () => {
    const r = await a.call('/api/learn/accept', {
      method: 'POST',
      body: { basedOn: await revision(), patterns: [{ method: 'POST', pattern: '.*' }] },
    });
    assert.equal(r.status, 400);
    assert.equal((r.body as { error: { code: string; where: string } }).error.where, '/patterns/0');
  });

  it('ends by itself at its deadline, tells watchers, and enforces again', async () => {
    const socket = io(a.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { Authorization: `Bearer ${TOKEN}` },
    });
    try {
      const states: LearnState[] = [];
      socket.on('learn', (s) => states.push(s));
      await new Promise<void>((resolve, reject) => {
        socket.on('backlog', () => resolve());
        socket.on('connect_error', reject);
      });
      const r = await a.call('/api/learn/start', { method: 'POST', body: { minutes: 0.02 } });
      const until = (r.body as LearnResponse).state.until;
      assert.ok(until !== null && Date.parse(until) - Date.now() <= 1200);
      assert.equal((await a.proxy('GET', '/v1.41/info')).status, 200);
      for (let i = 0; i < 300 && !states.some((s) => !s.active && s.until === until); i++) await sleep(100);
      assert.ok(
        states.some((s) => s.active && s.until === until),
        'the start was pushed',
      );
      assert.ok(
        states.some((s) => !s.active && s.until === until),
        'the end was pushed',
      );
      assert.equal((await learnState()).state.active, false);
      assert.equal((await a.proxy('GET', '/v1.41/info')).status, 403);
    } finally {
      socket.close();
    }
  });

  it('stops when asked, and refuses a bad deadline', async () => {
    for (const minutes of [-1, 0, 'ten', 60 * 24 * 8]) {
      const r = await a.call('/api/learn/start', { method: 'POST', body: { minutes } });
      assert.equal(r.status, 400, String(minutes));
    }
    await a.call('/api/learn/start', { method: 'POST', body: { minutes: 30 } });
    assert.equal((await learnState()).state.active, true);
    const r = await a.call('/api/learn/stop', { method: 'POST' });
    assert.equal((r.body as LearnResponse).state.active, false);
    assert.equal((await a.proxy('GET', '/v1.41/info')).status, 403);
  });
});

describe('--learn at start', () => {
  it('starts in learn mode, says so, and keeps the deadline it was given', async () => {
    const a = await startAdminDoxy({ args: ['--learn', '5'] });
    try {
      assert.match(
        a.doxy.output(),
        /doxy: LEARN MODE: requests no rule allows are forwarded and recorded as "would deny" \(until \d{4}-/,
      );
      const { state } = (await a.call('/api/learn')).body as LearnResponse;
      assert.equal(state.active, true);
      const left = Date.parse(state.until ?? '') - Date.now();
      assert.ok(left > 4 * 60_000 && left <= 5 * 60_000, String(left));
    } finally {
      await a.stop();
    }
  });
});
