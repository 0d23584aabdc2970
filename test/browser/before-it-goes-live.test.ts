// The app tells the user before a change goes live (issue 16, items 1 to 3): the draft's lint warnings as it is edited
// and in the preset confirmation, a save that newly grants a dangerous operation asks first naming it, a history
// restore shows what it changes and asks, and an unsaved draft survives a reload. A real Chromium against a real
// doxy; no daemon needed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const EXPORT = '^/(v\\d+\\.\\d+/)?containers/[^/]+/export$';

describe('the app tells the user before a change goes live', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const saved = async (): Promise<RulesResponse> => (await a.call('/api/rules')).body as RulesResponse;

  before(async () => {
    ({ a, browser, page } = await openAdminApp());
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('the draft shows its warnings before Save; a save that newly grants a dangerous read asks first, naming it', async () => {
    const revision = (await saved()).revision;
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Id', { exact: true }).fill('export');
    await page.getByLabel('Pattern').fill(EXPORT);
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    const warnings = page.getByRole('list', { name: 'Warnings about the draft' });
    await warnings.filter({ hasText: 'GET /containers/{id}/export' }).waitFor();
    assert.match(await warnings.innerText(), /rule "export" \(#\d+\) allows GET \/containers\/\{id\}\/export/);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Confirm the save' });
    await dialog.waitFor();
    assert.deepEqual(await dialog.getByRole('list', { name: 'Newly granted' }).getByRole('listitem').allInnerTexts(), [
      'GET /containers/{id}/export',
    ]);
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await saved()).revision, revision);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText(/Saved as revision \d+/).waitFor();
    assert.ok((await saved()).rules.some((r) => r.id === 'export'));
  });

  it('a save that grants nothing new that is dangerous does not ask', async () => {
    await page.getByLabel('enable export').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved as revision \d+/).waitFor();
    assert.equal(await page.getByRole('alertdialog').count(), 0);
  });

  it('an unsaved draft survives a reload, restored with a notice; Discard drops it', async () => {
    await page.getByLabel('enable ping').uncheck();
    await page.getByText(/Unsaved changes to revision/).waitFor();
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Unsaved draft restored' }).waitFor();
    assert.equal(await page.getByLabel('enable ping').isChecked(), false);
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await page.getByText(/Unsaved changes to revision/).waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('enable ping').isChecked(), true);
    await page.reload();
    await page.getByLabel('enable ping').waitFor();
    assert.equal(await page.getByLabel('enable ping').isChecked(), true);
    assert.equal(await page.getByText('Unsaved draft restored').count(), 0);
  });

  it('a history restore shows what it changes against the live rules and asks; cancel restores nothing', async () => {
    const live = (await saved()).revision;
    const first = 1;
    await page.getByRole('link', { name: 'History' }).click();
    await page.locator(`tr[data-revision="${first}"]`).getByRole('button', { name: 'Restore' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Review the restore' });
    await dialog.waitFor();
    assert.match(await dialog.locator('[aria-label="Restore changes"]').innerText(), /Removed \(1\)[\s\S]*export/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await saved()).revision, live);

    await page.locator(`tr[data-revision="${first}"]`).getByRole('button', { name: 'Restore' }).click();
    await dialog.getByRole('button', { name: `Restore revision ${first}` }).click();
    await page.locator(`tr[data-revision="${live + 1}"]`, { hasText: `restored revision ${first}` }).waitFor();
    assert.ok(!(await saved()).rules.some((r) => r.id === 'export'));
  });

  it('the preset confirmation shows the warnings of the preset rules before they replace the draft', async () => {
    await page.getByRole('link', { name: 'Presets' }).click();
    await page.getByRole('button', { name: 'use portainer' }).click();
    const warnings = page.getByRole('list', { name: "Warnings about the preset's rules" });
    await warnings.waitFor();
    assert.match(await warnings.innerText(), /root-equivalent|root on the host/);
  });
});
