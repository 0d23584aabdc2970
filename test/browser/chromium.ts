// Launches Debian's Chromium for the browser suite (which skips without it) on the web app test/run.ts built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';
import { REPO } from '../harness/doxy.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** false when Chromium is there; else the reason to skip (test/run.ts lists it, and fails on it under CI=true). */
export function chromiumSkip(): string | false {
  return existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Fails unless web/dist, which the admin server serves, is built. test/run.ts builds it once per run: a build per file
 * would empty web/dist under another file's browser.
 */
export function assertWebBuilt(): void {
  const index = join(REPO, 'web', 'dist', 'index.html');
  if (!existsSync(index))
    throw new Error(`${index} is missing: run the browser tests with \`npx tsx test/run.ts\`, which builds it first`);
}

export interface OpenApp {
  readonly a: AdminDoxy;
  readonly browser: Browser;
  readonly page: Page;
}

/** Checks the app is built, starts doxy with its admin app, and opens the printed login URL in a fresh Chromium page. */
export async function openAdminApp(dockerSocket?: string): Promise<OpenApp> {
  assertWebBuilt();
  const a = await startAdminDoxy(dockerSocket === undefined ? {} : { dockerSocket });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(15_000);
  await page.goto(`${a.base}/?token=${TOKEN}`);
  await page.getByRole('heading', { name: 'Rules' }).waitFor();
  return { a, browser, page };
}
