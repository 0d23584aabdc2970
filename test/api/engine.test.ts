// GET /api/engine: which engine doxy forwards to, behind the token; null while the daemon does not answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineResponse } from '../../shared/protocol/engine.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { waitUntil } from '../harness/docker-cli.ts';
import { dockerEnv } from '../harness/env.ts';

const { env, skip } = dockerEnv();

describe('GET /api/engine', { skip }, () => {
  let docked: AdminDoxy;
  let missing: AdminDoxy;
  before(async () => {
    docked = await startAdminDoxy({ dockerSocket: env?.socket ?? '' });
    missing = await startAdminDoxy();
  });
  after(async () => {
    await docked?.stop();
    await missing?.stop();
  });

  it('names Docker, its release and API version once the daemon has answered', async () => {
    await waitUntil(() => docked.doxy.output().includes(' is Docker '), 'the engine line', 20_000);
    const r = await docked.call('/api/engine');
    assert.equal(r.status, 200);
    const body = r.body as EngineResponse;
    assert.equal(body.dockerSocket, env?.socket);
    assert.equal(body.engine?.name, 'Docker');
    assert.match(body.engine.version ?? '', /^\d+\.\d+\.\d+/);
    assert.match(body.engine.api ?? '', /^1\.\d+$/);
    assert.equal(body.engine.libpodApi, null);
  });

  it('answers null while the daemon does not answer, and 401 without the token', async () => {
    assert.deepEqual((await missing.call('/api/engine')).body, {
      dockerSocket: '/nonexistent/docker.sock',
      engine: null,
    });
    assert.equal((await missing.call('/api/engine', { auth: false })).status, 401);
  });
});
