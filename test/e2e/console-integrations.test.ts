import { afterAll, beforeAll, expect, it } from 'vitest';
import { stripeEvent, stripeId, stripeSignature } from '../../scripts/providers/stripe-events.ts';
import { describeBrowser } from '../support/browser.ts';
import {
  axePage,
  type ConsoleEnv,
  type ConsolePage,
  newConsolePage,
  openSection,
  screenshot,
  settled,
  signIn,
  startConsoleEnv,
} from './console/env.ts';

// The console's Integrations page in real Chromium (the Worker in workerd serving the console's
// build, real Redis): a merchant connects Stripe with the signing secret (a malformed one is refused
// in the page, before any request), sees the webhook URL with its copy button and the events to
// select, sees a delivery signed as Stripe signs arrive in the log, and disconnects; Shopify connects
// with coupon sync in Persian (RTL). axe-core clean; no console error, CSP violation or failed request.
describeBrowser('merchant console: integrations', () => {
  let env: ConsoleEnv;
  const WHSEC = 'whsec_8fQm2Lx7Vb4Nc9Rt1Ys6Ue3Wi5Op0KjZa';

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function done(p: ConsolePage): Promise<void> {
    await p.context.close();
    expect(p.problems).toEqual([]);
  }

  /** A Stripe event of a type Vouch does not use, delivered to the connection's URL as Stripe signs it. */
  async function deliverStripeEvent(url: string): Promise<string> {
    const event = stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer' });
    const payload = JSON.stringify(event);
    const res = await env.worker.fetch(new URL(url).pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC) },
      body: payload,
    });
    expect(res.status).toBe(200);
    return event.id;
  }

  it('Stripe: a malformed secret refused in the page; the URL and events to copy; the log; disconnect', async () => {
    const p = await newConsolePage(env);
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'integrations');
    const expectedUrl = `${env.worker.url.origin}/hooks/stripe/${env.merchant.id}/test`;
    // Before connecting: the URL to paste into Stripe (Stripe asks for it before revealing the secret).
    expect(await page.getByTestId('integration-status-stripe').textContent()).toBe('Not connected');
    expect(await page.getByTestId('integration-url-stripe').textContent()).toBe(expectedUrl);
    expect(await axePage(page)).toEqual([]);

    await page.getByTestId('integration-stripe-webhook_secret').fill('sk_test_not_a_signing_secret');
    await page.getByTestId('integration-connect-stripe').click();
    expect(await page.getByTestId('error-stripe-webhook_secret').textContent()).toContain('whsec_');
    expect(await page.getByTestId('integration-stripe-webhook_secret').getAttribute('aria-invalid')).toBe('true');
    expect((await env.api.get('/v1/integrations')).body.data).toEqual([]);

    // The secret is a password field; Enter submits the form (keyboard only).
    expect(await page.getByTestId('integration-stripe-webhook_secret').getAttribute('type')).toBe('password');
    await page.getByTestId('integration-stripe-webhook_secret').fill(` ${WHSEC} `);
    await page.getByTestId('integration-stripe-webhook_secret').press('Enter');
    await expect.poll(() => page.getByTestId('integration-status-stripe').textContent()).toBe('Connected');
    await settled(page);
    const connected = (await env.api.get('/v1/integrations')).body.data[0];
    expect(connected).toMatchObject({ provider: 'stripe', status: 'connected', webhook_url: expectedUrl });
    expect(await page.getByTestId('integration-url-stripe').textContent()).toBe(expectedUrl);
    await page.getByTestId('integration-url-copy-stripe').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedUrl);
    const events = await page.getByTestId('integration-events-stripe').innerText();
    for (const type of ['checkout.session.completed', 'invoice.paid', 'charge.refunded', 'refund.created'])
      expect(events).toContain(type);
    await page.getByTestId('integration-events-copy-stripe').click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n')).toContain('invoice.paid');
    expect(await page.getByTestId('integration-facts-stripe').innerText()).toContain('Off: add an API credential');
    expect(await page.getByTestId('integration-no-events-stripe').isVisible()).toBe(true);
    // The secret left the page with the request: not in the form, the DOM or the tab's storage.
    const html = await page.content();
    expect(html).not.toContain(WHSEC.slice(6));
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain('whsec_');
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'integrations-stripe');

    // A delivery signed with that secret shows up in the log after a refresh.
    await deliverStripeEvent(expectedUrl);
    await page.getByTestId('integration-refresh-stripe').click();
    const log = page.getByTestId('integration-recent-stripe');
    await log.waitFor();
    expect(await log.innerText()).toContain('customer.created');
    expect(await log.innerText()).toContain('Ignored (type not used)');

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByTestId('integration-disconnect-stripe').click();
    await expect.poll(() => page.getByTestId('integration-status-stripe').textContent()).toBe('Not connected');
    expect((await env.api.get('/v1/integrations')).body.data).toEqual([]);
    await done(p);
  });

  it('connects Shopify with coupon sync in Persian, right to left, axe-core clean in dark', async () => {
    const p = await newConsolePage(env, { colorScheme: 'dark' });
    const { page } = p;
    await signIn(page, env);
    await page.getByTestId('locale-picker').selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await openSection(page, 'integrations');
    await page.getByTestId('integration-shopify-shop_domain').fill('nordlicht.example.com');
    await page.getByTestId('integration-shopify-api_secret').fill('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');
    await page.getByTestId('integration-connect-shopify').click();
    // The rule's words in the page's language, on the field that breaks it.
    expect(await page.getByTestId('error-shopify-shop_domain').textContent()).toContain('name.myshopify.com');
    expect(await page.getByTestId('error-shopify-shop_domain').textContent()).toContain('دامنهٔ');
    await page.getByTestId('integration-shopify-shop_domain').fill('nordlicht.myshopify.com');
    await page.getByTestId('integration-shopify-access_token').fill('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');
    await page.getByTestId('integration-connect-shopify').click();
    await expect.poll(() => page.getByTestId('integration-status-shopify').textContent()).toBe('وصل است');
    await settled(page);
    expect(await page.getByTestId('integration-url-shopify').textContent()).toBe(
      `${env.worker.url.origin}/hooks/shopify/${env.merchant.id}/test`,
    );
    expect(await page.getByTestId('integration-facts-shopify').innerText()).toContain('nordlicht.myshopify.com');
    const list = (await env.api.get('/v1/integrations')).body.data as { provider: string }[];
    expect(list.find((i) => i.provider === 'shopify')).toMatchObject({
      provider: 'shopify',
      shop_domain: 'nordlicht.myshopify.com',
      coupon_sync: true,
    });
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'integrations-shopify-fa-dark');
    await done(p);
  });
});
