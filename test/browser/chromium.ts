// Launches Debian's Chromium for the browser suite, and builds the web app it loads; skips (or fails under CI) without it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startAdminDoxy, TOKEN, type AdminDoxy } from '../harness/admin.ts';
import { REPO } from '../harness/doxy.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** false when Chromium is there; else the reason to skip, printed. Under CI=true a missing Chromium is an error. */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const why = `${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and the browser tests cannot run: ${why}`);
  process.stdout.write(`# browser tests skipped: ${why}\n`);
  return `skipped: ${why}`;
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

/** Builds web/dist, which the admin server serves. */
export function buildWeb(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: 'inherit',
    timeout: 180_000,
  });
}

export interface OpenApp {
  readonly a: AdminDoxy;
  readonly browser: Browser;
  readonly page: Page;
}

/** Builds the app, starts doxy with its admin app, and opens the printed login URL in a fresh Chromium page. */
export async function openAdminApp(dockerSocket?: string): Promise<OpenApp> {
  buildWeb();
  const a = await startAdminDoxy(dockerSocket === undefined ? {} : { dockerSocket });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(15_000);
  await page.goto(`${a.base}/?token=${TOKEN}`);
  await page.getByRole('heading', { name: 'Rules' }).waitFor();
  return { a, browser, page };
}
