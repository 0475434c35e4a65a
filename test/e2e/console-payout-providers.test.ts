import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

// The payout providers on the console's Integrations page in real Chromium (the Worker in workerd serving
// the console's build, real Redis): a merchant connects PayPal through its card (a malformed secret refused
// in the page by the API's own schema, before any request), sees it connected with the webhook URL and the
// PAYMENT.PAYOUTS* events to copy, no secret left in the page, then disconnects; Tremendous connects in
// Persian (RTL, dark) and a delivery signed as Tremendous signs shows in its log. The Stripe card names the
// Connect permissions payouts need. Nothing here reaches PayPal or Tremendous: connecting calls neither, and
// the delivered Tremendous event is of a type Vouch does not read. axe-core clean; no console error.
describeBrowser('merchant console: payout providers', () => {
  let env: ConsoleEnv;
  const PAYPAL_SECRET = 'EKx9Qm2Lv7Tb4Nc9Rt1Ys6Ue3Wi5Op0KjZaPq';
  const TREMENDOUS_KEY = 'TEST_7fQm2Lx7Vb4Nc9Rt1Ys6Ue3Wi5Op0Kj';
  const TREMENDOUS_HOOK_KEY = 'whpk_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

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

  async function connections(): Promise<{ provider: string }[]> {
    return (await env.api.get('/v1/integrations')).body.data;
  }

  /** Neither the secrets nor their tails are in the page or the tab's storage once connected. */
  async function expectNoSecrets(p: ConsolePage, secrets: string[]): Promise<void> {
    const html = await p.page.content();
    const stored = await p.page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    for (const secret of secrets) {
      expect(html).not.toContain(secret.slice(4));
      expect(stored).not.toContain(secret.slice(4));
    }
  }

  it('connects PayPal through its card: URL and events to copy, no secret left, disconnect', async () => {
    const p = await newConsolePage(env);
    const { page } = p;
    await signIn(page, env);
    await openSection(page, 'integrations');
    const expectedUrl = `${env.worker.url.origin}/hooks/paypal/${env.merchant.id}/test`;
    expect(await page.getByTestId('integration-status-paypal').textContent()).toBe('Not connected');
    expect(await page.getByTestId('integration-url-paypal').textContent()).toBe(expectedUrl);
    expect(await page.getByTestId('integration-paypal').innerText()).toContain('Apps & Credentials');
    // The Stripe card says what a restricted key needs for Stripe Connect payouts.
    const stripeCard = await page.getByTestId('integration-stripe').innerText();
    expect(stripeCard).toContain('Transfers: write');
    expect(stripeCard).toContain('Accounts: write');

    // The secret is a password input; a short one breaks the API's schema and is refused in the page.
    expect(await page.getByTestId('integration-paypal-client_secret').getAttribute('type')).toBe('password');
    expect(await page.getByTestId('integration-paypal-client_id').getAttribute('type')).toBe('text');
    await page.getByTestId('integration-paypal-client_id').fill('AbC1dEf2GhI3jKl4MnO5');
    await page.getByTestId('integration-paypal-client_secret').fill('short');
    await page.getByTestId('integration-paypal-webhook_id').fill('8PT597110X687430LKGECATA');
    // Signed in with a test key: the environment starts at PayPal's sandbox.
    expect(await page.getByTestId('integration-paypal-environment').inputValue()).toBe('sandbox');
    await page.getByTestId('integration-connect-paypal').click();
    expect(await page.getByTestId('error-paypal-client_secret').textContent()).toBe(
      'From 10 to 200 characters, without spaces.',
    );
    expect(await page.getByTestId('integration-paypal-client_secret').getAttribute('aria-invalid')).toBe('true');
    expect(await connections()).toEqual([]);

    await page.getByTestId('integration-paypal-client_secret').fill(` ${PAYPAL_SECRET} `);
    await page.getByTestId('integration-connect-paypal').click();
    await expect.poll(() => page.getByTestId('integration-status-paypal').textContent()).toBe('Connected');
    await settled(page);
    expect((await connections()).find((c) => c.provider === 'paypal')).toMatchObject({
      provider: 'paypal',
      status: 'connected',
      webhook_url: expectedUrl,
    });
    expect(await page.getByTestId('integration-url-paypal').textContent()).toBe(expectedUrl);
    await page.getByTestId('integration-url-copy-paypal').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedUrl);
    const events = await page.getByTestId('integration-events-paypal').innerText();
    for (const type of ['PAYMENT.PAYOUTS-ITEM.SUCCEEDED', 'PAYMENT.PAYOUTS-ITEM.FAILED', 'PAYMENT.PAYOUTSBATCH.DENIED'])
      expect(events).toContain(type);
    await page.getByTestId('integration-events-copy-paypal').click();
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(copied).toContain('PAYMENT.PAYOUTS-ITEM.UNCLAIMED');
    // A payout provider creates no codes: no coupon sync row on its card.
    const facts = await page.getByTestId('integration-facts-paypal').innerText();
    expect(facts).toContain('Connected since');
    expect(facts).not.toContain('Coupon sync');
    expect(await page.getByTestId('integration-no-events-paypal').isVisible()).toBe(true);
    await expectNoSecrets(p, [PAYPAL_SECRET]);
    expect(await page.getByTestId('integration-paypal-client_secret').inputValue()).toBe('');
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'integrations-paypal');

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByTestId('integration-disconnect-paypal').click();
    await expect.poll(() => page.getByTestId('integration-status-paypal').textContent()).toBe('Not connected');
    expect(await connections()).toEqual([]);
    await done(p);
  });

  it('connects Tremendous in Persian, right to left, dark; a signed delivery shows in its log; axe clean', async () => {
    const p = await newConsolePage(env, { colorScheme: 'dark' });
    const { page } = p;
    await signIn(page, env);
    await page.getByTestId('locale-picker').selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await openSection(page, 'integrations');
    expect(await page.getByTestId('integration-status-tremendous').textContent()).toBe('وصل نشده');
    await page.getByTestId('integration-tremendous-api_key').fill(TREMENDOUS_KEY);
    await page.getByTestId('integration-tremendous-webhook_private_key').fill(TREMENDOUS_HOOK_KEY);
    await page.getByTestId('integration-tremendous-funding_source_id').fill('a b');
    await page.getByTestId('integration-tremendous-campaign_id').fill('CMP0X7Q1VZ2B');
    await page.getByTestId('integration-tremendous-environment').selectOption('production');
    await page.getByTestId('integration-connect-tremendous').click();
    // The rule's words in the page's language, on the field that breaks it.
    expect(await page.getByTestId('error-tremendous-funding_source_id').textContent()).toBe(
      'از ۴ تا ۶۴ نویسه، بدون فاصله.',
    );
    expect(await connections()).toEqual([]);
    await page.getByTestId('integration-tremendous-funding_source_id').fill('BALANCE');
    await page.getByTestId('integration-connect-tremendous').click();
    await expect.poll(() => page.getByTestId('integration-status-tremendous').textContent()).toBe('وصل است');
    await settled(page);
    const url = `${env.worker.url.origin}/hooks/tremendous/${env.merchant.id}/test`;
    expect(await page.getByTestId('integration-url-tremendous').textContent()).toBe(url);
    expect((await connections()).find((c) => c.provider === 'tremendous')).toMatchObject({
      provider: 'tremendous',
      status: 'connected',
      webhook_url: url,
    });
    await expectNoSecrets(p, [TREMENDOUS_KEY, TREMENDOUS_HOOK_KEY]);

    // A delivery signed as Tremendous signs (HMAC-SHA256 of the body under the private key) is logged.
    const payload = JSON.stringify({
      event: 'REWARDS.CREATED',
      uuid: randomUUID(),
      created_utc: new Date().toISOString(),
      payload: { resource: { id: 'RWD0X7Q1VZ2B', type: 'rewards' } },
    });
    const signature = createHmac('sha256', TREMENDOUS_HOOK_KEY).update(payload).digest('hex');
    const res = await env.worker.fetch(new URL(url).pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Tremendous-Webhook-Signature': `sha256=${signature}` },
      body: payload,
    });
    expect(res.status).toBe(200);
    await page.getByTestId('integration-refresh-tremendous').click();
    const log = page.getByTestId('integration-recent-tremendous');
    await log.waitFor();
    expect(await log.innerText()).toContain('REWARDS.CREATED');
    expect(await log.innerText()).toContain('نادیده گرفته شد');
    expect(await axePage(page)).toEqual([]);
    await screenshot(page, 'integrations-tremendous-fa-dark');
    await done(p);
  });
});
