import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { signInToStore, type WidgetEnv } from './env.ts';

/**
 * A merchant page the widget must work on, as a visitor reaches it. The referral link's
 * destination is the demo store; on the hostile page the friend arrives with the same attribution
 * (`ref`, `vouch_click`) the real click through the Worker produced.
 */
export interface Site {
  name: 'demo store' | 'hostile page';
  /** The right-to-left language this site is tested in. */
  rtlLocale: string;
  openSignedIn(page: Page, env: WidgetEnv, locale?: string): Promise<void>;
  openAnonymous(page: Page, env: WidgetEnv, locale?: string): Promise<void>;
  /** After a real click landed on the store at `landed`: the same visit on this site. */
  land(page: Page, env: WidgetEnv, landed: URL): Promise<void>;
  /** Somewhere with the coupon field the page fills from `vouch('getReferral')`. */
  openCheckout(page: Page, env: WidgetEnv): Promise<void>;
  /** A page that reported `vouch('track', 'purchase', …)`. */
  purchase(page: Page, env: WidgetEnv): Promise<void>;
}

function hostileUrl(env: WidgetEnv, params: Record<string, string> = {}, locale?: string): string {
  const url = new URL(env.hostile.url);
  for (const [k, v] of Object.entries({ ...params, ...(locale ? { lang: locale } : {}) })) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * The demo store in another language, as its merchant would set it: `data-locale` on the snippet's
 * tag, added as the parser inserts the tag (long before the async loader runs). Not by rewriting
 * the HTML in a route: Chromium treats a fulfilled document as public and then blocks its requests
 * to the loopback Worker (Private Network Access).
 */
async function storeInLocale(page: Page, locale?: string): Promise<void> {
  if (!locale) return;
  await page.addInitScript(`new MutationObserver((changes, observer) => {
    const tag = document.querySelector('script[src*="/widget/loader.js"]');
    if (tag) { tag.setAttribute('data-locale', ${JSON.stringify(locale)}); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });`);
}

export const demoStore: Site = {
  name: 'demo store',
  rtlLocale: 'he',
  openSignedIn: async (page, env, locale) => {
    await storeInLocale(page, locale);
    await signInToStore(page, env);
  },
  openAnonymous: async (page, env, locale) => {
    await storeInLocale(page, locale);
    await page.goto(env.store.url);
  },
  land: async (_page, env, landed) => expect(landed.origin).toBe(new URL(env.store.url).origin),
  openCheckout: async (page, env) => {
    await page.goto(new URL('/checkout.html', env.store.url).toString());
  },
  purchase: async (page, env) => {
    await page.goto(env.store.url);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(new URL('/checkout.html', env.store.url).toString());
    await page.getByLabel('Email').fill('friend@example.com');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/thanks\.html/);
  },
};

export const hostilePage: Site = {
  name: 'hostile page',
  rtlLocale: 'ar',
  openSignedIn: async (page, env, locale) => void (await page.goto(hostileUrl(env, { as: 'alice' }, locale))),
  openAnonymous: async (page, env, locale) => void (await page.goto(hostileUrl(env, {}, locale))),
  land: async (page, env, landed) => void (await page.goto(hostileUrl(env, Object.fromEntries(landed.searchParams)))),
  openCheckout: async (page, env) => void (await page.goto(hostileUrl(env))),
  purchase: async (page, env) => void (await page.goto(hostileUrl(env, { purchase: `NL-HOSTILE-${Date.now()}` }))),
};
