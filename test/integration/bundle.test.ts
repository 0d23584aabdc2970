// What `npm start` runs: the server bundled by esbuild and run by plain node, without tsx. The other suites run the
// sources under tsx; this one proves the bundle is the same program: it filters, serves its sockets and its admin app,
// finds the web app where the repository keeps it, and cleans up at SIGTERM; with the app off, it never loads it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { BUNDLE, REPO, buildBundle, startDoxy } from '../harness/doxy.ts';
import { pingSocket } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';

const { env, skip } = dockerEnv();

describe('the bundle npm start runs', { skip }, () => {
  let admin: AdminDoxy;
  let extra = '';

  let dir = '';

  before(async () => {
    buildBundle();
    dir = mkdtempSync(join(tmpdir(), 'doxy-it-bundle-'));
    extra = join(dir, 'traefik.sock');
    admin = await startAdminDoxy({
      dockerSocket: env?.socket ?? '',
      bundle: true,
      dir,
      args: ['--socket', `${extra}=traefik`],
    });
  });
  after(async () => {
    await admin?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is plain JavaScript that node runs without tsx', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    assert.ok(!/from ["']tsx/.test(text), 'the bundle imports tsx');
    assert.ok(!/\.ts["']/.test(text.replace(/\/\/.*$/gm, '')), 'the bundle imports a .ts file');
    assert.match(admin.doxy.child.spawnargs.join(' '), /dist\/server\/main\.js/);
    assert.ok(!admin.doxy.child.spawnargs.includes('tsx'));
  });

  it("forwards what the rules grant and denies the rest in Docker's shape", async () => {
    const ping = await admin.proxy('GET', '/_ping');
    assert.equal(ping.status, 200);
    assert.equal(ping.text, 'OK');
    const denied = await admin.proxy('POST', '/v1.41/networks/create');
    assert.equal(denied.status, 403);
    assert.match(
      String((denied.body as { message?: string } | undefined)?.message),
      /^doxy: POST \/v1\.41\/networks\/create is denied/,
    );
  });

  it('serves its --socket with that profile and the admin API', async () => {
    const sockets = await admin.call('/api/sockets');
    assert.equal(sockets.status, 200);
    const list = (sockets.body as { sockets: { path: string; profile: string; listening: boolean }[] }).sockets;
    assert.deepEqual(
      list.map((s) => [
        s.path === extra ? 'extra' : s.path === admin.doxy.socket ? 'proxy' : s.path,
        s.profile,
        s.listening,
      ]),
      [
        ['proxy', 'default', true],
        ['extra', 'traefik', true],
      ],
    );
    const metrics = await admin.call('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /doxy_requests_total/);
  });

  it('loads neither the admin app nor what only it reads when the app is off', async () => {
    // Preloaded: at exit, prints the packages node's CommonJS loader has loaded. http-proxy-middleware, prom-client and
    // socket.io are CommonJS packages, so the first shows the probe sees what the proxy loads.
    const probe = [
      "import { createRequire } from 'node:module';",
      "const cache = createRequire('/').cache;",
      "process.on('exit', () => {",
      '  const names = Object.keys(cache).map((f) => /node_modules\\/((@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]);',
      '  process.stdout.write(`loaded packages: ${JSON.stringify([...new Set(names)].filter(Boolean).sort())}\\n`);',
      '});',
    ].join('\n');
    const doxy = await startDoxy({
      dockerSocket: env?.socket ?? '',
      bundle: true,
      nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(probe)}`],
    });
    // A forwarded request: the proxy's own modules are loaded by now.
    assert.ok(await pingSocket(doxy.socket), doxy.output());
    assert.equal(await doxy.stop(), 0);
    const line = /^loaded packages: (.*)$/m.exec(doxy.output());
    assert.ok(line, doxy.output());
    const loaded = JSON.parse(line[1] ?? '[]') as string[];
    assert.ok(loaded.includes('http-proxy-middleware'), loaded.join(' '));
    for (const name of ['socket.io', 'prom-client', 'engine.io']) assert.ok(!loaded.includes(name), loaded.join(' '));
  });

  it("looks for the web app in the repository's web/dist, as the sources do", async () => {
    const index = join(REPO, 'web', 'dist', 'index.html');
    if (existsSync(index)) {
      const page = await admin.call('/', { auth: false, headers: { Cookie: '' } });
      // Without a session the app's page is not served, but the login page is: either way not a 404 for a missing build.
      assert.notEqual(page.status, 404);
      assert.ok(!admin.doxy.output().includes('is not built'), admin.doxy.output());
    } else {
      assert.ok(
        admin.doxy.output().includes(`no ${index}`),
        `the bundle looked for the web app elsewhere:\n${admin.doxy.output()}`,
      );
    }
  });
});
