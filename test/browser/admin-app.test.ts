// The admin app in a real Chromium against a real doxy: edit and save, test, watch the live log, import, history, conflicts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();

describe('the admin web app in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const saved = async (): Promise<RulesResponse> => (await a.call('/api/rules')).body as RulesResponse;
  const row = (text: string) => page.locator('tbody tr', { hasText: text });

  before(async () => {
    ({ a, browser, page } = await openAdminApp(docker.env?.socket));
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('opening the printed URL logs in and leaves the token out of the address', async () => {
    assert.equal(page.url(), `${a.base}/`);
    const fresh = await browser.newPage();
    await fresh.goto(`${a.base}/`);
    await fresh.getByText('This browser is not logged in').waitFor();
    await fresh.close();
  });

  it('edits a rule, saves it, and a reload shows it', async () => {
    await page.getByRole('button', { name: 'edit info' }).click();
    await page.getByLabel('Comment').fill('Engine info, edited in the browser');
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    await page.getByText('Unsaved changes to revision 1').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as revision 2').waitFor();
    assert.equal((await saved()).rules.find((r) => r.id === 'info')?.comment, 'Engine info, edited in the browser');
    await page.reload();
    await row('Engine info, edited in the browser').waitFor();
  });

  it('refuses a bad pattern inline with the position of the error', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Pattern').fill('^/containers/(json');
    const alert = page.getByRole('alert').filter({ hasText: 'at index' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /missing closing \)/);
    assert.equal(await page.getByRole('button', { name: 'Apply to draft' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('tests requests and shows the verdict, the rule and the canonical path or why', async () => {
    await page.goto(`${a.base}/#/tester`);
    await page
      .getByLabel('Requests to test')
      .fill('GET /v1.41/%63ontainers/json?all=1\nPOST /containers/create\nGET /_ping/../x');
    const results = page.getByRole('table', { name: 'Verdicts' }).locator('tbody tr');
    await results.nth(2).waitFor();
    assert.deepEqual(await results.nth(0).locator('td').allInnerTexts(), [
      'GET /v1.41/%63ontainers/json?all=1',
      'allowed',
      '#2 containers',
      '/v1.41/containers/json',
    ]);
    assert.deepEqual((await results.nth(1).locator('td').allInnerTexts()).slice(1, 3), ['denied', 'default deny']);
    assert.match(await results.nth(2).innerText(), /refused[\s\S]*dot segment/);
  });

  it('tests against unsaved edits, before they are saved', async () => {
    await page.goto(`${a.base}/#/rules`);
    await page.getByLabel('enable containers').uncheck();
    await page.getByRole('link', { name: 'Tester' }).click();
    await page.getByLabel('Requests to test').fill('GET /containers/json');
    const first = page.getByRole('table', { name: 'Verdicts' }).locator('tbody tr').first();
    await first.getByText('denied').waitFor();
    assert.equal((await saved()).rules.find((r) => r.id === 'containers')?.enabled, true);
    await page.getByRole('button', { name: 'Discard' }).click();
    await first.getByText('allowed').waitFor();
  });

  it('shows a request sent through the proxy socket in the live log without a reload, and allows it from there', async () => {
    await page.getByRole('link', { name: 'Live log' }).click();
    await page.locator('section .link.live').waitFor();
    const status = (await a.proxy('GET', '/v1.41/system/df')).status;
    assert.equal(status, 403);
    const entry = page.locator('table.log tbody tr', { hasText: '/v1.41/system/df' });
    await entry.waitFor();
    assert.match(await entry.innerText(), /GET[\s\S]*403[\s\S]*denied[\s\S]*default deny/);

    await entry.getByRole('button', { name: 'Allow this' }).click();
    const pattern = page.getByLabel('Pattern');
    assert.equal(await pattern.inputValue(), '^/(v\\d+\\.\\d+/)?system/df$');
    assert.equal(await page.getByLabel('GET', { exact: true }).isChecked(), true);
    await page.getByLabel('Id').fill('disk-usage');
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as revision 3').waitFor();
    const check = await a.call('/api/check', { method: 'POST', body: { method: 'GET', path: '/v1.41/system/df' } });
    assert.equal((check.body as { results: { ruleId: string }[] }).results[0]?.ruleId, 'disk-usage');
    if (docker.env) {
      assert.equal((await a.proxy('GET', '/v1.41/system/df')).status, 200);
      await page.getByRole('link', { name: 'Live log' }).click();
      await page.locator('table.log tbody tr', { hasText: 'disk-usage' }).first().waitFor();
    }
  });

  it('refuses a malformed import with where it is wrong, and nothing is lost', async () => {
    const before = await saved();
    await page.goto(`${a.base}/#/transfer`);
    const broken = JSON.stringify({
      format: 'doxy-ruleset',
      version: 1,
      rules: [{ id: 'x', action: 'allow', methods: ['GET'], pattern: '^/(x' }],
    });
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
    const alert = page.getByRole('alert').filter({ hasText: 'broken.json was not imported' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /current rules are untouched[\s\S]*\/rules\/0\/pattern/);
    assert.deepEqual(await saved(), before);
  });

  it('imports a pattern file after showing what changes, and restores the previous set from history', async () => {
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'doxy.pattern', mimeType: 'text/plain', buffer: readFileSync(DOXY_PATTERN_FILE) });
    await page.getByText('Added (10)').waitFor();
    await page.getByRole('button', { name: 'Apply import' }).click();
    await page.getByText('Imported doxy.pattern as revision 4').waitFor();
    assert.equal((await saved()).rules[0]?.id, 'line-3');

    await page.getByRole('link', { name: 'History' }).click();
    await page.locator('tr[data-revision="3"]').getByRole('button', { name: 'Restore' }).click();
    await page
      .getByRole('alertdialog', { name: 'Review the restore' })
      .getByRole('button', { name: 'Restore revision 3' })
      .click();
    await page.locator('tr[data-revision="5"]', { hasText: 'restored revision 3' }).waitFor();
    assert.ok((await saved()).rules.some((r) => r.id === 'disk-usage'));
    await page.getByRole('link', { name: 'Rules' }).click();
    await row('disk-usage').waitFor();
  });

  it('keeps unsaved edits when the rules are saved elsewhere, and saves them over on request', async () => {
    await page.getByLabel('enable nodes').uncheck();
    const current = await saved();
    const other = await a.call('/api/rules', {
      method: 'PUT',
      body: { basedOn: current.revision, rules: current.rules.filter((r) => r.id !== 'tasks') },
    });
    assert.equal(other.status, 200);
    const banner = page.getByRole('alert').filter({ hasText: 'your edits are still here' });
    await banner.waitFor();
    await page.getByRole('button', { name: /Save mine over revision/ }).click();
    await page.getByText(/Saved as revision \d+/).waitFor();
    const after = await saved();
    assert.equal(after.rules.find((r) => r.id === 'nodes')?.enabled, false);
    assert.ok(
      after.rules.some((r) => r.id === 'tasks'),
      'the draft, which kept "tasks", was saved as a whole',
    );
  });
});
