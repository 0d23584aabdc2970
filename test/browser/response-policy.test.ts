// Redaction and ownership scoping in the admin app, in a real Chromium against a real doxy and dockerd: the coverage
// screen says per inspect operation whether its answers are redacted, and turning redaction off there (after a
// confirmation) makes a container inspect through the proxy socket show the secret's value; the rules screen turns it
// back on and scopes the profile, which hides a container made on the daemon from the proxy's list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RedactionResponse } from '../../shared/protocol/redaction.ts';
import type { ScopeResponse } from '../../shared/protocol/scope.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { dockerOk, removeAll, uniqueName } from '../harness/docker-cli.ts';
import { dockerEnv } from '../harness/env.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const docker = dockerEnv();
const skip = chromiumSkip() || docker.skip;
const SECRET = 'hunter2-in-the-browser';

describe('redaction and scoping in the admin app, in Chromium', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const name = uniqueName('response-policy');
  const daemon = docker.env?.socket ?? '';
  const panel = () => page.getByRole('region', { name: 'Answers and ownership' });
  const setting = (label: string) => panel().getByRole('listitem', { name: label });
  /** The risk column of an operation's row, in the coverage screen. */
  const riskCell = (area: string, op: string) =>
    page
      .getByRole('region', { name: `Area ${area}` })
      .locator('tbody tr')
      .filter({ has: page.getByText(op, { exact: true }) })
      .locator('td')
      .nth(2);
  const risk = (area: string, op: string): Promise<string> => riskCell(area, op).innerText();
  /** The environment of the container, as an inspect through the proxy socket shows it. */
  const env = async (): Promise<string[]> => {
    const r = await a.proxy('GET', `/v1.41/containers/${name}/json`);
    assert.equal(r.status, 200, r.text);
    return (r.body as { Config: { Env: string[] } }).Config.Env;
  };
  const toggle = async (action: string, confirm: string, saved: RegExp): Promise<void> => {
    await panel().getByRole('button', { name: action }).click();
    await page.getByRole('alertdialog', { name: action }).getByRole('button', { name: confirm }).click();
    await panel().getByRole('status').filter({ hasText: saved }).waitFor();
  };

  before(async () => {
    await dockerOk(
      daemon,
      ['run', '-d', '--network', 'none', '--name', name, '-e', `SECRET=${SECRET}`].concat([
        docker.env?.image ?? '',
        'sleep',
        '300',
      ]),
    );
    ({ a, browser, page } = await openAdminApp(daemon));
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
    await removeAll(daemon, { containers: [name] });
  });

  it('coverage says redaction is on, and which inspect answers are redacted; the proxy hides the value', async () => {
    await page.getByRole('link', { name: 'Coverage' }).click();
    await setting('Redaction of secrets in answers').getByText('on', { exact: true }).waitFor();
    await riskCell('containers', 'GET /containers/{id}/json').locator('.redaction-on').waitFor();
    assert.equal(await risk('containers', 'GET /containers/{id}/json'), 'secret read redacted');
    assert.equal(await risk('containers', 'GET /containers/json'), 'read');
    assert.match(await setting('Ownership scoping').innerText(), /^Ownership scoping: off/);
    assert.ok((await env()).includes('SECRET=<redacted by doxy>'));
  });

  it('turning redaction off in coverage, once confirmed, shows the value through the proxy socket', async () => {
    const before = (await a.call('/api/redaction')).body as RedactionResponse;
    await panel().getByRole('button', { name: 'Turn redaction off' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Turn redaction off' });
    // Cancelled first: nothing is saved.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await dialog.count(), 0);
    assert.equal(((await a.call('/api/redaction')).body as RedactionResponse).redact, true);
    await toggle('Turn redaction off', 'Turn it off', /^Redaction of secrets in answers turned off \(revision \d+\)/);
    const after = (await a.call('/api/redaction')).body as RedactionResponse;
    assert.equal(after.redact, false);
    assert.equal(after.revision, before.revision + 1);
    await setting('Redaction of secrets in answers').getByText('off', { exact: true }).waitFor();
    await riskCell('containers', 'GET /containers/{id}/json').locator('.redaction-off').waitFor();
    assert.equal(await risk('containers', 'GET /containers/{id}/json'), 'secret read not redacted');
    assert.ok((await env()).includes(`SECRET=${SECRET}`));
  });

  it('the rules screen turns redaction back on and scopes the profile, and the proxy follows', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await setting('Redaction of secrets in answers').getByText('off', { exact: true }).waitFor();
    await toggle('Turn redaction on', 'Turn it on', /^Redaction of secrets in answers turned on \(revision \d+\)/);
    assert.ok((await env()).includes('SECRET=<redacted by doxy>'));

    const list = async (): Promise<string[]> =>
      ((await a.proxy('GET', '/v1.41/containers/json?all=1')).body as { Names: string[] }[]).flatMap((c) => c.Names);
    assert.ok((await list()).includes(`/${name}`));
    await toggle('Scope this profile', 'Turn it on', /^Ownership scoping turned on \(revision \d+\)/);
    assert.equal(((await a.call('/api/scope')).body as ScopeResponse).scoped, true);
    assert.match(await setting('Ownership scoping').innerText(), /labelled doxy\.owner=default/);
    assert.deepEqual(await list(), []);
    assert.equal((await a.proxy('GET', `/v1.41/containers/${name}/json`)).status, 404);
    await toggle('Stop scoping', 'Turn it off', /^Ownership scoping turned off/);
    assert.ok((await list()).includes(`/${name}`));
  });
});
