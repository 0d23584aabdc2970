// Learn mode, the log search and the stats picture in a real Chromium against a real doxy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { LearnResponse } from '../../shared/protocol/learn.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();

describe('learn mode, log search and stats in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const banner = () => page.getByRole('status', { name: 'Learn mode' });
  const proposals = () => page.getByRole('table', { name: 'Proposed rules' }).locator('tbody tr');

  before(async () => {
    ({ a, browser, page } = await openAdminApp(docker.env?.socket));
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('starts learn mode from the Learn screen and marks every screen with a banner', async () => {
    assert.equal(await banner().count(), 0);
    await page.getByRole('link', { name: 'Learn', exact: true }).click();
    await page.getByText('Learn mode is off').waitFor();
    await page.getByRole('button', { name: 'Start learn mode' }).click();
    await banner().waitFor();
    assert.match(await banner().innerText(), /forwards requests its rules deny/);
    for (const screen of ['Rules', 'Live log', 'Stats']) {
      await page.getByRole('link', { name: screen, exact: true }).click();
      await banner().waitFor();
    }
    assert.equal(((await a.call('/api/learn')).body as LearnResponse).state.active, true);
  });

  it('lists the proposals with counts and risk, and saves only the ticked ones', async () => {
    for (const name of ['web', 'db', 'web'])
      assert.notEqual((await a.proxy('GET', `/v1.41/containers/${name}/logs?stdout=1`)).status, 403);
    assert.notEqual((await a.proxy('POST', '/v1.41/containers/web/restart')).status, 403);
    await banner().getByRole('link', { name: 'Review the proposed rules' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const logs = proposals().filter({ hasText: 'Container logs' });
    await logs.waitFor();
    assert.deepEqual(
      (await logs.locator('td').allInnerTexts()).slice(1, 5).map((t) => t.split('\n')[0]),
      ['GET', 'Container logs', '3', 'secret-read'],
    );
    await page.getByLabel('accept POST Restart a container').uncheck();
    await page.getByRole('button', { name: 'Accept 1 selected rule' }).click();
    await page.getByText('Saved 1 learned rule as revision 2. Learn mode is off').waitFor();
    await banner().waitFor({ state: 'detached' });
    const saved = (await a.call('/api/rules')).body as RulesResponse;
    const learned = saved.rules.filter((r) => r.id.startsWith('learned-'));
    assert.deepEqual(
      learned.map((r) => [r.methods, r.action]),
      [[['GET'], 'allow']],
    );
    assert.match(learned[0]?.comment ?? '', /Container logs/);
    assert.notEqual((await a.proxy('GET', '/v1.41/containers/other/logs?stdout=1')).status, 403);
    assert.equal((await a.proxy('POST', '/v1.41/containers/web/restart')).status, 403);
    await page.getByText('Nothing to propose yet').waitFor();
  });

  it('shows the body policy proposed from a create body in plain words, and saves it with the rules', async () => {
    const started = await a.call('/api/learn/start', { method: 'POST', body: {} });
    assert.equal(started.status, 200, started.text);
    // No such image: the daemon makes nothing, but the body went through learn mode.
    const body = '{"Image":"doxy-no-such-image:1","HostConfig":{"Binds":["/tmp/x:/data:ro"],"CapAdd":["NET_ADMIN"]}}';
    const created = await http(a.doxy.socket, '/v1.41/containers/create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(created.status, 404, created.body);
    await page.getByRole('link', { name: 'Learn', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const words = page.getByRole('list', { name: 'Proposed body policy' });
    await words.getByText('Bind mounts of host paths under: /tmp/x (read-only)').waitFor();
    for (const line of [
      'Capabilities that may be added: CAP_NET_ADMIN',
      'No privileged containers or exec',
      'No host namespaces',
    ])
      await words.getByText(line, { exact: true }).waitFor();
    await page.getByRole('button', { name: /^Accept \d+ selected rules? and the body policy$/ }).click();
    await page.getByText(/and the body policy as revision \d+\. Learn mode is off/).waitFor();
    const saved = (await a.call('/api/policy')).body as PolicyResponse;
    assert.deepEqual(saved.policy?.binds, [{ path: '/tmp/x', readOnly: true }]);
    assert.deepEqual(saved.policy?.capabilities, ['CAP_NET_ADMIN']);
  });

  it('shows the request rate of the last hour and the top denied endpoints', async () => {
    await a.proxy('DELETE', '/v1.41/images/alpine');
    await page.getByRole('link', { name: 'Stats', exact: true }).click();
    const chart = page.getByRole('img', {
      name: /Requests per minute over the last hour: \d+ allowed, [1-9]\d* denied/,
    });
    await chart.waitFor();
    assert.ok((await chart.locator('rect.deny').count()) >= 1);
    assert.ok((await chart.locator('rect.allow').count()) >= 1);
    const top = page.getByRole('table', { name: 'Top denied endpoints' }).locator('tbody tr');
    // Grouped by operation: one restart went through in learn mode, the one after it was denied.
    assert.deepEqual((await top.filter({ hasText: 'Restart a container' }).locator('td').allInnerTexts()).slice(3, 5), [
      '1',
      '1',
    ]);
    assert.deepEqual((await top.filter({ hasText: 'Remove an image' }).locator('td').allInnerTexts()).slice(2, 5), [
      '/v1.41/images/alpine',
      '1',
      '0',
    ]);
  });

  it('searches the log on disk and exports what it found as CSV', async () => {
    await page.getByRole('link', { name: 'Log search', exact: true }).click();
    await page.getByLabel('path contains').fill('restart');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Search results' }).locator('tbody tr');
    await rows.nth(1).waitFor();
    assert.deepEqual(await rows.locator('td:nth-child(7)').allInnerTexts(), ['denied', 'would deny']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^doxy-requests-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.equal(csv.length, 3);
    assert.match(csv[1] ?? '', /,POST,\/v1\.41\/containers\/web\/restart,403,deny,false,/);
    assert.match(csv[2] ?? '', /,POST,\/v1\.41\/containers\/web\/restart,\d+,deny,true,/);
  });
});
