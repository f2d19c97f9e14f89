// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with a
// fresh profile per suite, and a watch over everything that would mean a broken or unsafe
// page: console errors, uncaught exceptions, dialogs (alert/confirm), failed requests.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './stack.js';

/** The browser Debian installs with `apt-get install chromium`. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots go for a reviewer (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
/** The viewer's zone in every suite: times must show in it, with the zone visible. */
export const TIME_ZONE = 'Europe/Berlin';

/** Things that went wrong in the page. */
export interface Trouble {
  kind: 'console' | 'pageerror' | 'dialog' | 'requestfailed';
  text: string;
}

/** A browser with one page and a record of trouble. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  trouble: Trouble[];
  /** Runs `fn`, tolerating console errors matching `allowed` (an expected 401, say). */
  expecting<T>(allowed: RegExp, fn: () => Promise<T>): Promise<T>;
  /** Saves a screenshot as test/artifacts/<name>.png and returns its path. */
  shot(name: string, opts?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** Launches Chromium headless with a fresh profile. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'siptrail-chromium-'));
  // launchPersistentContext is how playwright takes --user-data-dir: a profile of our own.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    timezoneId: TIME_ZONE,
    locale: 'en-GB',
    viewport: { width: 1366, height: 800 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const trouble: Trouble[] = [];
  let allowed: RegExp | null = null;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (allowed?.test(m.text())) return;
    trouble.push({ kind: 'console', text: `${m.text()} (${m.location().url})` });
  });
  page.on('pageerror', (e) => trouble.push({ kind: 'pageerror', text: e.message }));
  page.on('dialog', (d) => {
    trouble.push({ kind: 'dialog', text: `${d.type()}: ${d.message()}` });
    void d.dismiss();
  });
  page.on('requestfailed', (r) => {
    // A download's blob: URL is revoked after use; that is not a failure of the page.
    if (r.url().startsWith('blob:')) return;
    // A GET cancelled because the test moved to another screen first (the search form's
    // locations list, say) was aborted by the browser, not refused by the server.
    if (r.method() === 'GET' && r.failure()?.errorText === 'net::ERR_ABORTED') return;
    trouble.push({ kind: 'requestfailed', text: `${r.method()} ${r.url()}: ${r.failure()?.errorText}` });
  });
  return {
    context,
    page,
    trouble,
    async expecting(re, fn) {
      allowed = re;
      try {
        return await fn();
      } finally {
        allowed = null;
      }
    },
    async shot(name, opts = {}) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: opts.fullPage ?? false });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login screen and waits for the search screen. */
export async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/search/);
  await page.getByRole('heading', { name: 'Search calls' }).waitFor();
}
