// The body policy in the admin app, in a real Chromium 768 px wide against a real doxy: a profile with ci-runner's
// rules, which grant create, without a policy (coverage says root), given one in the rules screen's panel (a bad host
// path refused at its field, then saved and still there after a reload), the tester judging bodies with it, and
// coverage bounded by it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CI_RUNNER_PRESET } from '../../shared/presets/ci-runner.ts';
import { presetRules } from '../../shared/presets/presets.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const PROFILE = 'ci';
/** The ci-runner preset's rules without its policy: they grant create, and so root until the profile has one. */
const RULES = presetRules(CI_RUNNER_PRESET);

describe('the body policy in the admin app, in Chromium at 768 px', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const policy = async (): Promise<PolicyResponse> =>
    (await a.call(`/api/policy?profile=${PROFILE}`)).body as PolicyResponse;
  const panel = () => page.getByRole('region', { name: 'Body policy' });
  const createRisk = () =>
    page
      .getByRole('region', { name: 'Area containers' })
      .locator('tbody tr')
      .filter({ has: page.getByText('POST /containers/create', { exact: true }) })
      .locator('.risk');
  /** Fails when the page scrolls sideways at its width. */
  const fitsWidth = async (screen: string): Promise<void> => {
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `the ${screen} screen is ${scroll} px wide in a ${width} px window`);
  };
  const go = async (screen: string): Promise<void> => {
    await page.goto(`${a.base}/#/${screen}?profile=${PROFILE}`);
  };

  before(async () => {
    ({ a, browser, page } = await openAdminApp());
    await page.setViewportSize({ width: 768, height: 900 });
    const made = await a.call('/api/profiles', { method: 'POST', body: { basedOn: 1, name: PROFILE } });
    assert.equal(made.status, 201, made.text);
    const revision = (await policy()).revision;
    const put = await a.call(`/api/rules?profile=${PROFILE}`, {
      method: 'PUT',
      body: { basedOn: revision, rules: RULES },
    });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('shows create as root-equivalent while the profile has no policy, and says what that means', async () => {
    await go('coverage');
    assert.equal(await createRisk().innerText(), 'root-equivalent');
    await fitsWidth('coverage');
    await go('rules');
    const warned = page.getByRole('list', { name: 'Warnings' });
    await warned
      .getByText(/rule "ci-runner-2" \(#2\) grants POST \/containers\/create without a body policy/)
      .waitFor();
    assert.match(
      await panel().innerText(),
      /Profile ci has no body policy: create, exec and volume bodies are not checked, so a create grant is root on the host/,
    );
  });

  it('refuses a relative bind path at its field, saves nothing, then saves the policy, which a reload shows', async () => {
    await panel().getByRole('button', { name: 'Add a policy' }).click();
    const form = page.getByRole('form', { name: 'Edit the body policy' });
    assert.equal(await form.getByLabel('Allow privileged containers and exec').isChecked(), false, 'starts strictest');
    await form.getByRole('button', { name: 'Add a host path' }).click();
    await form.getByLabel('host path 1', { exact: true }).fill('srv/ci');
    await fitsWidth('rules (policy editor)');
    await form.getByRole('button', { name: 'Save policy' }).click();
    const bindRow = form.locator('.bind-row');
    await bindRow.getByRole('alert').getByText('an absolute host path without "." or ".." segments').waitFor();
    assert.equal(await form.getByLabel('host path 1', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal((await policy()).policy, null, 'nothing is saved');

    await form.getByLabel('host path 1', { exact: true }).fill('/srv/ci');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await panel()
      .getByText(/Body policy saved as revision \d+/)
      .waitFor();
    const saved = (await policy()).policy;
    assert.deepEqual(saved?.binds, [{ path: '/srv/ci', readOnly: true }]);
    assert.equal(saved?.privileged, false);

    await page.reload();
    const words = panel().getByRole('list', { name: 'What the body policy allows' });
    await words.getByText('Bind mounts of host paths under: /srv/ci (read-only)').waitFor();
    assert.match(await words.innerText(), /No privileged containers or exec\nNo added capabilities/);
    // With the policy saved, create is no longer warned of; the root grants no policy bounds still are.
    await page
      .getByRole('list', { name: 'Warnings' })
      .getByText(/exec\/\{id\}\/start/)
      .waitFor();
    assert.doesNotMatch(await page.getByRole('list', { name: 'Warnings' }).innerText(), /without a body policy/);
  });

  it("previews the body policy a profile's export carries when it is imported into another profile", async () => {
    const file = await a.call(`/api/export?profile=${PROFILE}`);
    assert.equal(file.status, 200, file.text);
    await page.goto(`${a.base}/#/transfer`);
    await page
      .getByLabel('Rule file to import')
      .setInputFiles({ name: 'ci.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
    const shown = page.getByRole('group', { name: 'Body policy in the file' });
    await shown.getByText('Bind mounts of host paths under: /srv/ci (read-only)').waitFor();
    assert.match(await shown.innerText(), /replaces the one of profile default/);
    await fitsWidth('import and export');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('denies a privileged create body in the tester naming the field, and allows a plain one', async () => {
    await go('tester');
    await page.getByLabel('Requests to test').fill('POST /v1.41/containers/create\nGET /_ping');
    const body = page.getByLabel('Body of the POST and PUT requests (optional JSON)');
    const row = page.getByRole('table', { name: 'Verdicts' }).locator('tbody tr').first();
    await body.fill('{"Image": "busybox", "HostConfig": {"Privileged": true}}');
    await row.getByText('HostConfig.Privileged', { exact: true }).waitFor();
    assert.equal(await row.locator('.badge').innerText(), 'denied');
    assert.match(
      await row.innerText(),
      /403 denied by the body policy at HostConfig\.Privileged: doxy: POST \/v1\.41\/containers\/create is denied: HostConfig\.Privileged is not allowed \(profile ci\)/,
    );

    await body.fill(
      '{"Image": "busybox", "Cmd": ["echo", "hi"], "HostConfig": {"Binds": ["/srv/ci/cache:/cache:ro"]}}',
    );
    await row.getByText(/Body allowed by the body policy/).waitFor();
    assert.equal(await row.locator('.badge').innerText(), 'allowed');

    await body.fill('{"Image": "busybox"');
    await row.getByText(/400 refused/).waitFor();
    assert.equal(await row.locator('.badge').innerText(), 'refused');
    assert.match(await row.innerText(), /is refused: the body is not JSON/);
    await fitsWidth('tester');
  });

  it('shows create as a write bounded by the policy once it is saved, and root again once it is removed', async () => {
    await go('coverage');
    await createRisk().getByText('write, bounded by policy').waitFor();
    await go('rules');
    await panel().getByRole('button', { name: 'Remove policy' }).click();
    await panel()
      .getByRole('alertdialog', { name: 'Remove the body policy' })
      .getByRole('button', { name: 'Remove it' })
      .click();
    await panel()
      .getByText(/Body policy removed/)
      .waitFor();
    assert.equal((await policy()).policy, null);
    await go('coverage');
    await createRisk().getByText('root-equivalent').waitFor();
  });
});
