// Learn mode lifts only the default deny: a request an explicit deny rule refuses stays refused while learning, on a
// real dockerd (issue 12, item 8).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LogSearchResponse } from '../../shared/protocol/log.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { docker, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { http } from '../harness/raw-http.ts';
import { dockerEnv } from '../harness/env.ts';

const env = dockerEnv();
const RULES: readonly Rule[] = [
  ...BUILTIN_RULES.filter((r) => r.id === 'ping'),
  {
    id: 'no-exec',
    action: 'deny',
    methods: ['POST'],
    pattern: '^/(v\\d+\\.\\d+/)?(containers/[^/]+/exec|exec/[^/]+/start)$',
    comment: 'never run commands in containers',
    enabled: true,
  },
];

describe('learn mode and an explicit deny rule', { skip: env.skip }, () => {
  const daemon = env.env?.socket ?? '';
  const name = uniqueName('learn-deny');
  let a: AdminDoxy;

  before(async () => {
    await startContainer(daemon, env.env?.image ?? '', name, ['sleep', '300']);
    a = await startAdminDoxy({ dockerSocket: daemon });
    const r = await a.call('/api/rules?confirm=1', { method: 'PUT', body: { basedOn: 1, rules: RULES } });
    assert.equal(r.status, 200, r.text);
    const started = await a.call('/api/learn/start', { method: 'POST', body: { minutes: 10 } });
    assert.equal(started.status, 200, started.text);
  });
  after(async () => {
    await a?.stop();
    await removeAll(daemon, { containers: [name] });
  });

  it('refuses an exec the deny rule names, logs it as denied by that rule, and the command never runs', async () => {
    const body = JSON.stringify({ Cmd: ['touch', '/tmp/pwned'], AttachStdout: false });
    const r = await http(a.doxy.socket, `/v1.41/containers/${name}/exec`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    });
    assert.equal(r.status, 403, r.body);
    assert.match((JSON.parse(r.body) as { message: string }).message, /is denied by rule "no-exec"/);
    const log = (await a.call(`/api/log/search?text=/exec&limit=5`)).body as LogSearchResponse;
    assert.deepEqual(
      log.entries.map((e) => [e.method, e.verdict, e.status, e.wouldDeny ?? false]),
      [['POST', 'deny', 403, false]],
    );
    // No exec instance was made on the daemon (its ExecIDs stay empty), and so nothing ran.
    const ids = await docker(daemon, ['inspect', '--format', '{{json .ExecIDs}}', name]);
    assert.equal(ids.stdout.trim(), 'null');
    const ls = await docker(daemon, ['exec', name, 'ls', '/tmp/pwned']);
    assert.notEqual(ls.code, 0, 'the file the refused exec would have made exists');
  });

  it('still forwards what no rule allows, recorded as would-deny, and proposes nothing the deny rule refused', async () => {
    const info = await http(a.doxy.socket, '/v1.41/info');
    assert.equal(info.status, 200);
    const { proposals } = (await a.call('/api/learn')).body as { proposals: { method: string; examples: string[] }[] };
    assert.ok(proposals.some((p) => p.examples.includes('/v1.41/info')));
    assert.ok(!proposals.some((p) => p.examples.some((x) => x.includes('/exec'))), JSON.stringify(proposals));
  });
});
