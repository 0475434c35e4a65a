import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';

export const chromiumPath = findChromium();

// Global setup already failed the run under CI without a browser, and announced the skip otherwise.
export const describeBrowser = chromiumPath ? describe : describe.skip;

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Where browser tests save their screenshots (CI keeps them as artifacts). */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

/** The browser's real user agent without "Headless": headless Chromium is, rightly, filtered as a bot. */
export async function visitorUserAgent(browser: Browser): Promise<string> {
  const session = await browser.newBrowserCDPSession();
  const userAgent = (await session.send('Browser.getVersion')).userAgent.replace('HeadlessChrome', 'Chrome');
  await session.detach();
  return userAgent;
}

/**
 * What a page must not do, collected as it happens: uncaught errors, console errors (CSP
 * violations among them), failed requests and 4xx/5xx answers. Tests end expecting none.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  // Chromium's "Failed to load resource" console line names no URL: the response listener does.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  // ERR_ABORTED: a request cut short by navigating on (the visitor moved to the next page).
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`failed ${req.url()}: ${req.failure()?.errorText}`);
  });
  return problems;
}

export interface ExtensionLaunchOptions {
  /**
   * Let the browser-level CDP session drive the extension (`Extensions.triggerAction`: what a click on
   * the toolbar button does, popup and activeTab grant). Needs the pipe connection Playwright uses.
   */
  extensionDebugging?: boolean;
  viewport?: { width: number; height: number };
}

/** Chromium with an unpacked extension loaded (needs a persistent context and both flags). */
export async function launchWithExtension(
  dir: string,
  options: ExtensionLaunchOptions = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'vouch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath!,
    args: [
      ...CHROMIUM_ARGS,
      ...(options.extensionDebugging ? ['--enable-unsafe-extension-debugging'] : []),
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
