// Every preset on its own socket of one doxy (--socket PATH=PRESET), driven by plain HTTP standing in for its agent:
// what the agent needs reaches the daemon, versioned or not; a sample of what it does not need is refused and changes nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PRESETS } from '../../shared/presets/presets.ts';
import { docker, dockerOk, exists, removeAll, startContainer, uniqueName } from '../harness/docker-cli.ts';
import { startDoxy, type DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { AGENT_REQUESTS, forbiddenSample, type Fixtures } from '../harness/agents/agent-requests.ts';
import { http, type HttpResult } from '../harness/raw-http.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

function send(
  socket: string,
  r: { method: string; path: string; query?: string; body?: unknown },
  version: string,
): Promise<HttpResult> {
  const target = `${version}${r.path}${r.query ? `?${r.query}` : ''}`;
  if (r.body === undefined) return http(socket, target, { method: r.method });
  const raw = typeof r.body === 'string';
  return http(socket, target, {
    method: r.method,
    headers: { 'Content-Type': raw ? 'application/x-tar' : 'application/json' },
    body: raw ? (r.body as string) : JSON.stringify(r.body),
  });
}

function messageOf(r: HttpResult): string {
  try {
    return String((JSON.parse(r.body) as { message?: unknown }).message ?? r.body);
  } catch {
    return r.body;
  }
}

describe('every preset on its own socket of one doxy, called as its agent calls it', { skip }, () => {
  const fx: Fixtures = { container: uniqueName('preset-fx'), image, volume: uniqueName('preset-vol') };
  /** A scoped preset reaches only what was made through it: its own container and volume, made through its socket. */
  const owned = new Map<string, Fixtures>(
    PRESETS.filter((p) => p.scoped).map((p) => [
      p.id,
      { container: uniqueName(`${p.id}-fx`), image, volume: uniqueName(`${p.id}-vol`) },
    ]),
  );
  let dir = '';
  let doxy: DoxyProcess;
  const socketOf = (id: string) => join(dir, `${id}.sock`);

  before(async () => {
    await startContainer(daemon, image, fx.container, ['sleep', '300']);
    await dockerOk(daemon, ['volume', 'create', fx.volume]);
    dir = mkdtempSync(join(tmpdir(), 'doxy-presets-'));
    doxy = await startDoxy({
      dockerSocket: daemon,
      dir,
      args: ['--debug', ...PRESETS.flatMap((p) => ['--socket', `${socketOf(p.id)}=${p.id}`])],
    });
    for (const [id, own] of owned) {
      await startContainer(socketOf(id), image, own.container, ['sleep', '300']);
      await dockerOk(socketOf(id), ['volume', 'create', own.volume]);
    }
  });
  after(async () => {
    await doxy?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await removeAll(daemon, { containers: [fx.container, ...[...owned.values()].map((o) => o.container)] });
    for (const volume of [fx.volume, ...[...owned.values()].map((o) => o.volume)])
      await docker(daemon, ['volume', 'rm', volume]);
  });

  it('listens on one socket per preset, each bound to a profile made from it', () => {
    for (const p of PRESETS)
      assert.ok(
        doxy.output().includes(`doxy: socket ${socketOf(p.id)}: profile ${p.id}, mode 660`),
        `${p.id}:\n${doxy.output()}`,
      );
  });

  for (const preset of PRESETS) {
    describe(preset.name, () => {
      it('answers the unversioned HEAD /_ping Go clients send first, GET /_ping and GET /version, versioned or not', async () => {
        for (const [method, path] of [
          ['HEAD', '/_ping'],
          ['GET', '/_ping'],
          ['GET', '/version'],
          ['GET', '/v1.41/_ping'],
          ['GET', '/v1.41/version'],
        ] as const) {
          const r = await http(socketOf(preset.id), path, { method });
          assert.equal(r.status, 200, `${method} ${path}: ${r.body}`);
        }
      });

      if (preset.fullControl) {
        it('forwards reads and writes alike: a network is created and removed through it', async () => {
          const name = uniqueName('portainer-net');
          const created = await send(
            socketOf(preset.id),
            { method: 'POST', path: '/networks/create', body: { Name: name } },
            '/v1.41',
          );
          assert.equal(created.status, 201, created.body);
          assert.equal(await exists(daemon, 'network', name), true);
          const removed = await send(socketOf(preset.id), { method: 'DELETE', path: `/networks/${name}` }, '/v1.41');
          assert.equal(removed.status, 204, removed.body);
          for (const op of Object.keys(AGENT_REQUESTS).filter((k) => k.startsWith('GET '))) {
            const req = AGENT_REQUESTS[op]?.(fx);
            assert.ok(req);
            assert.equal((await send(socketOf(preset.id), req, '/v1.41')).status, req.status, op);
          }
        });
        return;
      }

      it(`forwards each of its ${preset.operations.length} operations to the daemon, with and without an API version`, async () => {
        for (const op of preset.operations) {
          const req = AGENT_REQUESTS[op]?.(owned.get(preset.id) ?? fx);
          assert.ok(req, `test/harness/agents/agent-requests.ts has no request for ${op}`);
          for (const version of ['/v1.41', '']) {
            const r = await send(socketOf(preset.id), req, version);
            assert.ok(!messageOf(r).startsWith('doxy:'), `${op} at "${version}" was answered by doxy: ${r.body}`);
            assert.equal(r.status, req.status, `${op} at "${version}": the daemon's answer: ${r.body}`);
          }
        }
      });

      it("refuses a sample of what it does not need with doxy's message, and the daemon shows no effect", async () => {
        const sample = forbiddenSample(fx).filter((f) => !preset.operations.includes(f.op));
        assert.ok(sample.length >= 3, `a sample of ${sample.length}`);
        for (const f of sample) {
          const r = await send(socketOf(preset.id), f, '/v1.41');
          assert.equal(r.status, 403, `${f.op}: ${r.body}`);
          assert.equal(
            messageOf(r),
            `doxy: ${f.method} /v1.41${f.path} is denied: no rule allows it (deny by default)`,
          );
        }
        const state = JSON.parse(
          await dockerOk(daemon, [
            'inspect',
            '--format',
            '{{json .State.Running}} {{json .ExecIDs}}',
            fx.container,
          ]).then((s) => `[${s.trim().replace(' ', ',')}]`),
        ) as unknown[];
        assert.deepEqual(state, [true, null], 'the container still runs and no exec was created in it');
        for (const f of sample)
          if (f.creates)
            assert.equal(await exists(daemon, f.creates.kind, f.creates.name), false, `${f.op} created nothing`);
      });
    });
  }
});
