// Takes a PNG of each admin screen from the real app into docs/screenshots/: `npx tsx scripts/screenshots.ts`.
// Uses a private dockerd when it can (root, dockerd installed), so that allowed requests in the live log are real.
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../test/harness/admin.ts';
import { dockerdUnavailable, startDockerd, type Dockerd } from '../test/harness/dockerd.ts';
import { REPO, buildWeb } from '../test/harness/doxy.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { DOXY_PATTERN_FILE } from '../test/cases/decide-cases.ts';

const OUT = join(REPO, 'docs', 'screenshots');

/** What an agent with a read-only socket might send: some allowed, some denied, one refused as ambiguous. */
const TRAFFIC: readonly [string, string][] = [
  ['HEAD', '/_ping'],
  ['GET', '/v1.41/version'],
  ['GET', '/v1.41/containers/json?all=1'],
  ['GET', '/v1.41/images/json'],
  ['GET', '/v1.41/system/df'],
  ['POST', '/v1.41/containers/create?name=agent'],
  ['GET', '/v1.41/containers/web/logs?tail=50'],
  ['GET', '/v1.41/info'],
  ['GET', '/_ping/../containers/json'],
  ['DELETE', '/v1.41/images/alpine'],
  ['GET', '/v1.41/networks'],
];

/** `fullPage` false: only the window, for a confirmation at the top of a long page. */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  process.stdout.write(`docs/screenshots/${name}.png\n`);
}

/** Coverage, presets and their compare, then a preset with root grants saved, so that the editor shows its lint warnings. */
async function coverageScreens(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Coverage' }).click();
  await page.getByRole('region', { name: 'Area containers' }).waitFor();
  await shoot(page, 'coverage');
  await page.getByRole('link', { name: 'Presets' }).click();
  await shoot(page, 'presets');
  await page.getByRole('button', { name: 'use dozzle-actions' }).click();
  await page.getByRole('dialog').locator('tbody tr').first().waitFor();
  await shoot(page, 'presets-confirm');
  await page.getByRole('button', { name: 'Replace the draft' }).click();
  await page.getByRole('link', { name: 'Coverage' }).click();
  await page.getByLabel('Compare', { exact: true }).check();
  await page.getByRole('group', { name: 'Comparison' }).locator('tr.differs').first().waitFor();
  await page.getByLabel('only operations that differ').check();
  await shoot(page, 'coverage-compare');
  // The preset grants exec: the save names what it newly grants and asks first.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm the save' });
  await confirm.getByRole('list', { name: 'Newly granted' }).waitFor();
  await shoot(page, 'rules-confirm-save', false);
  await confirm.getByRole('button', { name: 'Save anyway' }).click();
  // Then the server asks too: the preset takes away most of what the profile granted.
  await confirm.getByRole('list', { name: 'No longer granted' }).waitFor();
  await confirm.getByRole('button', { name: 'Save anyway' }).click();
  await page.getByText(/Saved as revision \d+/).waitFor();
  await page.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('list', { name: 'Warnings' }).waitFor();
  await shoot(page, 'rules-lint-warnings');
}

/** Requests an agent makes that the rules so far deny: learn mode forwards and records them. */
const LEARNED: readonly [string, string][] = [
  ['GET', '/v1.41/containers/web/logs?tail=50'],
  ['GET', '/v1.41/containers/db/logs?tail=50'],
  ['GET', '/v1.41/events?since=0&until=1'],
  ['POST', '/v1.41/containers/web/restart'],
  ['POST', '/v1.41/containers/web/restart'],
  ['GET', '/v1.41/containers/web/archive?path=/etc'],
  ['POST', '/v1.41/containers/web/exec'],
  ['GET', '/v1.41/plugins'],
];

async function learnAndStats(a: AdminDoxy, page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Learn' }).click();
  await page.getByRole('button', { name: 'Start learn mode' }).click();
  await page.getByRole('status', { name: 'Learn mode' }).waitFor();
  for (const [method, path] of LEARNED) await a.proxy(method, path);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page
    .getByRole('table', { name: 'Proposed rules' })
    .locator('tbody tr', { hasText: 'Restart a container' })
    .waitFor();
  await shoot(page, 'learn');

  await page.getByRole('link', { name: 'Log search' }).click();
  await page.getByLabel('decision').selectOption('deny');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('table', { name: 'Search results' }).locator('tbody tr').first().waitFor();
  await shoot(page, 'log-search');

  await page.getByRole('link', { name: 'Learn' }).click();
  // The exec seen makes a body policy proposal too, ticked with the rules.
  await page.getByRole('button', { name: /^Accept \d+ selected rules?( and the body policy)?$/ }).click();
  await page.getByText(/^Saved \d+ learned rules?( and the body policy)? as revision/).waitFor();
  await page.getByRole('link', { name: 'Stats' }).click();
  await page.getByRole('img', { name: /Requests per minute over the last hour/ }).waitFor();
  await page.getByRole('table', { name: 'Top denied endpoints' }).locator('tbody tr').first().waitFor();
  await shoot(page, 'stats');
}

/** Three agents, each with a profile made from its preset and a socket of its own. */
const AGENTS = ['traefik', 'homepage', 'watchtower'] as const;

/** What each agent sends through its socket: some granted, one it has no business sending. */
const AGENT_TRAFFIC: Record<(typeof AGENTS)[number], readonly [string, string][]> = {
  traefik: [
    ['HEAD', '/_ping'],
    ['GET', '/v1.41/containers/json'],
    ['GET', '/v1.41/events?since=0&until=1'],
    ['POST', '/v1.41/containers/web/exec'],
  ],
  homepage: [
    ['GET', '/v1.41/containers/json?all=1'],
    ['GET', '/v1.41/containers/web/stats?stream=false'],
    ['GET', '/v1.41/services'],
    ['POST', '/v1.41/containers/web/kill'],
  ],
  watchtower: [
    ['GET', '/v1.41/containers/json'],
    ['GET', '/v1.41/images/busybox/json'],
    ['POST', '/v1.41/containers/web/stop'],
    ['GET', '/v1.41/secrets'],
  ],
};

function through(socketPath: string, method: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ socketPath, method, path, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Profiles from presets (one through "use this preset", one through "New profile", one more), a socket each, their coverage and a comparison. */
async function profileScreens(a: AdminDoxy, page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'use traefik', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create profile traefik' }).click();
  await page.getByRole('status').filter({ hasText: 'Created profile traefik' }).waitFor();
  await page.getByRole('button', { name: 'use watchtower', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create profile watchtower' }).click();
  await page.getByRole('status').filter({ hasText: 'Created profile watchtower' }).waitFor();

  await page.getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'New profile…' }).click();
  const form = page.getByRole('form', { name: 'New profile' });
  await form.getByLabel('Name').fill('homepage');
  await form.getByLabel('Preset to start from').selectOption('homepage');
  await shoot(page, 'profile-new');
  await form.getByRole('button', { name: 'Create profile' }).click();
  await page.locator('tbody tr[data-rule-id="homepage-1"]').waitFor();

  await page.getByRole('link', { name: 'Sockets' }).click();
  for (const agent of AGENTS) {
    const path = join(a.doxy.dir, `${agent}.sock`);
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').last().fill(path);
    await page.getByLabel(`profile of ${path}`).selectOption(agent);
  }
  await page.getByRole('button', { name: 'Add socket' }).click();
  await page.getByLabel('Path of the new socket').last().fill('agent.sock');
  await page.getByLabel('mode of agent.sock').fill('666');
  await page.getByRole('button', { name: 'Save sockets' }).click();
  await page.locator('tr[data-socket="agent.sock"] .field-error').first().waitFor();
  await shoot(page, 'sockets-error');
  await page.getByRole('button', { name: 'remove agent.sock' }).click();
  await page.getByRole('button', { name: 'Save sockets' }).click();
  for (const agent of AGENTS)
    await page
      .locator(`tr[data-socket="${join(a.doxy.dir, `${agent}.sock`)}"] .badge`, { hasText: 'listening' })
      .waitFor();
  await shoot(page, 'sockets');

  for (const agent of AGENTS)
    for (const [method, path] of AGENT_TRAFFIC[agent]) await through(join(a.doxy.dir, `${agent}.sock`), method, path);
  await page.getByRole('link', { name: 'Live log' }).click();
  await page.locator('table.log tbody tr', { hasText: '/v1.41/secrets' }).waitFor();
  await shoot(page, 'live-log-sockets');
  await page.getByLabel('socket filter').selectOption(join(a.doxy.dir, 'homepage.sock'));
  await page.locator('table.log tbody tr', { hasText: '/v1.41/secrets' }).waitFor({ state: 'detached' });
  await shoot(page, 'live-log-socket-filter');

  for (const agent of AGENTS) {
    await page.goto(`${a.base}/#/coverage?profile=${agent}`);
    await page.getByRole('region', { name: 'Area containers' }).waitFor();
    await shoot(page, `coverage-${agent}`);
  }
  await page.getByLabel('Compare', { exact: true }).check();
  await page.getByLabel('Compare with').selectOption('profile');
  await page.getByLabel('Other profile').selectOption('traefik');
  await page.getByRole('group', { name: 'Comparison' }).locator('tr.differs').first().waitFor();
  await page.getByLabel('only operations that differ').check();
  await shoot(page, 'coverage-compare-profiles');
}

async function screens(a: AdminDoxy, withDockerd: boolean): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${a.base}/`);
    await page.getByText('This browser is not logged in').waitFor();
    await shoot(page, 'login');
    await page.goto(`${a.base}/?token=${TOKEN}`);
    await page.getByRole('heading', { name: 'Rules' }).waitFor();

    // A saved edit, so that history has more than the start.
    await page.getByRole('button', { name: 'edit info' }).click();
    await page.getByLabel('Comment').fill('Show engine info (asked for by the monitoring agent)');
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as revision 2').waitFor();

    for (const [method, path] of TRAFFIC) await a.proxy(method, path);
    await page.getByRole('link', { name: 'Live log' }).click();
    await page.locator('table.log tbody tr', { hasText: '/v1.41/system/df' }).waitFor();
    await shoot(page, 'live-log');

    await page
      .locator('table.log tbody tr', { hasText: '/v1.41/system/df' })
      .getByRole('button', { name: 'Allow this' })
      .click();
    await page.getByLabel('Id').fill('disk-usage');
    await shoot(page, 'rules-allow-from-log');
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as revision 3').waitFor();
    if (withDockerd) await a.proxy('GET', '/v1.41/system/df');
    await shoot(page, 'rules');

    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Id').fill('exec');
    await page.getByLabel('Pattern').fill('^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/exec(');
    await page.getByRole('alert').filter({ hasText: 'at index' }).waitFor();
    await shoot(page, 'rules-bad-pattern');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Tester' }).click();
    await page
      .getByLabel('Requests to test')
      .fill(
        [
          'GET /v1.41/containers/json?all=1',
          'GET /v1.41/system/df',
          'POST /v1.41/containers/create',
          'GET /v1.41/containers/web/logs',
          'GET /_ping/../containers/create',
          'GET /v1.41/containers%2Fjson',
          'HEAD /_ping',
        ].join('\n'),
      );
    await shoot(page, 'tester');

    await page.getByRole('link', { name: 'Import / export' }).click();
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'doxy.pattern', mimeType: 'text/plain', buffer: readFileSync(DOXY_PATTERN_FILE) });
    await page.getByRole('button', { name: 'Apply import' }).waitFor();
    await shoot(page, 'import-diff');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const broken =
      '{\n  "format": "doxy-ruleset",\n  "version": 1,\n  "rules": [{ "id": "x", "action": "allow", "methods": ["GET", "FETCH"], "pattern": "^/x$" }]\n}\n';
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
    await page.getByText('broken.json was not imported').waitFor();
    await shoot(page, 'import-error');

    await page.getByRole('link', { name: 'History' }).click();
    await page.locator('tr[data-revision="3"]').waitFor();
    await page.locator('tr[data-revision="2"] summary').click();
    await shoot(page, 'history');
    await page.locator('tr[data-revision="2"]').getByRole('button', { name: 'Restore' }).click();
    const review = page.getByRole('alertdialog', { name: 'Review the restore' });
    await review.waitFor();
    await shoot(page, 'history-restore');
    await review.getByRole('button', { name: 'Cancel' }).click();

    await learnAndStats(a, page);
    await coverageScreens(page);
    await profileScreens(a, page);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  buildWeb();
  const why = dockerdUnavailable();
  let dockerd: Dockerd | null = null;
  if (why === null) dockerd = await startDockerd();
  else process.stderr.write(`screenshots: no dockerd (${why}); allowed requests will fail upstream\n`);
  const a = await startAdminDoxy(dockerd ? { dockerSocket: dockerd.socket } : {});
  try {
    await screens(a, dockerd !== null);
  } finally {
    await a.stop();
    await dockerd?.stop();
  }
}

await main();
