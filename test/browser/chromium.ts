// Launches Debian's Chromium for the browser suite, and builds the web app it loads; skips (or fails under CI) without it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Builds web/dist, which the admin server serves. */
export function buildWeb(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit', timeout: 180_000 });
}
