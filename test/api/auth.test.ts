// The admin surface lets in only the token holder, only under its own Host, only from its own origin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';

function errorCode(body: unknown): unknown {
  return (body as { error?: { code?: unknown } } | undefined)?.error?.code;
}

describe('admin authentication and request checks', () => {
  let a: AdminDoxy;
  before(async () => {
    a = await startAdminDoxy();
  });
  after(async () => {
    await a.stop();
  });

  it('prints one admin URL line carrying the token', () => {
    const lines = a.doxy
      .output()
      .split('\n')
      .filter((l) => l.includes('admin app at'));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', new RegExp(`admin app at http://127\\.0\\.0\\.1:${a.port}/\\?token=${TOKEN}`));
  });

  it('answers 401 without the token', async () => {
    const r = await a.call('/api/rules', { auth: false });
    assert.equal(r.status, 401);
    assert.equal(errorCode(r.body), 'UNAUTHORIZED');
  });

  it('answers 401 to a wrong Bearer token and to a wrong cookie', async () => {
    assert.equal(
      (await a.call('/api/rules', { auth: false, headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status,
      401,
    );
    assert.equal(
      (await a.call('/api/rules', { auth: false, headers: { Cookie: `doxy_admin_${a.port}=forged` } })).status,
      401,
    );
  });

  it('answers 200 to the Bearer token', async () => {
    const r = await a.call('/api/rules');
    assert.equal(r.status, 200);
    assert.equal((r.body as { revision: number }).revision, 1);
  });

  it('opening the printed URL sets an HttpOnly SameSite=Strict cookie and redirects to / without the token', async () => {
    const r = await a.call(`/?token=${TOKEN}`, { auth: false });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/');
    const cookie = String(r.headers['set-cookie'] ?? '');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, new RegExp(TOKEN));
    const session = cookie.split(';')[0] ?? '';
    const rules = await a.call('/api/rules', { auth: false, headers: { Cookie: session } });
    assert.equal(rules.status, 200);
  });

  it('opening the URL with a wrong token sets no cookie', async () => {
    const r = await a.call('/?token=not-the-token-0123456789', { auth: false });
    assert.equal(r.status, 401);
    assert.equal(r.headers['set-cookie'], undefined);
  });

  for (const host of [
    'evil.example:PORT',
    'evil.example',
    '127.0.0.1:OTHER',
    'localhost.evil.example:PORT',
    '[::1]:PORT',
  ]) {
    it(`refuses Host "${host}" with 421 even with the token (DNS rebinding)`, async () => {
      const value = host.replace('OTHER', String(a.port + 1)).replace('PORT', String(a.port));
      const r = await a.call('/api/rules', { headers: { Host: value } });
      assert.equal(r.status, 421);
      assert.equal(errorCode(r.body), 'BAD_HOST');
    });
  }

  it('accepts Host localhost:PORT for a 127.0.0.1 address', async () => {
    assert.equal((await a.call('/api/rules', { headers: { Host: `localhost:${a.port}` } })).status, 200);
  });

  for (const origin of [
    'http://evil.example',
    'http://127.0.0.1:OTHER',
    'https://127.0.0.1:PORT',
    'null',
    'http://localhost.evil.example:PORT',
  ]) {
    it(`refuses Origin "${origin}" with 403 (CSRF)`, async () => {
      const value = origin.replace('OTHER', String(a.port + 1)).replace('PORT', String(a.port));
      const r = await a.call('/api/rules', { headers: { Origin: value } });
      assert.equal(r.status, 403);
      assert.equal(errorCode(r.body), 'CROSS_ORIGIN');
    });
  }

  it('accepts its own Origin', async () => {
    assert.equal((await a.call('/api/rules', { headers: { Origin: `http://127.0.0.1:${a.port}` } })).status, 200);
    assert.equal((await a.call('/api/rules', { headers: { Origin: `http://localhost:${a.port}` } })).status, 200);
  });

  it('refuses a cross-site request that carries the session cookie, and saves nothing', async () => {
    const login = await a.call(`/?token=${TOKEN}`, { auth: false });
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const put = await a.call('/api/rules', {
      method: 'PUT',
      auth: false,
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' },
      body: { basedOn: 1, rules: [] },
    });
    assert.equal(put.status, 403);
    const now = await a.call('/api/rules');
    assert.equal((now.body as { revision: number }).revision, 1);
  });

  it('sends security headers, with a CSP that allows only its own scripts', async () => {
    const r = await a.call('/api/rules');
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['cache-control'], 'no-store');
  });

  it('refuses the socket.io handshake without the token, under a wrong Host or from another origin, as the API does', async () => {
    const path = '/socket.io/?EIO=4&transport=polling';
    const refusals = [
      await a.call(path, { auth: false }),
      await a.call(path, { headers: { Host: `evil.example:${a.port}` } }),
      await a.call(path, { headers: { Origin: 'http://evil.example' } }),
    ];
    assert.deepEqual(
      refusals.map((r) => [r.status, (r.body as { error?: { code?: string } } | undefined)?.error?.code]),
      [
        [401, 'UNAUTHORIZED'],
        [421, 'BAD_HOST'],
        [403, 'CROSS_ORIGIN'],
      ],
    );
    const ok = await a.call(path);
    assert.equal(ok.status, 200);
    assert.match(ok.text, /^0\{"sid"/);
  });

  it('a socket.io client without the token gets a connect error, and with it the backlog', async () => {
    const refused = io(a.base, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => refused.on('connect_error', resolve));
    refused.close();
    assert.ok(error instanceof Error);

    const client = io(a.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { Authorization: `Bearer ${TOKEN}` },
    });
    try {
      const backlog = await new Promise<unknown>((resolve, reject) => {
        client.on('backlog', resolve);
        client.on('connect_error', reject);
      });
      assert.ok(Array.isArray((backlog as { entries: unknown }).entries));
    } finally {
      client.close();
    }
  });
});
