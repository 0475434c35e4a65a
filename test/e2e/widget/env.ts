import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { type DemoStore, startDemoStore } from '../../../scripts/demo-store/server.ts';
import { rollWidgetSecret } from '../../../scripts/seed-demo.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { launchBrowser, SCREENSHOTS, visitorUserAgent, watchProblems } from '../../support/browser.ts';
import { type Bridge, startBridge } from '../../support/redis.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';
import { type HostileSite, startHostileSite } from '../fixtures/hostile-site.ts';

export { SCREENSHOTS };

/**
 * Everything a widget browser test needs: the Worker in workerd serving dist/public (the loader
 * and the bundle) against Redis through the bridge, the demo store and the hostile page on their
 * own origins (both allowed for the merchant), Alice enrolled as an advocate under the customer id
 * the store signs for her, and Chromium.
 */
export interface WidgetEnv {
  bridge: Bridge;
  worker: RunningWorker;
  store: DemoStore;
  hostile: HostileSite;
  browser: Browser;
  /** The browser's real user agent without "Headless" (headless Chromium is, rightly, filtered as a bot). */
  userAgent: string;
  alice: { code: string; link: string; customerId: string };
  programId: string;
  publishableKey: string;
  /** The merchant's API with its secret key (e.g. to allow another origin). */
  merchantApi: ReturnType<typeof apiClient>;
  close(): Promise<void>;
}

export async function startWidgetEnv(): Promise<WidgetEnv> {
  const bridge = await startBridge();
  const worker = await startWorker({ bridge, assets: true });
  const store = await startDemoStore({ vouchOrigin: worker.url.origin, publishableKey: 'pk_test_pending' });
  const hostile = await startHostileSite(worker.url.origin);
  const storeUrl = new URL(store.url);
  const hostileUrl = new URL(hostile.url);
  const merchant = await createTestMerchant(worker, {
    allowed_origins: [storeUrl.origin, hostileUrl.origin],
    allowed_hosts: [storeUrl.host, hostileUrl.host],
  });
  const api = apiClient(worker, merchant.sk);
  const program = await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: `${storeUrl.origin}/` });
  if (program.status !== 201) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
  const enrolled = await api.post(`/v1/programs/${program.body.id}/advocates`, {
    external_id: 'demo-alice',
    name: 'Alice Lindqvist',
    email: 'alice@example.com',
  });
  if (enrolled.status >= 300) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const widgetSecret = await rollWidgetSecret(worker.url.origin, merchant.sk);
  store.configure({ publishableKey: merchant.pk, widgetSecret });
  hostile.configure({ publishableKey: merchant.pk, widgetSecret });
  // A beacon sent as a page unloads leaves with the browser's own agent, not the context's: the
  // browser itself must not say "HeadlessChrome" (filtered as a bot, rightly) for it to count.
  const probe = await launchBrowser();
  const userAgent = await visitorUserAgent(probe);
  await probe.close();
  const browser = await launchBrowser([`--user-agent=${userAgent}`]);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    bridge,
    worker,
    store,
    hostile,
    browser,
    userAgent,
    alice: { code: enrolled.body.code, link: enrolled.body.link, customerId: 'demo-alice' },
    programId: program.body.id,
    publishableKey: merchant.pk,
    merchantApi: api,
    close: async () => {
      await browser.close();
      await hostile.close();
      await store.close();
      await worker.dispose();
      await bridge.stop();
    },
  };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, console errors and CSP violations: every test ends expecting none. */
  problems: string[];
}

/** A fresh context (own cookies and storage) with clipboard access and a non-bot user agent. */
export async function newPage(env: WidgetEnv, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await env.browser.newContext({
    userAgent: env.userAgent,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const problems = watchProblems(page);
  return { context, page, problems };
}

/** Signs the browser in as Alice on the demo store (the store's own "Sign in as Alice" button). */
export async function signInToStore(page: Page, env: WidgetEnv, path = '/'): Promise<void> {
  await page.goto(new URL(path, env.store.url).toString());
  await page.getByRole('button', { name: 'Sign in as Alice' }).click();
  await page.getByText('Signed in as Alice').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}
