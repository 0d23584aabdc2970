// Profiles and sockets in a real Chromium against a real doxy: a profile made from a preset, a new socket bound to it
// that listens and serves that profile, the server's refusals shown where they point, two profiles compared side by
// side, and the live log and log search filtered by socket.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ProfilesResponse } from '../../shared/protocol/profiles.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();

/** The status of one request through a proxy socket. */
async function through(socket: string, method: string, path: string): Promise<number> {
  return (await http(socket, path, { method })).status;
}

describe('profiles and sockets in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  let traefikSocket: string;
  const profiles = async (): Promise<ProfilesResponse> => (await a.call('/api/profiles')).body as ProfilesResponse;
  const sockets = async (): Promise<SocketsResponse> => (await a.call('/api/sockets')).body as SocketsResponse;
  const picker = () => page.getByLabel('Profile', { exact: true });
  const socketRow = (path: string) => page.getByRole('table', { name: 'Sockets' }).locator(`tr[data-socket="${path}"]`);

  before(async () => {
    ({ a, browser, page } = await openAdminApp(docker.env?.socket));
    traefikSocket = join(a.doxy.dir, 'traefik.sock');
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('creates a profile from the Traefik preset on the Presets screen', async () => {
    await page.getByRole('link', { name: 'Presets' }).click();
    await page.getByRole('button', { name: 'use traefik', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Use Traefik (docker provider)' });
    assert.equal(await dialog.getByLabel('New profile name').inputValue(), 'traefik');
    await dialog.getByRole('button', { name: 'Create profile traefik' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Created profile traefik from Traefik (docker provider)' })
      .waitFor();
    const made = (await profiles()).profiles.find((p) => p.name === 'traefik');
    assert.ok(made, 'the profile is saved at once');
    assert.equal(made.rules[0]?.id, 'traefik-1');
    assert.deepEqual(made.sockets, []);
    const draft = await page.getByRole('button', { name: 'Save', exact: true }).count();
    assert.equal(draft, 0, 'the draft of the profile shown is untouched');
  });

  it('creates a profile from a preset with "New profile", and keeps the chosen profile in the address across a reload', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New profile…' }).click();
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Name').fill('homepage');
    await form.getByLabel('Preset to start from').selectOption('homepage');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.locator('tbody tr[data-rule-id="homepage-1"]').waitFor();
    assert.equal(await picker().inputValue(), 'homepage');
    assert.match(page.url(), /#\/rules\?profile=homepage$/);
    await page.reload();
    await page.locator('tbody tr[data-rule-id="homepage-1"]').waitFor();
    assert.equal(await picker().inputValue(), 'homepage');
    await page.getByRole('link', { name: 'Tester' }).click();
    await page.getByLabel('Requests to test').fill('GET /v1.41/services');
    await page.getByRole('table', { name: 'Verdicts' }).locator('tbody tr').first().getByText('allowed').waitFor();
  });

  it('refuses a new profile with a bad name next to the name field', async () => {
    await page.getByRole('button', { name: 'New profile…' }).click();
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Name').fill('no spaces please');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await form.locator('.field-error').waitFor();
    assert.equal(await form.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a socket bound to the traefik profile on the Sockets screen, and it listens and serves that profile', async () => {
    await page.getByRole('link', { name: 'Sockets' }).click();
    await socketRow(a.doxy.socket).getByText('listening').waitFor();
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').fill(traefikSocket);
    await page.getByLabel(`profile of ${traefikSocket}`).selectOption('traefik');
    await page.getByRole('button', { name: 'Save sockets' }).click();
    const row = socketRow(traefikSocket);
    await row.locator('.badge', { hasText: 'listening' }).waitFor();
    assert.match(await row.innerText(), /traefik[\s\S]*added here[\s\S]*listening/);
    const state = (await sockets()).sockets.find((s) => s.path === traefikSocket);
    assert.deepEqual({ profile: state?.profile, listening: state?.listening }, { profile: 'traefik', listening: true });
    // GET /events is granted by traefik and not by default; POST /containers/create by neither.
    assert.notEqual(await through(traefikSocket, 'GET', '/v1.41/events?since=0&until=1'), 403);
    assert.equal(await through(a.doxy.socket, 'GET', '/v1.41/events?since=0&until=1'), 403);
    assert.equal(await through(traefikSocket, 'POST', '/v1.41/containers/create'), 403);
  });

  it("shows the server's refusal of a socket list next to the fields it points at, and saves nothing", async () => {
    const before = await sockets();
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').fill('relative.sock');
    await page.getByLabel('mode of relative.sock').fill('666');
    await page.getByRole('button', { name: 'Save sockets' }).click();
    const row = page.getByRole('table', { name: 'Sockets' }).locator('tbody tr').nth(2);
    await row.locator('.field-error').first().waitFor();
    const errors = await row.locator('.field-error').allInnerTexts();
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /not an absolute path/);
    assert.match(errors[1] ?? '', /every local user/);
    assert.equal(await page.getByLabel('mode of relative.sock').getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await sockets()).revision, before.revision);
    await row.getByRole('button', { name: 'remove relative.sock' }).click();
    await page.getByRole('button', { name: 'Discard' }).waitFor({ state: 'detached' });
  });

  it('refuses to delete a profile a socket is bound to, and says why', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await picker().selectOption('traefik');
    await page.locator('tbody tr[data-rule-id="traefik-1"]').waitFor();
    await page.getByRole('button', { name: 'Delete profile…' }).click();
    await page.getByRole('button', { name: 'Delete traefik', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not deleted' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /bound to/);
    assert.ok((await profiles()).profiles.some((p) => p.name === 'traefik'));
  });

  it('compares two profiles side by side in Coverage, with counts for both and the differing rows marked', async () => {
    await page.getByRole('link', { name: 'Coverage' }).click();
    await page.getByLabel('Compare', { exact: true }).check();
    await page.getByLabel('Compare with').selectOption('profile');
    await page.getByLabel('Other profile').selectOption('homepage');
    const events = page
      .getByRole('region', { name: 'Compare area system' })
      .locator('tbody tr', { hasText: 'GET /events' });
    await events.waitFor();
    assert.equal(await events.getAttribute('class'), 'differs narrows');
    assert.deepEqual(await events.locator('.grant').allInnerTexts(), ['allowed', 'denied']);
    const services = page
      .getByRole('region', { name: 'Compare area swarm' })
      .locator('tbody tr', { hasText: 'GET /services' })
      .first();
    assert.deepEqual(await services.locator('.grant').allInnerTexts(), ['denied', 'allowed']);
    const list = page
      .getByRole('region', { name: 'Compare area containers' })
      .locator('tbody tr')
      .filter({ has: page.getByText('GET /containers/json', { exact: true }) });
    assert.equal(await list.getAttribute('class'), '', 'both grant the container list: not marked');
    const counts = await page.getByRole('region', { name: 'Compare area system' }).locator('.side-counts').innerText();
    assert.match(counts, /traefik \(saved\): \d+ allowed · \d+ partial · \d+ denied[\s\S]*homepage: \d+ allowed/);
    await page.getByLabel('only operations that differ').check();
    assert.equal(await list.count(), 0);
    await events.waitFor();
    await page.getByLabel('only operations that differ').uncheck();
  });

  it('compares the saved profile with its unsaved draft through the server', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    const eventsRule = (await profiles()).profiles
      .find((p) => p.name === 'traefik')
      ?.rules.find((r) => r.pattern.includes('events'));
    assert.ok(eventsRule);
    await page.getByLabel(`enable ${eventsRule.id}`).uncheck();
    await page.getByRole('link', { name: 'Coverage' }).click();
    await page.getByLabel('Compare', { exact: true }).check();
    await page.getByLabel('Compare with').selectOption('draft');
    const events = page
      .getByRole('region', { name: 'Compare area system' })
      .locator('tbody tr', { hasText: 'GET /events' });
    await events.locator('.grant', { hasText: 'denied' }).waitFor();
    assert.deepEqual(await events.locator('.grant').allInnerTexts(), ['allowed', 'denied']);
    assert.match(await page.getByRole('status').filter({ hasText: 'differ' }).innerText(), /^1 operation differs/);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('No operation changes').waitFor();
  });

  it('keeps an unsaved draft of one profile while another is shown', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByLabel('enable traefik-1').uncheck();
    await picker().selectOption('default');
    await page.locator('tbody tr[data-rule-id="containers"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
    assert.match(await picker().locator('option[value="traefik"]').innerText(), /unsaved edits/);
    await picker().selectOption('traefik');
    await page.getByText('Unsaved changes to revision').waitFor();
    assert.equal(await page.getByLabel('enable traefik-1').isChecked(), false);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('Unsaved changes to revision').waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('enable traefik-1').isChecked(), true);
  });

  it('shows the socket and profile of each request in the live log, and filters by socket', async () => {
    await page.getByRole('link', { name: 'Live log' }).click();
    await page.locator('section .link.live').waitFor();
    await through(traefikSocket, 'GET', '/v1.41/containers/json');
    await through(traefikSocket, 'POST', '/v1.41/containers/from-traefik/kill');
    await through(a.doxy.socket, 'GET', '/v1.41/networks/create-from-default');
    const rows = page.locator('table.log tbody tr');
    await rows.filter({ hasText: 'from-traefik' }).waitFor();
    await rows.filter({ hasText: 'create-from-default' }).waitFor();
    assert.deepEqual((await rows.filter({ hasText: 'from-traefik' }).locator('td').allInnerTexts()).slice(1, 3), [
      'traefik.sock',
      'traefik',
    ]);
    assert.deepEqual(
      (await rows.filter({ hasText: 'create-from-default' }).locator('td').allInnerTexts()).slice(1, 3),
      ['doxy.sock', 'default'],
    );

    await page.getByLabel('socket filter').selectOption(traefikSocket);
    await rows.filter({ hasText: 'create-from-default' }).waitFor({ state: 'detached' });
    const shown = await rows.locator('td:nth-child(2)').allInnerTexts();
    assert.ok(shown.length >= 2 && shown.every((s) => s === 'traefik.sock'), shown.join(','));
    await page.getByLabel('socket filter').selectOption('all');
    await page.getByLabel('profile filter').selectOption('default');
    await rows.filter({ hasText: 'from-traefik' }).waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'create-from-default' }).waitFor();
  });

  it('searches the log on disk by socket and by profile', async () => {
    await page.getByRole('link', { name: 'Log search' }).click();
    await page.getByLabel('socket filter').selectOption(traefikSocket);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: 'Search results' }).locator('tbody tr');
    await results.filter({ hasText: 'from-traefik' }).waitFor();
    assert.equal(await results.filter({ hasText: 'create-from-default' }).count(), 0);
    await page.getByLabel('socket filter').selectOption('all');
    await page.getByLabel('profile filter').selectOption('default');
    await page.getByRole('button', { name: 'Search' }).click();
    await results.filter({ hasText: 'create-from-default' }).waitFor();
    assert.equal(await results.filter({ hasText: 'from-traefik' }).count(), 0);
  });

  it('shows the stats of the socket chosen', async () => {
    await page.getByRole('link', { name: 'Stats', exact: true }).click();
    await page.getByLabel('Socket', { exact: true }).selectOption(traefikSocket);
    const top = page.getByRole('table', { name: 'Top denied endpoints' }).locator('tbody tr');
    await top.filter({ hasText: '/v1.41/containers/from-traefik/kill' }).waitFor();
    await page.getByLabel('Socket', { exact: true }).selectOption('');
    await top.filter({ hasText: '/v1.41/containers/from-traefik/kill' }).waitFor({ state: 'detached' });
    await top.filter({ hasText: '/v1.41/events' }).waitFor();
  });

  it('learns on the socket chosen, and the accepted rule goes into the profile that socket serves', async () => {
    await page.getByRole('link', { name: 'Learn', exact: true }).click();
    await page.getByLabel('Socket', { exact: true }).selectOption(traefikSocket);
    await page.getByRole('button', { name: 'Start learn mode' }).click();
    const banner = page.getByRole('status', { name: 'Learn mode' });
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(`socket ${traefikSocket.replace(/[.]/g, '\\.')} forwards`));
    assert.notEqual(await through(traefikSocket, 'GET', '/v1.41/containers/web/top'), 403);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page
      .getByRole('table', { name: 'Proposed rules' })
      .locator('tbody tr', { hasText: 'List processes in a container' })
      .waitFor();
    await page.getByRole('button', { name: /^Accept \d+ selected rules?$/ }).click();
    await page.getByText(/^Saved 1 learned rule as revision \d+/).waitFor();
    const traefik = (await a.call('/api/rules?profile=traefik')).body as RulesResponse;
    assert.ok(
      traefik.rules.some((r) => r.id.startsWith('learned-') && r.comment.includes('List processes')),
      JSON.stringify(traefik.rules.map((r) => r.id)),
    );
    const fallback = (await a.call('/api/rules')).body as RulesResponse;
    assert.equal(
      fallback.rules.some((r) => r.id.startsWith('learned-')),
      false,
      'profile default is untouched',
    );
    assert.notEqual(await through(traefikSocket, 'GET', '/v1.41/containers/web/top'), 403);
    await page.getByLabel('Socket', { exact: true }).selectOption('');
  });

  it('rebinds the socket to another profile and changes its mode, and then the profile it left can be deleted', async () => {
    await page.getByRole('link', { name: 'Sockets' }).click();
    await page.getByLabel(`profile of ${traefikSocket}`).selectOption('homepage');
    await page.getByLabel(`mode of ${traefikSocket}`).fill('600');
    await page.getByRole('button', { name: 'Save sockets' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as revision' }).waitFor();
    assert.equal(
      await through(traefikSocket, 'GET', '/v1.41/events?since=0&until=1'),
      403,
      'homepage does not grant events',
    );
    assert.equal(statSync(traefikSocket).mode & 0o777, 0o600);

    await page.getByRole('link', { name: 'Rules' }).click();
    await picker().selectOption('traefik');
    await page.getByRole('button', { name: 'Delete profile…' }).click();
    await page.getByRole('button', { name: 'Delete traefik', exact: true }).click();
    // The app leaves the profile before deleting it (so it never reloads a profile that is gone): done once the
    // picker no longer offers it.
    await picker().locator('option[value="traefik"]').waitFor({ state: 'detached' });
    await page.locator('tbody tr[data-rule-id="containers"]').waitFor();
    assert.equal(await picker().inputValue(), 'default');
    assert.ok(!(await profiles()).profiles.some((p) => p.name === 'traefik'));
    const rules = (await a.call('/api/rules?profile=homepage')).body as RulesResponse;
    assert.equal(rules.rules[0]?.id, 'homepage-1');
  });

  it('removes the socket, which stops listening', async () => {
    await page.getByRole('link', { name: 'Sockets' }).click();
    await socketRow(traefikSocket)
      .getByRole('button', { name: `remove ${traefikSocket}` })
      .click();
    await page.getByRole('button', { name: 'Save sockets' }).click();
    await socketRow(traefikSocket).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Saved as revision' }).waitFor();
    assert.equal(
      (await sockets()).sockets.some((s) => s.path === traefikSocket),
      false,
    );
    await assert.rejects(through(traefikSocket, 'GET', '/_ping'));
    assert.equal(
      await socketRow(a.doxy.socket)
        .getByRole('button', { name: /remove/ })
        .count(),
      0,
      'the --proxy-socket cannot be removed here',
    );
  });

  it('imports a whole configuration file after showing each profile and socket it changes, and the new socket listens', async () => {
    const exported = await a.call('/api/export?format=config');
    assert.equal(exported.status, 200);
    const config = JSON.parse(exported.text) as {
      profiles: { name: string; rules: unknown[] }[];
      sockets: { path: string; profile: string; mode: string }[];
    };
    const watchtower = (await a.call('/api/presets')).body as { presets: { id: string; rules: unknown[] }[] };
    const agentSocket = join(a.doxy.dir, 'watchtower.sock');
    config.profiles.push({
      name: 'watchtower',
      rules: watchtower.presets.find((p) => p.id === 'watchtower')?.rules ?? [],
    });
    config.sockets.push({ path: agentSocket, profile: 'watchtower', mode: '600' });

    await page.getByRole('link', { name: 'Import / export' }).click();
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'host.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)) });
    const changes = page.getByLabel('Import changes');
    await changes.locator('li[data-profile="watchtower"]').waitFor();
    assert.match(await changes.locator('li[data-profile="watchtower"] summary').innerText(), /watchtower: added/);
    assert.match(
      await changes.locator('ul.added').last().innerText(),
      new RegExp(`${agentSocket.replace(/[.]/g, '\\.')} → profile watchtower, mode 600`),
    );
    assert.equal(
      (await sockets()).sockets.some((s) => s.path === agentSocket),
      false,
      'a dry run changes nothing',
    );
    await page.getByRole('button', { name: 'Apply import' }).click();
    await page.getByText(/Imported host\.json as revision \d+: every profile and socket is as the file says/).waitFor();

    await page.getByRole('link', { name: 'Sockets' }).click();
    await socketRow(agentSocket).locator('.badge', { hasText: 'listening' }).waitFor();
    assert.equal(await page.getByLabel(`profile of ${agentSocket}`).inputValue(), 'watchtower');
    assert.equal(await through(agentSocket, 'GET', '/v1.41/secrets'), 403);
  });
});
