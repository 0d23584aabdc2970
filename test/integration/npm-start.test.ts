// `npm start` builds only what is older than its sources: a start with nothing changed runs no build, and a changed
// server source rebuilds the server and leaves the web app alone; a bundle file that is missing (the admin worker's)
// is built.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../harness/doxy.ts';

const SERVER = join(REPO, 'dist', 'server', 'main.js');
const WORKER = join(REPO, 'dist', 'server', 'off-thread-worker.js');
const WEB = join(REPO, 'web', 'dist', 'index.html');

/** What `npm start` runs before the server; returns what it printed. */
function buildIfStale(): string {
  return execFileSync(process.execPath, [join(REPO, 'scripts', 'build-if-stale.mjs')], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

const built = (file: string): number => statSync(file).mtimeMs;

describe('the build before npm start', () => {
  before(() => {
    buildIfStale();
  });

  it('builds nothing when nothing changed', () => {
    const [server, web] = [built(SERVER), built(WEB)];
    buildIfStale();
    assert.deepEqual([built(SERVER), built(WEB)], [server, web]);
  });

  it('rebuilds the server, and only the server, after a server source changed', () => {
    const source = join(REPO, 'server', 'main.ts');
    const web = built(WEB);
    const server = built(SERVER);
    // A source newer than the bundle: its modification time only, the file is untouched.
    const later = new Date(Math.max(server, Date.now()) + 2000);
    utimesSync(source, later, later);
    buildIfStale();
    assert.ok(built(SERVER) > server, 'the server was not rebuilt');
    assert.equal(built(WEB), web, 'the web app was rebuilt');
  });

  it('builds the server when the admin worker bundle is missing, though main.js is fresh', () => {
    const web = built(WEB);
    rmSync(WORKER);
    buildIfStale();
    assert.ok(existsSync(WORKER), 'the admin worker was not built');
    assert.equal(built(WEB), web, 'the web app was rebuilt');
  });
});
