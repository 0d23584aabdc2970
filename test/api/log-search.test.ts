// The durable request log: entries survive a restart, search filters them, and they export as JSON or CSV.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toCsv } from '../../server/admin/routes/log-csv.ts';
import type { LogEntry, LogSearchResponse } from '../../shared/protocol/log.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const search = async (a: AdminDoxy, query: string): Promise<LogSearchResponse> => {
  const r = await a.call(`/api/log/search?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body as LogSearchResponse;
};

describe('the request log on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-log-search-'));
  let a: AdminDoxy;
  let started: string;
  before(async () => {
    started = new Date().toISOString();
    a = await startAdminDoxy({ dir });
    // No daemon here: the allowed ping is answered 502, the rest is denied or refused by doxy itself.
    await a.proxy('POST', '/v1.41/containers/create?name=a,b');
    await a.proxy('GET', '/v1.41/containers/web/export');
    await a.proxy('GET', '/_ping');
    await a.proxy('GET', '/_ping/../containers/json');
    assert.equal(await a.stop(), 0);
    a = await startAdminDoxy({ dir });
  });
  after(async () => {
    await a?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written next to the store and named at start', () => {
    assert.ok(existsSync(join(dir, 'db.json.requests.jsonl')));
    assert.match(a.doxy.output(), /request log .*db\.json\.requests\.jsonl/);
  });

  it('finds what was logged before a restart, newest first', async () => {
    const { entries } = await search(a, '');
    assert.deepEqual(
      entries.map((e) => `${e.method} ${e.path} ${e.verdict}`),
      [
        'GET /_ping/../containers/json refuse',
        'GET /_ping allow',
        'GET /v1.41/containers/web/export deny',
        'POST /v1.41/containers/create deny',
      ],
    );
    assert.ok(entries.every((e) => e.socket === a.doxy.socket && e.profile === 'default' && e.time >= started));
  });

  it('keeps ids unique across the restart', async () => {
    await a.proxy('DELETE', '/v1.41/images/alpine');
    const { entries } = await search(a, 'limit=10');
    const ids = entries.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(entries[0]?.path, '/v1.41/images/alpine');
    assert.ok((entries[0]?.id ?? 0) > Math.max(...ids.slice(1)));
  });

  it('filters by decision, method, path text, time and limit', async () => {
    const cases: [string, string[]][] = [
      ['verdict=deny&method=post', ['/v1.41/containers/create']],
      ['verdict=refuse', ['/_ping/../containers/json']],
      ['text=export', ['/v1.41/containers/web/export']],
      ['verdict=allow&text=_ping', ['/_ping']],
      ['to=2000-01-01T00:00:00Z', []],
      [`from=${encodeURIComponent(started)}&limit=2`, ['/v1.41/images/alpine', '/_ping/../containers/json']],
    ];
    for (const [query, paths] of cases)
      assert.deepEqual(
        (await search(a, query)).entries.map((e) => e.path),
        paths,
        query,
      );
    assert.equal((await search(a, 'limit=2')).limited, true);
  });

  it('refuses a bad query and says which parameter', async () => {
    for (const [query, where] of [
      ['verdict=maybe', '?verdict'],
      ['from=yesterday', '?from'],
      ['limit=0', '?limit'],
      ['format=xml', '?format'],
    ]) {
      const r = await a.call(`/api/log/search?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal((r.body as { error: { where: string } }).error.where, where, query);
    }
    assert.equal((await a.call('/api/log/search', { auth: false })).status, 401);
  });

  it('exports CSV as a download, quoted where needed', async () => {
    const r = await a.call('/api/log/search?verdict=deny&method=POST&format=csv');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="?doxy-requests-[\dT-]+Z\.csv"?$/);
    const lines = r.text.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'id,time,socket,profile,method,path,status,verdict,wouldDeny,ruleId,reason,durationMs,bytes,kind,client,clientCn',
    );
    assert.equal(lines.length, 2);
    const [id, time, socket, ...rest] = (lines[1] ?? '').split(',');
    assert.match(`${id},${time}`, /^\d+,\d{4}-/);
    assert.equal(socket, a.doxy.socket);
    assert.match(
      rest.join(','),
      /^default,POST,\/v1\.41\/containers\/create,403,deny,false,,doxy: POST \/v1\.41\/containers\/create is denied: no rule allows it \(deny by default\),[\d.]+,\d+,http,,$/,
    );
  });

  it('CSV quotes commas and quotes, and never starts a cell with a formula', () => {
    const entry: LogEntry = {
      id: 7,
      time: '2026-11-28T12:00:00.000Z',
      method: 'GET',
      path: '/a,"b"',
      status: 400,
      verdict: 'refuse',
      ruleId: null,
      reason: '=HYPERLINK("x")',
      durationMs: 1,
      bytes: 2,
      kind: 'http',
    };
    const [, row] = toCsv([entry]).split('\r\n');
    assert.equal(
      row,
      `7,2026-11-28T12:00:00.000Z,,,GET,"/a,""b""",400,refuse,false,,"'=HYPERLINK(""x"")",1.000,2,http,,`,
    );
  });

  it('exports JSON as a download', async () => {
    const r = await a.call('/api/log/search?text=export&format=json');
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="?doxy-requests-[\dT-]+Z\.json"?$/);
    const entries = JSON.parse(r.text) as LogEntry[];
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status]),
      [['GET', '/v1.41/containers/web/export', 403]],
    );
  });

  it("keeps the file private to doxy's user, one JSON object a line", () => {
    const file = join(dir, 'db.json.requests.jsonl');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.ok(lines.length >= 5);
    for (const line of lines) assert.equal(typeof (JSON.parse(line) as LogEntry).time, 'string');
  });
});
