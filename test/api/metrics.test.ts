// GET /metrics on the admin address: behind the token, strict Prometheus text, and counts that follow the traffic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { parsePrometheusText, valueOf, type Family } from './metrics-text-parser.ts';

const docker = dockerEnv();

describe('GET /metrics', () => {
  let a: AdminDoxy;
  const scrape = async (): Promise<Map<string, Family>> => {
    const r = await a.call('/metrics');
    assert.equal(r.status, 200, r.text);
    assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(r.text);
  };
  /** Scrapes until `ok` holds (a forwarded request is counted when its response closes); bounded. */
  const scrapeUntil = async (ok: (m: Map<string, Family>) => boolean): Promise<Map<string, Family>> => {
    for (let i = 0; i < 300; i++) {
      const m = await scrape();
      if (ok(m)) return m;
      await sleep(100);
    }
    return scrape();
  };

  before(async () => {
    a = await startAdminDoxy({ dockerSocket: docker.env?.socket });
  });
  after(async () => {
    await a.stop();
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-0123456789' }] as Record<string, string>[]) {
      const r = await a.call('/metrics', { auth: false, headers });
      assert.equal(r.status, 401);
      assert.equal((r.body as { error: { code: string } }).error.code, 'UNAUTHORIZED');
      assert.doesNotMatch(r.text, /doxy_requests_total/);
    }
  });

  it('is strict Prometheus text with every doxy family typed and described', async () => {
    const m = await scrape();
    const want: Record<string, string> = {
      doxy_requests_total: 'counter',
      doxy_request_duration_seconds: 'histogram',
      doxy_decision_duration_seconds: 'histogram',
      doxy_upstream_latency_seconds: 'histogram',
      doxy_upstream_errors_total: 'counter',
      doxy_ruleset_reloads_total: 'counter',
      doxy_ruleset_revision: 'gauge',
      doxy_open_streams: 'gauge',
      doxy_hijacked_connections: 'gauge',
      doxy_learn_mode: 'gauge',
    };
    for (const [name, type] of Object.entries(want)) {
      assert.equal(m.get(name)?.type, type, name);
      assert.notEqual(m.get(name)?.help, '', name);
    }
    assert.equal(valueOf(m, 'doxy_ruleset_revision', 'doxy_ruleset_revision'), 1);
    assert.equal(valueOf(m, 'doxy_learn_mode', 'doxy_learn_mode', { socket: a.doxy.socket }), 0);
    assert.ok(m.has('doxy_process_cpu_user_seconds_total'));
  });

  it('counts requests by socket, decision, method and status, and times decisions', async () => {
    const denied = { socket: a.doxy.socket, verdict: 'deny', method: 'POST', status: '403' };
    const before = await scrape();
    for (let i = 0; i < 3; i++) assert.equal((await a.proxy('POST', '/v1.41/containers/create')).status, 403);
    const ping = await a.proxy('GET', '/_ping');
    const m = await scrapeUntil(
      (s) =>
        valueOf(s, 'doxy_requests_total', 'doxy_requests_total', {
          verdict: 'allow',
          method: 'GET',
          status: String(ping.status),
        }) >= 1,
    );
    assert.equal(
      valueOf(m, 'doxy_requests_total', 'doxy_requests_total', denied) -
        valueOf(before, 'doxy_requests_total', 'doxy_requests_total', denied),
      3,
    );
    assert.equal(
      valueOf(m, 'doxy_requests_total', 'doxy_requests_total', {
        socket: a.doxy.socket,
        verdict: 'allow',
        method: 'GET',
        status: String(ping.status),
      }),
      1,
    );
    const decisions =
      valueOf(m, 'doxy_decision_duration_seconds', 'doxy_decision_duration_seconds_count') -
      valueOf(before, 'doxy_decision_duration_seconds', 'doxy_decision_duration_seconds_count');
    assert.equal(decisions, 4);
    if (docker.env) assert.equal(valueOf(m, 'doxy_upstream_latency_seconds', 'doxy_upstream_latency_seconds_count'), 1);
    else
      assert.equal(
        valueOf(m, 'doxy_upstream_errors_total', 'doxy_upstream_errors_total', { socket: a.doxy.socket }),
        1,
      );
  });

  it('labels an unknown method "other", so that clients cannot grow the label set', async () => {
    await a.proxy('PROPFIND', '/containers/json');
    const m = await scrape();
    assert.ok(valueOf(m, 'doxy_requests_total', 'doxy_requests_total', { method: 'other' }) >= 1);
    assert.equal(
      m.get('doxy_requests_total')?.samples.some((s) => s.labels.method === 'PROPFIND'),
      false,
    );
  });

  it('counts rule set reloads and shows the revision in force', async () => {
    const now = (await a.call('/api/rules')).body as RulesResponse;
    const r = await a.call('/api/rules', { method: 'PUT', body: { basedOn: now.revision, rules: now.rules } });
    assert.equal(r.status, 200, r.text);
    const m = await scrape();
    assert.equal(valueOf(m, 'doxy_ruleset_reloads_total', 'doxy_ruleset_reloads_total'), 1);
    assert.equal(valueOf(m, 'doxy_ruleset_revision', 'doxy_ruleset_revision'), now.revision + 1);
  });

  it('the parser itself refuses what Prometheus would', () => {
    assert.throws(() => parsePrometheusText('x 1\n'), /no TYPE/);
    assert.throws(() => parsePrometheusText('# TYPE x counter\nx{a="1} 1\n'), /bad label set|not a sample/);
    assert.throws(() => parsePrometheusText('# TYPE x gauge\nx one\n'), /not a sample/);
    assert.throws(() => parsePrometheusText('# TYPE x gauge\nx 1'), /newline/);
  });
});
