// The rule form in place, a disabled rule's usable buttons, and the small things of issue 16 (items 14 and 15): the
// favicon, compressed assets, the new profile's name label, and "Bind a socket to it" prefilling the profile.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();

/** How opaque an element looks: its own opacity times its ancestors'. */
const seenOpacity = (l: Locator): Promise<number> =>
  l.evaluate((el) => {
    let o = 1;
    for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  });

describe('the rule form, disabled rules and small things in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    ({ a, browser, page } = await openAdminApp());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it("opens the edit form under the rule it edits, and a new rule's form where the rule will go", async () => {
    const { rules } = (await a.call('/api/rules')).body as RulesResponse;
    const second = rules[1]?.id ?? '';
    await page.getByRole('button', { name: `edit ${second}` }).click();
    const form = page.getByRole('form', { name: 'Edit rule 2' });
    assert.equal(
      await form.evaluate((f) => f.closest('tr')?.previousElementSibling?.getAttribute('data-rule-id')),
      second,
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const added = page.getByRole('form', { name: 'New rule' });
    assert.equal(
      await added.evaluate((f) => f.closest('tr')?.previousElementSibling?.getAttribute('data-rule-id')),
      rules.at(-1)?.id,
    );
    await added.getByRole('button', { name: 'Cancel' }).click();
  });

  it("fades a disabled rule's text, not its checkbox and buttons", async () => {
    const { rules } = (await a.call('/api/rules')).body as RulesResponse;
    const id = rules[0]?.id ?? '';
    await page.getByLabel(`enable ${id}`).uncheck();
    const row = page.locator(`tbody tr[data-rule-id="${id}"]`);
    assert.match((await row.getAttribute('class')) ?? '', /\bdisabled\b/);
    assert.equal(await seenOpacity(row.locator('td.pattern')), 0.5);
    for (const control of [
      page.getByRole('button', { name: `edit ${id}` }),
      page.getByRole('button', { name: `delete ${id}` }),
      page.getByLabel(`enable ${id}`),
    ])
      assert.equal(await seenOpacity(control), 1);
    await page.getByLabel(`enable ${id}`).check();
  });

  it("serves /favicon.ico and compresses the app's script, and a reload logs no console error", async () => {
    const icon = await a.call('/favicon.ico');
    assert.equal(icon.status, 200);
    assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
    const index = await a.call('/');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    assert.ok(script, index.text);
    const js = await a.call(`/${script}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-encoding']), /^(br|gzip)$/);
    consoleErrors.length = 0;
    await page.reload();
    await page.getByRole('heading', { name: 'Rules' }).waitFor();
    // Chromium asks for the icon after the load: give it the time a user would.
    await page.waitForTimeout(500);
    assert.deepEqual(consoleErrors, []);
  });

  it('labels the new profile\'s name, and "Bind a socket to it" opens Sockets with that profile filled in', async () => {
    await page.getByRole('link', { name: 'Presets', exact: true }).click();
    await page.getByRole('button', { name: 'use traefik', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Use Traefik (docker provider)' });
    assert.equal(await dialog.locator('label').filter({ hasText: 'New profile name' }).count(), 1);
    await dialog.getByRole('button', { name: 'Create profile traefik' }).click();
    await page.getByRole('link', { name: 'Bind a socket to it' }).click();
    const table = page.getByRole('table', { name: 'Sockets' });
    await table.getByLabel('Path of the new socket').waitFor();
    assert.equal(await table.getByLabel('profile of new socket').inputValue(), 'traefik');
    assert.match(page.url(), /#\/sockets$/);
  });
});
