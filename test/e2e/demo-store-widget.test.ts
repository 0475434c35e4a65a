import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoStore, startDemoStore } from '../../scripts/demo-store/server.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../support/api.ts';
import { describeBrowser, launchBrowser, visitorUserAgent } from '../support/browser.ts';
import { type Bridge, startBridge } from '../support/redis.ts';
import { type RunningWorker, startWorker } from '../support/worker.ts';
import { launcher, panel } from './widget/surfaces.ts';

let bridge: Bridge;
let worker: RunningWorker;
let store: DemoStore;
let browser: Browser;

describeBrowser('demo store with the widget served by the Worker (real Chromium)', () => {
  let referralLink: string;

  beforeAll(async () => {
    bridge = await startBridge();
    worker = await startWorker({ bridge, assets: true });
    // The store's origin is known once it listens; the merchant is created for it through the API.
    store = await startDemoStore({ vouchOrigin: worker.url.origin, publishableKey: 'pk_test_pending' });
    const storeUrl = new URL(store.url);
    const merchant = await createTestMerchant(worker, {
      allowed_origins: [storeUrl.origin],
      allowed_hosts: [storeUrl.host],
    });
    store.configure({ publishableKey: merchant.pk });
    const api = apiClient(worker, merchant.sk);
    const program = (await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: `${storeUrl.origin}/` })).body
      .id;
    referralLink = (await api.post(`/v1/programs/${program}/advocates`, { external_id: 'e2e-alice', name: 'Alice' }))
      .body.link;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await worker?.dispose();
    await bridge?.stop();
  });

  async function open(path: string): Promise<{ page: Page; widgetRequests: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const widgetRequests: string[] = [];
    const errors: string[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/widget/')) widgetRequests.push(`${res.status()} ${res.url()}`);
    });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(new URL(path, store.url).toString());
    return { page, widgetRequests, errors };
  }

  it('loads the loader, then the versioned bundle, from the Worker origin and shows the launcher', async () => {
    const { page, widgetRequests, errors } = await open('/');
    await launcher(page).waitFor();
    const origin = worker.url.origin.replace(/[.]/g, '\\.');
    // The loader, the versioned bundle and the page's catalog (the launcher waits for it).
    expect(widgetRequests).toEqual([
      expect.stringMatching(new RegExp(`^200 ${origin}/widget/loader\\.js$`)),
      expect.stringMatching(new RegExp(`^200 ${origin}/widget/v[^/]+/vouch\\.js$`)),
      expect.stringMatching(new RegExp(`^200 ${origin}/widget/v[^/]+/i18n/en\\.json$`)),
    ]);
    expect(await page.locator('vouch-widget').getAttribute('data-version')).toMatch(/^\d+\.\d+\.\d+/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the panel as a modal dialog and closes it with Escape', async () => {
    const { page } = await open('/');
    await launcher(page).click();
    await panel(page).waitFor({ state: 'visible' });
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    await page.close();
  });

  it('keeps the shop’s greedy CSS out of the widget (shadow root + adopted stylesheet)', async () => {
    const { page } = await open('/');
    await launcher(page).waitFor();
    const styles = await launcher(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, border: s.borderTopStyle, font: s.fontFamily };
    });
    // The shop paints every button brown with a 2px solid border in Georgia: none of it reaches ours.
    expect(styles.background).not.toBe('rgb(138, 59, 18)');
    expect(styles.border).not.toBe('solid');
    expect(styles.font).not.toMatch(/Georgia/);
    // Nothing injected into the host document's styles.
    expect(await page.evaluate(() => document.querySelectorAll('style').length)).toBe(0);
    await page.close();
  });

  it('replays vouch() calls made before the script arrived', async () => {
    const page = await browser.newPage();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/widget/loader.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(store.url, { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => (window as unknown as { vouch: (...a: unknown[]) => void }).vouch('open'));
    release();
    await panel(page).waitFor({ state: 'visible' });
    await page.close();
  });

  it(`a friend clicking a referral link lands on the shop with the click attached and a first-party \
cookie`, async () => {
    const userAgent = await visitorUserAgent(browser);
    const context = await browser.newContext({ userAgent });
    const page = await context.newPage();
    await page.goto(referralLink);
    const landed = new URL(page.url());
    expect(landed.origin).toBe(new URL(store.url).origin);
    expect(landed.searchParams.get('ref')).toBe(referralLink.split('/r/')[1]);
    expect(landed.searchParams.get('vouch_click')).toMatch(/^clk_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    const cookies = await context.cookies(worker.url.origin);
    expect(cookies).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/^vouch_prog_/),
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
      }),
    ]);
    await launcher(page).waitFor();
    await context.close();
  });

  it('walks the shop: add to cart, checkout with a code, thank-you page', async () => {
    const { page } = await open('/');
    await page.fill('#qty', '2');
    await page.click('[data-add-to-cart]');
    await page.locator('[data-added]').waitFor();
    await page.click('a[href="/cart.html"]');
    await page.waitForURL(/cart\.html/);
    // The shop's own script fills the cart in once the page has parsed: wait for it.
    await expect.poll(() => page.textContent('[data-cart-subtotal]')).toBe('$37.00');
    await page.click('a[href="/checkout.html"]');
    await page.waitForURL(/checkout\.html/);
    await page.fill('#email', 'friend@example.com');
    await page.fill('#coupon', 'ALICE15');
    await page.click('button[type=submit]');
    await page.waitForURL(/thanks\.html/);
    expect(new URL(page.url()).searchParams.get('amount')).toBe('3700');
    expect(await page.textContent('[data-order-coupon] code')).toBe('ALICE15');
    await launcher(page).waitFor();
    await page.close();
  });
});
