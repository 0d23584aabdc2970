// How the admin app starts: off with "none", a token from the flag, the environment or the store, a busy port refused.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, startAdminDoxy } from '../harness/admin.ts';
import { waitUntil } from '../harness/docker-cli.ts';
import { runDoxy, startDoxy } from '../harness/doxy.ts';

const DOCKER = '/nonexistent/docker.sock';
const urlIn = (output: string): string | undefined => /admin app at (\S+)/.exec(output)?.[1];

describe('starting the admin app', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'doxy-api-boot-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('--admin-address none starts no admin app and prints no admin URL', async () => {
    const doxy = await startDoxy({ dockerSocket: DOCKER });
    try {
      assert.equal(urlIn(doxy.output()), undefined);
    } finally {
      await doxy.stop();
    }
  });

  it('takes the token from DOXY_ADMIN_TOKEN', async () => {
    const port = await freePort();
    const doxy = await startDoxy({
      dockerSocket: DOCKER,
      args: ['--admin-address', `127.0.0.1:${port}`],
      env: { DOXY_ADMIN_TOKEN: 'from-the-environment-0123' },
    });
    try {
      await waitUntil(() => urlIn(doxy.output()) !== undefined, 'the admin URL printed', 30_000);
      assert.equal(urlIn(doxy.output()), `http://127.0.0.1:${port}/?token=from-the-environment-0123`);
    } finally {
      await doxy.stop();
    }
  });

  it('generates a token once and keeps it in the store across restarts', async () => {
    const dir = tempDir();
    const tokens: (string | undefined)[] = [];
    for (let run = 0; run < 2; run++) {
      const port = await freePort();
      const doxy = await startDoxy({ dockerSocket: DOCKER, dir, args: ['--admin-address', `127.0.0.1:${port}`] });
      await waitUntil(() => urlIn(doxy.output()) !== undefined, 'the admin URL printed', 30_000);
      tokens.push(/token=([^\s]+)/.exec(urlIn(doxy.output()) ?? '')?.[1]);
      await doxy.stop();
    }
    assert.match(tokens[0] ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.equal(tokens[1], tokens[0]);
  });

  it('exits with code 5, naming the address, when the admin port is taken, and leaves no proxy socket behind', async () => {
    const first = await startAdminDoxy();
    const dir = tempDir();
    try {
      const socket = join(dir, 'doxy.sock');
      const r = await runDoxy([
        '--docker-socket',
        DOCKER,
        '--proxy-socket',
        socket,
        '--db-file',
        join(dir, 'db.json'),
        '--admin-address',
        `127.0.0.1:${first.port}`,
      ]);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot listen on admin address 127\\.0\\.0\\.1:${first.port}`));
      assert.equal(existsSync(socket), false);
    } finally {
      await first.stop();
    }
  });
});
