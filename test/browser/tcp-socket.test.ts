// A TCP socket on the Sockets screen in a real Chromium: an unguarded one on 0.0.0.0 is refused with the reason under
// allow-from; one on 127.0.0.1 with allow-from saves, listens, serves a client from a listed address only, and keeps
// its allow-from through a later save of the list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import { freePort, type AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';
import { pingFrom } from '../harness/tcp-client.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();

describe('a TCP socket on the Sockets screen', { skip }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  const sockets = async (): Promise<SocketsResponse> => (await a.call('/api/sockets')).body as SocketsResponse;
  const table = () => page.getByRole('table', { name: 'Sockets' });

  before(async () => {
    ({ a, browser, page } = await openAdminApp(docker.env?.socket));
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  it('refuses an unguarded socket on 0.0.0.0, saying why under allow-from', async () => {
    await page.getByRole('link', { name: 'Sockets' }).click();
    await table().locator(`tr[data-socket="${a.doxy.socket}"]`).getByText('listening').waitFor();
    const before = await sockets();
    const open = `tcp://0.0.0.0:${await freePort()}`;
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').fill(open);
    await page.getByRole('button', { name: 'Save sockets' }).click();
    const error = table().locator('.field-error');
    await error.first().waitFor();
    assert.match(
      await error.first().innerText(),
      /reachable from other machines with neither allow-from nor a client CA/,
    );
    assert.equal(await page.getByLabel(`allow-from of ${open}`).getAttribute('aria-invalid'), 'true');
    assert.equal((await sockets()).revision, before.revision);
    await page.getByRole('button', { name: `remove ${open}` }).click();
    await page.getByRole('button', { name: 'Discard' }).waitFor({ state: 'detached' });
  });

  it('saves a TCP socket with allow-from: it listens, serves the listed address only, and keeps its list', async () => {
    const port = await freePort();
    const tcp = `tcp://127.0.0.1:${port}`;
    await page.getByRole('button', { name: 'Add socket' }).click();
    await page.getByLabel('Path of the new socket').fill(tcp);
    await page.getByLabel(`allow-from of ${tcp}`).fill('127.0.0.1/32, ::1');
    await page.getByRole('button', { name: 'Save sockets' }).click();
    const row = table().locator(`tr[data-socket="${tcp}"]`);
    await row.locator('.badge', { hasText: 'listening' }).waitFor();
    const state = (await sockets()).sockets.find((s) => s.path === tcp);
    assert.deepEqual(state?.allowFrom, ['127.0.0.1/32', '::1']);
    assert.equal(await page.getByLabel(`allow-from of ${tcp}`).inputValue(), '127.0.0.1/32, ::1');
    assert.match(await pingFrom(port, '127.0.0.1'), /^HTTP\/1\.1 200 OK/);
    assert.equal(await pingFrom(port, '127.0.0.2'), '');
    // Another edit of the list (the proxy socket's row is untouched) saves the TCP socket's guard as it was.
    await page.getByLabel(`allow-from of ${tcp}`).fill('127.0.0.0/8');
    await page.getByRole('button', { name: 'Save sockets' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Saved as revision/ })
      .waitFor();
    assert.deepEqual((await sockets()).sockets.find((s) => s.path === tcp)?.allowFrom, ['127.0.0.0/8']);
    assert.match(await pingFrom(port, '127.0.0.2'), /^HTTP\/1\.1 200 OK/);
  });
});
