// The live log's engine.io endpoint: every request, those that carry a session id already issued included, passes the
// same Host, Origin and token checks as the REST API (issue 12, item 6). Plain HTTP against a real doxy.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';

interface Reply {
  readonly status: number;
  readonly text: string;
}

function poll(port: number, method: string, query: string, headers: Record<string, string>, body?: string) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path: `/socket.io/?EIO=4&transport=polling${query}`, headers, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${query}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A websocket upgrade on the raw socket; what came back in the first second (or until close). */
function upgrade(port: number, query: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (): void => {
      s.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, 1000);
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    s.on('error', () => undefined);
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    s.write(
      `GET /socket.io/?EIO=4&transport=websocket${query} HTTP/1.1\r\n` +
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        `Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n${lines.join('')}\r\n`,
    );
  });
}

describe('a socket.io session id in the hands of a foreign page', () => {
  let a: AdminDoxy;
  let own: Record<string, string> = {};
  const foreign = { Host: 'evil.example', Origin: 'http://evil.example' };
  let round = 0;

  /** An authorised client's polling session, joined to the live log, with log entries queued for it. */
  const session = async (): Promise<{ sid: string; secret: string }> => {
    const open = await poll(a.port, 'GET', '', own);
    assert.equal(open.status, 200, open.text);
    const sid = (JSON.parse(open.text.slice(1)) as { sid: string }).sid;
    const join = await poll(a.port, 'POST', `&sid=${sid}`, { ...own, 'Content-Type': 'text/plain' }, '40');
    assert.equal(join.status, 200, join.text);
    const secret = `secret-${round++}`;
    await a.proxy('GET', `/v1.41/containers/${secret}/json`);
    // The live log sends what arrived each tick (100 ms).
    await new Promise((r) => setTimeout(r, 300));
    return { sid, secret };
  };

  before(async () => {
    a = await startAdminDoxy();
    own = { Host: `127.0.0.1:${a.port}`, Authorization: `Bearer ${TOKEN}` };
  });
  after(async () => {
    await a?.stop();
  });

  for (const [what, headers] of [
    ['a foreign Host and Origin, no token', foreign],
    ['our Host, a foreign Origin, no token', { Host: '127.0.0.1:PORT', Origin: 'http://evil.example' }],
    ['our Host and no token', { Host: '127.0.0.1:PORT' }],
    ['a foreign Origin with the token', { Host: '127.0.0.1:PORT', Origin: 'http://evil.example', Auth: '' }],
  ] as const) {
    it(`a poll with that sid and ${what} is refused, gets no log data, and the session stays its owner's`, async () => {
      const { sid, secret } = await session();
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) {
        if (k === 'Auth') h.Authorization = `Bearer ${TOKEN}`;
        else h[k] = v.replace('PORT', String(a.port));
      }
      const r = await poll(a.port, 'GET', `&sid=${sid}`, h);
      assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
      assert.doesNotMatch(r.text, /secret-|backlog|entries/);
      const mine = await poll(a.port, 'GET', `&sid=${sid}`, own);
      assert.equal(mine.status, 200, mine.text);
      assert.match(mine.text, new RegExp(secret));
    });
  }

  it('a websocket upgrade with that sid from a foreign Host and Origin is refused', async () => {
    const { sid, secret } = await session();
    const text = await upgrade(a.port, `&sid=${sid}`, foreign);
    assert.doesNotMatch(text, /^HTTP\/1\.1 101/);
    assert.doesNotMatch(text, /secret-/);
    const mine = await poll(a.port, 'GET', `&sid=${sid}`, own);
    assert.match(mine.text, new RegExp(secret));
  });

  it('a websocket handshake from a foreign Host and Origin, without a sid, is refused', async () => {
    assert.doesNotMatch(await upgrade(a.port, '', foreign), /^HTTP\/1\.1 101/);
  });

  it('a post with that sid from a foreign page is refused (it cannot speak for the session)', async () => {
    const { sid } = await session();
    const r = await poll(a.port, 'POST', `&sid=${sid}`, { ...foreign, 'Content-Type': 'text/plain' }, '41');
    assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
  });
});
