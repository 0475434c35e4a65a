import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { apiClient, createTestMerchant, type TestMerchant } from '../../support/api.ts';
import { type AxeViolation, runAxe } from '../../support/axe.ts';
import { launchBrowser, SCREENSHOTS, visitorUserAgent, watchProblems } from '../../support/browser.ts';
import { type Bridge, startBridge } from '../../support/redis.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';

export { SCREENSHOTS };

/**
 * The console's stack: the Worker in workerd serving dist/public (the
 * console's build), Redis through the bridge, one merchant, Chromium.
 */
export interface ConsoleEnv {
  bridge: Bridge;
  worker: RunningWorker;
  merchant: TestMerchant;
  api: ReturnType<typeof apiClient>;
  browser: Browser;
  /** The browser's real user agent without "Headless" (headless Chromium is, rightly, filtered as a bot). */
  userAgent: string;
  close(): Promise<void>;
}

export async function startConsoleEnv(): Promise<ConsoleEnv> {
  const bridge = await startBridge();
  const worker = await startWorker({ bridge, assets: true });
  const merchant = await createTestMerchant(worker, {
    name: 'Nordlicht Coffee',
    allowed_origins: ['https://shop.example'],
    allowed_hosts: ['shop.example'],
  });
  const browser = await launchBrowser();
  const userAgent = await visitorUserAgent(browser);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    bridge,
    worker,
    merchant,
    api: apiClient(worker, merchant.sk),
    browser,
    userAgent,
    close: async () => {
      await browser.close();
      await worker.dispose();
      await bridge.stop();
    },
  };
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors, console errors (CSP violations among them), failed requests and 4xx/5xx answers. */
  problems: string[];
}

/** A fresh context (own sessionStorage and localStorage) with clipboard access. */
export async function newConsolePage(env: ConsoleEnv, options: BrowserContextOptions = {}): Promise<ConsolePage> {
  const context = await env.browser.newContext({
    userAgent: env.userAgent,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.worker.url.origin });
  const page = await context.newPage();
  // Within the e2e project's 30 s per test: a missing element fails with its name, not a timeout.
  page.setDefaultTimeout(8_000);
  const problems = watchProblems(page);
  return { context, page, problems };
}

export function consoleUrl(env: ConsoleEnv, path = '/console'): string {
  return `${env.worker.url.origin}${path}`;
}

/** Signs in as a merchant would: the secret key pasted into the sign-in form. */
export async function signIn(page: Page, env: ConsoleEnv, path = '/console'): Promise<void> {
  await page.goto(consoleUrl(env, path));
  await page.getByTestId('signin-key').fill(env.merchant.sk);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('merchant-name').waitFor();
}

/** Client-side navigation through the nav (no reload: the SPA's own routing). */
export async function openSection(page: Page, name: string, pageTestId = `page-${name}`): Promise<void> {
  await page.getByTestId(`nav-${name}`).click();
  await page.getByTestId(pageTestId).waitFor();
  await settled(page);
}

/** No "Loading…" left on the page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="loading"]').length === 0, undefined, {
    timeout: 10_000,
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `console-${name}.png`), fullPage: true });
}

export type { AxeViolation };

/**
 * axe-core on the whole document. The console's CSP (script-src 'self') does not stop it (see
 * runAxe). The preview iframe (the widget, tested by the widget's own suite) is left out.
 */
export async function axePage(page: Page): Promise<AxeViolation[]> {
  const { violations, passed } = await runAxe(
    page,
    { exclude: [['iframe[data-testid="install-preview"]']] },
    { iframes: false },
  );
  if (passed === 0) throw new Error('axe checked nothing');
  return violations;
}

/** A browser-like user agent for clicks made from Node (a real Chrome's, not headless). */
export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
