// Upgrades: `Upgrade: tcp` or `websocket` on a path granted for plain GET never becomes a hijacked stream, and
// GET /containers/{id}/attach/ws, a GET that writes to a container's stdin, is denied by the built-in rules.
// Judged by the daemon's own events (attach, exec_create) and by the file the container writes from its stdin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, req, statuses } from '../harness/raw-http.ts';
import {
  cleanDaemon,
  containerConfig,
  createContainer,
  daemonEvents,
  now,
  readContainerFile,
  startProxy,
  waitFor,
  type ProxyUnderTest,
} from './lib.ts';

const { env, skip } = dockerEnv();

/** A container that writes the first line of its stdin to /tmp/got: whatever reaches stdin shows there. */
async function stdinWriter(docker: string, image: string, tag: string): Promise<string> {
  const id = await createContainer(
    docker,
    containerConfig(image, tag, {
      Cmd: ['sh', '-c', 'head -n 1 > /tmp/got; sleep 60'],
      OpenStdin: true,
      AttachStdin: true,
      StdinOnce: false,
    }),
  );
  const started = await http(docker, `/containers/${id}/start`, { method: 'POST' });
  assert.equal(started.status, 204);
  return id;
}

/** What reached the container's stdin so far ('' for nothing: the shell makes /tmp/got empty at start). */
async function stdinSeen(docker: string, id: string): Promise<string> {
  return (await readContainerFile(docker, id, '/tmp/got'))?.toString() ?? '';
}

/** One masked websocket text frame, as a browser sends it. */
function wsText(payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8');
  assert.ok(data.length < 126);
  const mask = randomBytes(4);
  const masked = Buffer.from(data.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | data.length]), mask, masked]);
}

const WS_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  Origin: 'http://localhost',
};
const TCP_HEADERS = { Connection: 'Upgrade', Upgrade: 'tcp' };

describe('upgrades under the built-in rules', { skip }, () => {
  let proxy: ProxyUnderTest;
  let id = '';
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    id = await stdinWriter(docker, image, 'upgrade-builtin');
    proxy = await startProxy(docker, null);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  /** A request that would start an exec session in the container, were it ever read as one. */
  const execCreate = (): Buffer =>
    req('POST', `/containers/${id}/exec`, { 'Content-Type': 'application/json' }, JSON.stringify({ Cmd: ['true'] }));

  for (const [name, headers] of [
    ['Upgrade: tcp', TCP_HEADERS],
    ['Upgrade: websocket', WS_HEADERS],
  ] as const) {
    // top, not inspect: an inspect's answer is redacted, and an upgrade on it is refused (below).
    it(`${name} on GET /containers/{id}/top (granted for plain GET) is answered plainly, then closed; what follows is never read`, async () => {
      const since = now();
      const x = await exchange(
        proxy.socket,
        [Buffer.concat([req('GET', `/containers/${id}/top`, headers), execCreate()])],
        { timeoutMs: 5000 },
      );
      const events = await daemonEvents(docker, since, now(), { container: [id] });
      // The daemon logs a top as an event of its own; the exec that followed must not be there.
      assert.deepEqual(
        events.map((e) => e.Action),
        ['top'],
      );
      assert.deepEqual({ answers: statuses(x), closed: x.closed }, { answers: [200], closed: true });
      assert.equal(x.responses[0]?.headers['content-type'], 'application/json');
    });

    it(`${name} on GET /containers/{id}/json (granted, its answer redacted) is refused, then closed; what follows is never read`, async () => {
      const since = now();
      const x = await exchange(
        proxy.socket,
        [Buffer.concat([req('GET', `/containers/${id}/json`, headers), execCreate()])],
        { timeoutMs: 5000 },
      );
      assert.deepEqual(
        (await daemonEvents(docker, since, now(), { container: [id] })).map((e) => e.Action),
        [],
      );
      assert.deepEqual({ answers: statuses(x), closed: x.closed }, { answers: [400], closed: true });
      assert.match(x.responses[0]?.body.toString() ?? '', /cannot ask to upgrade the connection/);
    });

    it(`${name} on GET /_ping is answered plainly, then closed`, async () => {
      const since = now();
      const x = await exchange(proxy.socket, [Buffer.concat([req('GET', '/_ping', headers), execCreate()])], {
        timeoutMs: 5000,
      });
      assert.deepEqual(
        (await daemonEvents(docker, since, now(), { container: [id] })).map((e) => e.Action),
        [],
      );
      assert.deepEqual(
        { answers: statuses(x), closed: x.closed, body: x.responses[0]?.body.toString() },
        { answers: [200], closed: true, body: 'OK' },
      );
    });
  }

  for (const prefix of ['', '/v1.41']) {
    it(`GET ${prefix}/containers/{id}/attach/ws as a websocket is denied, and nothing reaches stdin`, async () => {
      const since = now();
      const x = await exchange(
        proxy.socket,
        [
          req('GET', `${prefix}/containers/${id}/attach/ws?stream=1&stdin=1&stdout=1`, WS_HEADERS),
          wsText('doxy-wrote-this\n'),
        ],
        { timeoutMs: 30_000, gapMs: 200 },
      );
      assert.deepEqual({ answers: statuses(x), closed: x.closed }, { answers: [403], closed: true });
      assert.deepEqual(
        (await daemonEvents(docker, since, now(), { container: [id] })).map((e) => e.Action),
        [],
      );
      assert.equal(await stdinSeen(docker, id), '');
    });
  }

  it('GET /containers/{id}/attach/ws without an upgrade is denied', async () => {
    const x = await exchange(
      proxy.socket,
      req('GET', `/containers/${id}/attach/ws?stream=1&stdin=1`, { Connection: 'close' }),
    );
    assert.deepEqual(statuses(x), [403]);
  });

  it('POST /containers/{id}/attach with Upgrade: tcp is denied, and nothing reaches stdin', async () => {
    const since = now();
    const x = await exchange(
      proxy.socket,
      [
        req('POST', `/containers/${id}/attach?stream=1&stdin=1`, { ...TCP_HEADERS, 'Content-Length': 0 }),
        'doxy-wrote-this\n',
      ],
      { timeoutMs: 30_000, gapMs: 200 },
    );
    assert.deepEqual(statuses(x), [403]);
    assert.deepEqual(
      (await daemonEvents(docker, since, now(), { container: [id] })).map((e) => e.Action),
      [],
    );
    assert.equal(await stdinSeen(docker, id), '');
  });
});

describe('upgrades when a rule grants attach/ws', { skip }, () => {
  // What an operator might write to let a web UI show a container's output: it grants the container's stdin too.
  const RULES =
    'allow GET ^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/json$\nallow GET ^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/attach/ws$\n';
  let proxy: ProxyUnderTest;
  let id = '';
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    id = await stdinWriter(docker, image, 'upgrade-granted');
    proxy = await startProxy(docker, RULES);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  it('doxy warns at start that the rule grants attach/ws', () => {
    assert.match(
      proxy.output(),
      /doxy: warning: rule "line-2" \(#2\) allows GET \/containers\/\{id\}\/attach\/ws: although a GET/,
    );
  });

  it("the granted GET is hijacked (101), and a websocket frame lands on the container's stdin", async () => {
    const conn = connect({ path: proxy.socket });
    try {
      let text = '';
      conn.on('data', (d: Buffer) => (text += d.toString('latin1')));
      conn.on('error', () => undefined);
      conn.write(req('GET', `/containers/${id}/attach/ws?stream=1&stdin=1&stdout=1`, WS_HEADERS));
      // The timeouts below only bound a hang: each wait ends on its event (the response head, the file's line).
      assert.ok(await waitFor(() => text.includes('\r\n\r\n') || conn.destroyed, 30_000), 'no response head');
      assert.match(text, /^HTTP\/1\.1 101 /, text.slice(0, 300));
      conn.write(wsText('doxy-wrote-this\n'));
      let got = '';
      await waitFor(async () => (got = await stdinSeen(docker, id)) !== '', 30_000, 100);
      assert.equal(got, 'doxy-wrote-this\n');
    } finally {
      conn.destroy();
    }
  });

  it('an upgrade on the granted inspect path is refused: its answer is redacted, which an upgrade would relay unread', async () => {
    const x = await exchange(proxy.socket, req('GET', `/containers/${id}/json`, TCP_HEADERS), { timeoutMs: 5000 });
    assert.deepEqual({ answers: statuses(x), closed: x.closed }, { answers: [400], closed: true });
  });
});
