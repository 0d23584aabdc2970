// The package `npm pack` makes, installed the way a user installs it (without dev dependencies, from the tarball):
// it has a `doxy` bin, runs without tsx, vite or TypeScript, and serves its socket and the built admin app, whose
// checks run on the package's worker bundle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/admin.ts';
import { REPO, cleanEnv } from '../harness/doxy.ts';
import { docker } from '../harness/docker-cli.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';

const { env, skip } = dockerEnv();

describe('the npm package', { skip, timeout: 10 * 60_000 }, () => {
  let dir = '';
  let bin = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-pack-'));
    // prepack builds the web app and the server, as publishing would.
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: REPO,
      stdio: 'pipe',
      timeout: 300_000,
    });
    const tarball = readdirSync(dir).find((f) => /^doxy-.*\.tgz$/.test(f)) ?? 'no tarball';
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--silent', `./${tarball}`], {
      cwd: dir,
      stdio: 'pipe',
      timeout: 300_000,
    });
    bin = join(dir, 'node_modules', '.bin', 'doxy');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('installs a doxy bin that prints the version through npx', () => {
    const out = execFileSync('npx', ['--no-install', 'doxy', '--version'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out, '2.0.0\n');
  });

  it('brings no dev dependency', () => {
    for (const dev of ['typescript', 'tsx', 'vite', 'esbuild', 'eslint', 'react'])
      assert.ok(!existsSync(join(dir, 'node_modules', dev)), `${dev} was installed`);
    assert.ok(existsSync(join(dir, 'node_modules', 'express')));
  });

  it('serves the filtered socket and the built admin app', async () => {
    const port = await freePort();
    const socket = join(dir, 'doxy.sock');
    const child: ChildProcess = spawn(
      bin,
      [
        '--docker-socket',
        env?.socket ?? '',
        '--proxy-socket',
        socket,
        '--db-file',
        join(dir, 'state', 'db.json'),
        '--admin-address',
        `127.0.0.1:${port}`,
      ],
      { cwd: dir, env: cleanEnv() },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      for (let i = 0; i < 200 && !out.includes('admin app at'); i++) await sleep(50);
      assert.match(out, /admin app at/, out);
      assert.doesNotMatch(out, /web app is not built/);
      const ps = await docker(socket, ['ps']);
      assert.equal(ps.code, 0, ps.stderr);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
      // The admin app checks a saved set on a worker thread, started from its own file of the package.
      assert.ok(existsSync(join(dir, 'node_modules', 'doxy', 'dist', 'server', 'off-thread-worker.js')));
      const token = decodeURIComponent(/\?token=(\S+)/.exec(out)?.[1] ?? '');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const state = (await (await fetch(`http://127.0.0.1:${port}/api/rules`, { headers })).json()) as {
        revision: number;
        rules: unknown[];
      };
      const rule = {
        id: 'pack',
        action: 'allow',
        methods: ['GET'],
        pattern: '/v[0-9.]+/info',
        comment: '',
        enabled: true,
      };
      const saved = await fetch(`http://127.0.0.1:${port}/api/rules`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ basedOn: state.revision, rules: [...state.rules, rule] }),
      });
      assert.equal(saved.status, 200, await saved.text());
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
