// Streams and hijacks through doxy with a rule set that grants everything: logs -f, events, stats, attach, exec -i, run -i.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALLOW_ALL,
  docker,
  dockerOk,
  dockerStream,
  exists,
  removeAll,
  startContainer,
  startDoxyWithPatterns,
  uniqueName,
} from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, http, httpHead, req } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';
const TICK = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'];

describe('streams through doxy (allow * .*)', { skip }, () => {
  let doxy: DoxyProcess;
  const ticker = uniqueName('ticker');
  const sleeper = uniqueName('sleeper');
  const containers = [ticker, sleeper];
  const networks: string[] = [];

  before(async () => {
    doxy = await startDoxyWithPatterns(daemon, ALLOW_ALL);
    await startContainer(daemon, image, ticker, TICK);
    await startContainer(daemon, image, sleeper, ['sleep', '300']);
  });
  after(async () => {
    await doxy?.stop();
    await removeAll(daemon, { containers, networks });
  });

  it('docker logs -f follows new lines until it is stopped', async () => {
    const logs = dockerStream(doxy.socket, ['logs', '-f', '--tail', '0', ticker]);
    try {
      const seen = await logs.waitFor(['tick'], 15_000);
      assert.match(seen, /^tick \d+\n/);
      // Lines keep coming on the same stream.
      const first = Number(/tick (\d+)/.exec(seen)?.[1]);
      await logs.waitFor([`tick ${first + 2}\n`], 15_000);
    } finally {
      await logs.kill();
    }
  });

  it('docker events shows a network being created and removed', async () => {
    const name = uniqueName('events');
    networks.push(name);
    // --since makes the order of "start watching" and "create" irrelevant.
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const events = dockerStream(doxy.socket, [
      'events',
      '--since',
      since,
      '--filter',
      'type=network',
      '--filter',
      `network=${name}`,
    ]);
    try {
      await dockerOk(daemon, ['network', 'create', '--internal', name]);
      await dockerOk(daemon, ['network', 'rm', name]);
      const seen = await events.waitFor(['network create', 'network destroy'], 15_000);
      assert.ok(seen.includes(`name=${name}`), seen);
    } finally {
      await events.kill();
    }
  });

  it('GET /events answers its head before any event happens', async () => {
    const filters = encodeURIComponent(JSON.stringify({ network: [uniqueName('never')] }));
    const head = await httpHead(doxy.socket, `/events?filters=${filters}`, 2_000);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-type'], 'application/json');
  });

  it('docker stats --no-stream shows the container', async () => {
    const out = await dockerOk(doxy.socket, ['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', ticker]);
    assert.match(out, new RegExp(`^${ticker} \\S+`));
  });

  it('docker attach shows the output of a running container, which keeps running when the CLI goes', async () => {
    const attach = dockerStream(doxy.socket, ['attach', '--no-stdin', '--sig-proxy=false', ticker]);
    try {
      const seen = await attach.waitFor(['tick'], 15_000);
      const first = Number(/tick (\d+)/.exec(seen)?.[1]);
      await attach.waitFor([`tick ${first + 1}\n`], 15_000);
    } finally {
      await attach.kill();
    }
    assert.equal((await dockerOk(daemon, ['inspect', '--format', '{{.State.Running}}', ticker])).trim(), 'true');
  });

  it('docker exec -i: stdin EOF reaches the process and its remaining output still comes back', async () => {
    const r = await docker(doxy.socket, ['exec', '-i', sleeper, 'sh', '-c', 'cat; echo done'], {
      input: 'a\nb\n',
      timeoutMs: 20_000,
    });
    assert.deepEqual(r, { code: 0, stdout: 'a\nb\ndone\n', stderr: '' });
  });

  it('docker exec -i passes a large stdin through and back', async () => {
    const input = `${'0123456789abcdef'.repeat(64)}\n`.repeat(1024); // 1 MiB + 1 KiB
    const r = await docker(doxy.socket, ['exec', '-i', sleeper, 'sh', '-c', 'cat; echo done'], {
      input,
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.length, input.length + 'done\n'.length);
    assert.ok(r.stdout === `${input}done\n`, 'the bytes come back unchanged');
  });

  it('an upgrade whose body arrives after its head is still forwarded (exec start)', async () => {
    const created = await http(daemon, `/containers/${sleeper}/exec`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ AttachStdout: true, Tty: true, Cmd: ['echo', 'split body'] }),
    });
    assert.equal(created.status, 201, created.body);
    const { Id: id } = JSON.parse(created.body) as { Id: string };
    const body = JSON.stringify({ Detach: false, Tty: true });
    const head = req('POST', `/exec/${id}/start`, {
      Connection: 'Upgrade',
      Upgrade: 'tcp',
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    });
    const { text } = await exchange(doxy.socket, [head, body], {
      gapMs: 100,
      until: (r) => r.includes('split body'),
      timeoutMs: 5_000,
    });
    assert.match(text, /^HTTP\/1\.1 101 /);
    assert.ok(text.includes('split body\r\n'), text);
  });

  it('docker exec returns the exit code of the command', async () => {
    const r = await docker(doxy.socket, ['exec', sleeper, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual(r, { code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('docker run -i --rm cat echoes stdin and removes the container', async () => {
    const name = uniqueName('run-i');
    containers.push(name);
    const r = await docker(doxy.socket, ['run', '-i', '--rm', '--network', 'none', '--name', name, image, 'cat'], {
      input: 'hello\nworld\n',
      timeoutMs: 30_000,
    });
    assert.deepEqual(r, { code: 0, stdout: 'hello\nworld\n', stderr: '' });
    assert.equal(await exists(daemon, 'container', name), false);
  });

  it('docker run --rm echo hi prints hi and removes the container', async () => {
    const name = uniqueName('run');
    containers.push(name);
    const r = await docker(doxy.socket, ['run', '--rm', '--network', 'none', '--name', name, image, 'echo', 'hi'], {
      timeoutMs: 30_000,
    });
    assert.deepEqual(r, { code: 0, stdout: 'hi\n', stderr: '' });
    assert.equal(await exists(daemon, 'container', name), false);
  });
});
