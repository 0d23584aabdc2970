// The coverage and presets screens in a real Chromium against a real doxy: what the rules grant, a preset put in the
// draft and compared with the saved rules, saved, and the lint warnings a root-granting rule brings to the editor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();

describe('the coverage and presets screens in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const saved = async (): Promise<RulesResponse> => (await a.call('/api/rules')).body as RulesResponse;
  /** The row of an operation in an area table, by its method and path template. */
  const opRow = (area: string, op: string) =>
    page
      .getByRole('region', { name: `Area ${area}` })
      .locator('tbody tr')
      .filter({ has: page.getByText(op, { exact: true }) });
  /** The same row in compare mode, and what it shows: the risk, then each side's grant. */
  const compareRow = (area: string, op: string) =>
    page
      .getByRole('region', { name: `Compare area ${area}` })
      .locator('tbody tr')
      .filter({ has: page.getByText(op, { exact: true }) });
  const compared = async (area: string, op: string): Promise<string[]> => {
    const row = compareRow(area, op);
    return [...(await row.locator('.risk').allInnerTexts()), ...(await row.locator('.grant').allInnerTexts())];
  };

  before(async () => {
    ({ a, browser, page } = await openAdminApp());
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('shows the containers area: /containers/json allowed by "containers", /containers/create denied by default', async () => {
    await page.getByRole('link', { name: 'Coverage' }).click();
    const list = opRow('containers', 'GET /containers/json');
    await list.waitFor();
    assert.deepEqual((await list.locator('td').allInnerTexts()).slice(2), ['read', 'allowed', 'containers']);
    assert.deepEqual((await opRow('containers', 'POST /containers/create').locator('td').allInnerTexts()).slice(2), [
      'root-equivalent',
      'denied',
      'default deny',
    ]);
    assert.match(
      await page.getByRole('region', { name: 'Area exec' }).locator('h3').innerText(),
      /0 allowed · 0 partial · 4 denied/,
    );
  });

  it('filters to root-equivalent operations', async () => {
    await page.getByLabel('Filter').selectOption('root');
    await opRow('containers', 'POST /containers/create').waitFor();
    assert.equal(await opRow('containers', 'GET /containers/json').count(), 0);
    await page.getByLabel('Filter').selectOption('all');
  });

  it('puts the Traefik preset in the draft after showing what changes, and compare mode shows GET /events allowed', async () => {
    await page.getByRole('link', { name: 'Presets' }).click();
    const card = page.getByRole('article', { name: 'Traefik (docker provider)' });
    assert.match(await card.innerText(), /Traefik docker provider/);
    await card.getByRole('button', { name: 'use traefik' }).click();
    const confirm = page.getByRole('dialog', { name: 'Use Traefik (docker provider)' });
    const events = confirm.locator('tbody tr', { hasText: 'GET /events' });
    await events.waitFor();
    assert.deepEqual((await events.locator('td').allInnerTexts()).slice(2), ['read', 'denied', 'allowed']);
    await confirm.getByRole('button', { name: 'Replace the draft' }).click();
    await page.getByText('The draft of profile default now holds Traefik (docker provider)').waitFor();
    assert.equal((await saved()).revision, 1, 'nothing is saved yet');

    await page.getByRole('link', { name: 'Coverage' }).click();
    await page.getByLabel('Compare', { exact: true }).check();
    assert.equal(
      await page.getByLabel('Compare with').inputValue(),
      'draft',
      'with unsaved edits, the draft is compared first',
    );
    await compareRow('system', 'GET /events').waitFor();
    assert.deepEqual(await compared('system', 'GET /events'), ['read', 'denied', 'allowed']);
    assert.deepEqual(await compared('images', 'GET /images/json'), ['read', 'allowed', 'denied']);
    // A widening and a narrowing differ in colour and say which they are in words, not in colour alone.
    const widened = compareRow('system', 'GET /events');
    const narrowed = compareRow('images', 'GET /images/json');
    assert.equal(await widened.getAttribute('class'), 'differs widens');
    assert.equal(await narrowed.getAttribute('class'), 'differs narrows');
    assert.equal(await widened.locator('.change').innerText(), '▲ widens');
    assert.equal(await narrowed.locator('.change').innerText(), '▼ narrows');
    const shade = (row: typeof widened) =>
      row
        .locator('td')
        .nth(1)
        .evaluate((td) => getComputedStyle(td).backgroundColor);
    assert.notEqual(await shade(widened), await shade(narrowed));
  });

  it('saves the draft, after which the compare shows no change', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // The preset takes away most of what the built-in set granted: the app asks first.
    await page
      .getByRole('alertdialog', { name: 'Confirm the save' })
      .getByRole('button', { name: 'Save anyway' })
      .click();
    await page.getByText('Saved as revision 2').waitFor();
    assert.equal((await saved()).rules[0]?.id, 'traefik-1');
    await page.getByText('No operation changes').waitFor();
  });

  it('compares the saved rules with a history revision', async () => {
    await page.getByLabel('Compare with').selectOption('revision');
    await page.getByLabel('Revision', { exact: true }).selectOption('1');
    await compareRow('system', 'GET /events').locator('.grant', { hasText: 'denied' }).waitFor();
    assert.deepEqual(await compared('system', 'GET /events'), ['read', 'allowed', 'denied']);
  });

  it('compares the saved rules with a file to import, importing nothing', async () => {
    await page.getByLabel('Compare with').selectOption('import');
    const file = 'allow GET,HEAD ^/_ping$\nallow GET ^/(v\\d+\\.\\d+/)?(containers/json|events|info)$\n';
    await page
      .getByLabel('Rule file to compare')
      .setInputFiles({ name: 'agent.pattern', mimeType: 'text/plain', buffer: Buffer.from(file) });
    await compareRow('system', 'GET /info').locator('.grant', { hasText: 'allowed' }).waitFor();
    assert.deepEqual(await compared('system', 'GET /info'), ['read', 'denied', 'allowed']);
    assert.equal((await saved()).revision, 2);
  });

  it('asks before saving a root-granting rule, then shows its lint warning in the editor', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Id').fill('create');
    await page.getByLabel('GET', { exact: true }).uncheck();
    await page.getByLabel('POST', { exact: true }).check();
    await page.getByLabel('Pattern').fill('^/(v\\d+\\.\\d+/)?containers/create$');
    await page.getByRole('button', { name: 'Apply to draft' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // A save that newly grants a root-equivalent operation asks first, naming it.
    const dialog = page.getByRole('alertdialog', { name: 'Confirm the save' });
    await dialog
      .getByRole('list', { name: 'Newly granted' })
      .getByText(/POST \/containers\/create/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Saved as revision 3').waitFor();
    await page
      .getByRole('list', { name: 'Warnings' })
      .getByText(/rule "create" \(#\d+\) grants POST \/containers\/create without a body policy/)
      .waitFor();
  });
});
