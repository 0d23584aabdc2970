// The app says what happened (issue 16, items 4 to 7): a socket that failed to listen is no success, and names its real
// cause; a wrong token is said in the login form; a deleted profile is no longer asked for; a missing ")" points at
// the group left open. A real Chromium against a real doxy; no daemon needed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TOKEN, type AdminDoxy } from '../harness/admin.ts';
import { revision } from '../harness/narrowed-profile.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();

describe('the app says what happened', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ a, browser, page } = await openAdminApp());
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('a missing ")" points at the group left open, not at index 0', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Pattern').fill('^/(v1/containers');
    const alert = page.getByRole('alert').filter({ hasText: 'at index' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /missing closing \)[\s\S]*\(at index 2\)/);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a socket in a directory that does not exist is not a success: the save and stderr name the missing directory', async () => {
    const dir = join(a.doxy.dir, 'no-such-dir');
    const path = join(dir, 'agent.sock');
    await page.getByRole('link', { name: 'Sockets' }).click();
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').fill(path);
    await page.getByRole('button', { name: 'Save sockets' }).click();
    const said = page.getByRole('alert').filter({ hasText: /Saved as revision \d+, but socket/ });
    await said.waitFor();
    assert.match(
      await said.innerText(),
      new RegExp(`socket ${path} is not listening: the directory ${dir} does not exist`),
    );
    assert.equal(await page.getByRole('status').filter({ hasText: 'Saved as revision' }).count(), 0);
    const row = page.getByRole('table', { name: 'Sockets' }).locator(`tr[data-socket="${path}"]`);
    assert.match(await row.innerText(), /does not exist/);
    assert.doesNotMatch(await row.innerText(), /EACCES/);
    await waitFor(() =>
      a.doxy
        .output()
        .includes(
          `doxy: socket ${path} is not listening: cannot listen on ${path}: the directory ${dir} does not exist`,
        ),
    );
  });

  it('a profile deleted elsewhere: the app goes back to default, says so, and no longer asks for it', async () => {
    const made = await a.call('/api/profiles', {
      method: 'POST',
      body: { basedOn: await revision(a), name: 'watch', from: { profile: 'default' } },
    });
    assert.equal(made.status, 201, made.text);
    await page.goto(`${a.base}/#/rules?profile=watch`);
    await page.getByRole('heading', { name: 'Rules' }).waitFor();
    assert.equal(await page.getByLabel('Profile', { exact: true }).inputValue(), 'watch');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (/[?&]profile=watch\b|\/profiles\/watch\b/.test(r.url())) asked.push(r.url());
    });
    const gone = await a.call(`/api/profiles/watch?basedOn=${await revision(a)}`, { method: 'DELETE' });
    assert.equal(gone.status, 200, gone.text);
    await page.getByRole('status').filter({ hasText: 'There is no profile “watch”' }).waitFor();
    assert.equal(await page.getByLabel('Profile', { exact: true }).inputValue(), 'default');
    // Later revisions reload the profile shown, never the one that is gone.
    asked.length = 0;
    const rules = (await a.call('/api/rules')).body as { revision: number; rules: unknown[] };
    const saved = await a.call('/api/rules', { method: 'PUT', body: { basedOn: rules.revision, rules: rules.rules } });
    assert.equal(saved.status, 200, saved.text);
    await page.locator('header .meta', { hasText: `revision ${(await revision(a)).toString()}` }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(asked, []);
  });

  it('a wrong token is said in the login form, which stays; the right one logs in', async () => {
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${a.base}/`);
      await fresh.getByLabel('Admin token').fill('not-the-token');
      await fresh.getByRole('button', { name: 'Log in' }).click();
      const said = fresh.getByRole('alert').filter({ hasText: 'Wrong admin token' });
      await said.waitFor();
      assert.equal(await fresh.getByLabel('Admin token').getAttribute('aria-invalid'), 'true');
      assert.equal(new URL(fresh.url()).search, '');
      await fresh.getByLabel('Admin token').fill(TOKEN);
      await fresh.getByRole('button', { name: 'Log in' }).click();
      await fresh.getByRole('heading', { name: 'Rules' }).waitFor();
    } finally {
      await fresh.close();
    }
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(done(), 'not seen within 5 s');
}
