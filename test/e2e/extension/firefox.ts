import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findOnPath } from '../../../scripts/redis-rest/resolve-redis.ts';

/** The add-on id the Firefox build declares (wxt.config.ts, browser_specific_settings.gecko.id). */
export const ADDON_ID = 'wallet@vouch.dev';

/** Debian's firefox-esr (or any Firefox), or FIREFOX_PATH. */
export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const name of ['firefox-esr', 'firefox']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return undefined;
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** The extension's internal UUID, fixed before launch: its pages are moz-extension://{uuid}/…. */
  uuid: string;
  /** Opens one of the extension's own pages in a new tab, once it has rendered `selector`. */
  openExtensionPage(path: string, selector: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Real Firefox driven by puppeteer-core over WebDriver BiDi (no download), with the built add-on
 * installed as a temporary add-on, as `about:debugging` or `web-ext run` would. Its internal UUID is
 * fixed with a pref so the test can open its pages, which `--remote-allow-system-access` permits.
 */
export async function launchFirefoxWithExtension(executablePath: string, dir: string): Promise<FirefoxWithExtension> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }) },
  });
  try {
    const id = await browser.installExtension(dir);
    if (id !== ADDON_ID) throw new Error(`installed add-on ${id}, expected ${ADDON_ID}`);
  } catch (err) {
    await browser.close();
    throw err;
  }
  return {
    browser,
    uuid,
    async openExtensionPage(path, selector) {
      const page = await browser.newPage();
      // Navigating to moz-extension:// may never report a load event over BiDi: wait for content instead.
      page.goto(`moz-extension://${uuid}/${path}`).catch(() => {});
      await page.waitForSelector(selector, { timeout: 15_000 });
      return page;
    },
    close: () => browser.close(),
  };
}
