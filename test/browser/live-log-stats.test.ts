// The live log, the log search and the stats as a new user meets them (issue 16, items 8-12): a request drawn at once,
// every screen at 768 px, "Allow this" generalised through the catalog, "default deny", even rows, denials by operation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();

/** What the built-in rules and Learn grant a container restart with: any name, any API version. */
const RESTART = '^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/restart$';

describe('the live log, log search and stats in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const logRow = (path: string) => page.locator('table.log tbody tr').filter({ hasText: path });
  /** Fails when the page scrolls sideways. */
  const fits = async (what: string): Promise<void> => {
    const [scroll, client] = await page.evaluate(() => [
      document.scrollingElement?.scrollWidth ?? 0,
      document.scrollingElement?.clientWidth ?? 0,
    ]);
    assert.ok(scroll <= client, `${what}: the page is ${scroll} px wide in a ${client} px window`);
  };
  const go = (screen: string) => page.getByRole('link', { name: screen, exact: true }).click();
  /** Makes the one socket besides the --proxy-socket a new one in doxy's folder, bound to a profile; its path. */
  const bindSocket = async (name: string, profile: string): Promise<string> => {
    const path = join(a.doxy.dir, name);
    const current = (await a.call('/api/sockets')).body as SocketsResponse;
    const bound = await a.call('/api/sockets', {
      method: 'PUT',
      body: { basedOn: current.revision, sockets: [{ path, profile, mode: '660' }] },
    });
    assert.equal(bound.status, 200, bound.text);
    return path;
  };

  before(async () => {
    ({ a, browser, page } = await openAdminApp(docker.env?.socket));
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('draws a request in the live log within 100 ms of sending it when the log is idle (median of 7)', async () => {
    await go('Live log');
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
    // The browser's clock notes when each path's row appears; the machine's clock is the same on both sides.
    await page.evaluate(() => {
      const w = window as unknown as { seenAt: Record<string, number> };
      w.seenAt = {};
      new MutationObserver(() => {
        for (const td of document.querySelectorAll('table.log td.path')) {
          const p = td.textContent ?? '';
          if (!(p in w.seenAt)) w.seenAt[p] = Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const lags: number[] = [];
    for (let i = 0; i < 7; i++) {
      await sleep(400);
      const path = `/v1.41/containers/latency-${i}/restart`;
      const sent = Date.now();
      const answer = a.proxy('POST', path);
      await page.waitForFunction((p) => p in (window as unknown as { seenAt: object }).seenAt, path);
      const seenAt = await page.evaluate(
        (p) => (window as unknown as { seenAt: Record<string, number> }).seenAt[p],
        path,
      );
      lags.push((seenAt ?? Infinity) - sent);
      assert.equal((await answer).status, 403);
    }
    const median = [...lags].sort((x, y) => x - y)[3] ?? Infinity;
    assert.ok(median < 100, `median ${median} ms from sending to the row (each: ${lags.join(', ')} ms)`);
  });

  it('says "default deny" when no rule matched, and rows with and without "Allow this" are as tall', async () => {
    assert.equal((await a.proxy('GET', '/_ping')).status, 200);
    assert.equal((await a.proxy('POST', '/v1.41/containers/worker-1/restart')).status, 403);
    const denied = logRow('/v1.41/containers/worker-1/restart');
    const allowed = logRow('/_ping').first();
    await denied.getByRole('button', { name: 'Allow this' }).waitFor();
    await allowed.waitFor();
    assert.equal(await allowed.getByRole('button').count(), 0);
    assert.equal(await denied.locator('td').nth(7).innerText(), 'default deny');
    const heights = await Promise.all([denied, allowed].map(async (r) => (await r.boundingBox())?.height));
    assert.ok(heights[0] !== undefined && heights[0] === heights[1], `row heights ${heights.join(' and ')}`);
  });

  it('"Allow this" proposes the operation\'s pattern, not the literal name, from the live log and the log search', async () => {
    await logRow('/v1.41/containers/worker-1/restart').getByRole('button', { name: 'Allow this' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    assert.equal(await form.getByLabel('Pattern').inputValue(), RESTART);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await go('Log search');
    await page.getByLabel('path contains').fill('worker-1');
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('table', { name: 'Search results' }).locator('tbody tr').first();
    await found.getByRole('button', { name: 'Allow this' }).click();
    assert.equal(await page.getByRole('form', { name: 'New rule' }).getByLabel('Pattern').inputValue(), RESTART);
    await page.getByRole('form', { name: 'New rule' }).getByRole('button', { name: 'Cancel' }).click();
    // Podman's libpod API outside the catalog: the version its clients send (v4.3.1) is the optional libpod form.
    const manifest = '/v4.3.1/libpod/manifests/0123456789abcdef/json';
    assert.equal((await a.proxy('GET', manifest)).status, 403);
    await go('Live log');
    await logRow(manifest).getByRole('button', { name: 'Allow this' }).click();
    assert.equal(
      await page.getByRole('form', { name: 'New rule' }).getByLabel('Pattern').inputValue(),
      '^/(v\\d+\\.\\d+(\\.\\d+)?/)?libpod/manifests/[\\w.-]+/json$',
    );
    await page.getByRole('form', { name: 'New rule' }).getByRole('button', { name: 'Cancel' }).click();
  });

  it('lists denials by operation on Stats, learn-mode forwards apart, with "Allow this" and an all-sockets view', async () => {
    assert.equal((await a.proxy('POST', '/v1.41/containers/worker-2/restart')).status, 403);
    assert.equal((await a.call('/api/learn/start', { method: 'POST', body: {} })).status, 200);
    assert.notEqual((await a.proxy('POST', '/v1.41/containers/worker-3/restart')).status, 403);
    assert.equal((await a.call('/api/learn/stop', { method: 'POST', body: {} })).status, 200);
    await go('Stats');
    const top = page.getByRole('table', { name: 'Top denied endpoints' }).locator('tbody tr');
    const restart = top.filter({ hasText: 'Restart a container' });
    await restart.waitFor();
    // Seven latency probes and worker-1 and -2 were denied; worker-3 went through in learn mode.
    const cells = (await restart.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual([cells[0], cells[3], cells[4]], ['POST', '9', '1']);
    assert.match(cells[2] ?? '', /and 9 more/);
    assert.match(
      (await page.getByRole('img', { name: /Requests per minute/ }).getAttribute('aria-label')) ?? '',
      /, 1 forwarded in learn mode$/,
    );

    // A second socket on the default profile: its denial shows under all sockets, not under the first one.
    const second = await bindSocket('second.sock', 'default');
    assert.equal((await http(second, '/v1.41/containers/other/restart', { method: 'POST' })).status, 403);
    await page.getByLabel('all sockets').check();
    await restart.locator('td').nth(3).getByText('10', { exact: true }).waitFor();
    await page.getByLabel('all sockets').uncheck();
    await restart.locator('td').nth(3).getByText('9', { exact: true }).waitFor();

    await restart.getByRole('button', { name: 'Allow this' }).click();
    assert.equal(await page.getByRole('form', { name: 'New rule' }).getByLabel('Pattern').inputValue(), RESTART);
    await page.getByRole('form', { name: 'New rule' }).getByRole('button', { name: 'Cancel' }).click();
  });

  it('"Allow this" opens the rules of the profile that denied the request, from the live log and from Stats', async () => {
    const profiles = (await a.call('/api/profiles')).body as { revision: number };
    const made = await a.call('/api/profiles', {
      method: 'POST',
      body: { basedOn: profiles.revision, name: 'agents', from: { profile: 'default' } },
    });
    assert.equal(made.status, 201, made.text);
    const agents = await bindSocket('agents.sock', 'agents');
    assert.equal((await http(agents, '/v1.41/containers/agent-1/pause', { method: 'POST' })).status, 403);
    const profile = page.getByLabel('Profile', { exact: true });
    const form = page.getByRole('form', { name: 'New rule' });
    const PAUSE = '^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/pause$';

    await go('Live log');
    await logRow('/v1.41/containers/agent-1/pause').getByRole('button', { name: 'Allow this' }).click();
    assert.equal(await form.getByLabel('Pattern').inputValue(), PAUSE);
    assert.equal(await profile.inputValue(), 'agents');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await profile.selectOption('default');

    await go('Stats');
    await page.getByLabel('all sockets').check();
    const pause = page
      .getByRole('table', { name: 'Top denied endpoints' })
      .locator('tbody tr')
      .filter({ hasText: 'Pause a container' });
    await pause.getByText('denied by profile agents').waitFor();
    await pause.getByRole('button', { name: 'Allow this' }).click();
    assert.equal(await form.getByLabel('Pattern').inputValue(), PAUSE);
    assert.equal(await profile.inputValue(), 'agents');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await profile.selectOption('default');
  });

  it('fits every screen in 768 px without scrolling sideways; a long path wraps in the live log', async () => {
    const long = `/v1.41/containers/${'a-very-long-container-name-'.repeat(4)}end/restart`;
    assert.equal((await a.proxy('POST', long)).status, 403);
    await page.setViewportSize({ width: 768, height: 900 });
    for (const screen of [
      'Rules',
      'Tester',
      'Coverage',
      'Presets',
      'Sockets',
      'Live log',
      'Log search',
      'Stats',
      'Learn',
      'Import / export',
      'History',
    ]) {
      await go(screen);
      await page.getByRole('link', { name: screen, exact: true, includeHidden: false }).waitFor();
      await sleep(150);
      await fits(screen);
      const history = await page.getByRole('link', { name: 'History', exact: true }).boundingBox();
      assert.ok(history && history.x + history.width <= 768, `${screen}: the History tab is off-screen`);
    }
    // Two wide states: a long path in the tester, and two rule sets side by side.
    await go('Tester');
    const unbroken = `/v1.41/containers/${'x'.repeat(120)}/restart`;
    await page.getByLabel('Requests to test').fill(`GET /_ping\nPOST ${unbroken}`);
    await page.getByRole('table', { name: 'Verdicts' }).getByText(unbroken).first().waitFor();
    await fits('Tester with a long path');
    await go('Coverage');
    await page.getByLabel('Compare', { exact: true }).check();
    await page.getByLabel('Compare with').selectOption('preset');
    await page.getByRole('region', { name: 'Compare area system' }).waitFor();
    await fits('Coverage compare');
    await go('Live log');
    const cell = logRow(long).locator('td.path');
    await cell.waitFor();
    const fit = await cell.evaluate((td) => ({ width: td.clientWidth, overflow: td.scrollWidth - td.clientWidth }));
    assert.ok(fit.width >= 80, `the path column is ${fit.width} px wide`);
    assert.ok(fit.overflow <= 0, `the path is cut off by ${fit.overflow} px instead of wrapping`);
    assert.match((await cell.getAttribute('title')) ?? '', new RegExp(`^${long}`));
    const heads = await page
      .locator('table.log thead th')
      .evaluateAll((ths) =>
        ths.filter((th) => th.getClientRects().length > 0).map((th) => th.scrollWidth - th.clientWidth),
      );
    assert.ok(
      heads.every((over) => over <= 0),
      `headers overflow their columns: ${heads.join(', ')}`,
    );
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
