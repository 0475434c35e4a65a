import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { walletSeeder } from '../integration/wallet/seed-wallet.ts';
import { describeBrowser } from '../support/browser.ts';
import { newPage, screenshot, startWidgetEnv, type WidgetEnv } from './widget/env.ts';
import { demoStore, hostilePage } from './widget/sites.ts';
import { axeWidget, openPanel, panelText } from './widget/surfaces.ts';

let env: WidgetEnv;
const codes: { open: string; used: string } = { open: '', used: '' };

/** The Rewards section of the open panel, once the wallet chunk has filled it. */
async function rewards(page: Page) {
  const dialog = await openPanel(page);
  const section = dialog.getByRole('region', { name: 'Your rewards' });
  await section.getByRole('heading', { name: 'Paid out' }).waitFor({ timeout: 10_000 });
  return { dialog, section };
}

// Issue 16's "what an advocate sees": Alice's paid out history, reward codes, points and payout
// details, written as the payout, reward code and points parts write them, read from the Worker by
// the wallet chunk (wallet.js, loaded on first use) in real Chromium.
describeBrowser('widget: the signed-in advocate sees their rewards', () => {
  beforeAll(async () => {
    env = await startWidgetEnv();
    const merchantId = (await env.merchantApi.get('/v1/merchant')).body.id as string;
    const advocateId = (await env.merchantApi.get(`/v1/codes/${env.alice.code}`)).body.advocate_id as string;
    const patched = await env.merchantApi.patch(`/v1/programs/${env.programId}`, {
      points: {
        catalog: [{ id: 'mug', name: 'Vouch mug', cost: 300, reward: { type: 'item', name: 'Vouch mug' } }],
        expire_after_days: null,
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const seed = walletSeeder(env, { merchantId, mode: 'test' });
    codes.open = await seed.rewardCode(advocateId, env.programId, { type: 'percent', value: 15 });
    codes.used = await seed.rewardCode(advocateId, env.programId, {
      type: 'fixed_amount',
      value: 500,
      redeemed: true,
    });
    await seed.payout(advocateId, env.programId, { amount: 2500, status: 'paid' });
    await seed.points(env.programId, env.alice.customerId, 400);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('shows paid out history, reward codes with copy buttons and points; redeems a catalog item; saves a PayPal \
email; no axe violations; the bundle loads the chunk only when the panel shows', async () => {
    const { context, page, problems } = await newPage(env);
    const chunks: string[] = [];
    page.on('request', (req) => void (req.url().endsWith('/wallet.js') && chunks.push(req.url())));
    await demoStore.openSignedIn(page, env);
    await page.waitForTimeout(500);
    expect(chunks).toEqual([]);
    const { section } = await rewards(page);
    expect(chunks).toHaveLength(1);

    const text = await panelText(page);
    expect(text).toMatch(/Paid out[\s\S]*\$25[\s\S]*Paid/);
    expect(text).toContain('15% off');
    expect(text).toMatch(/\$5 off[^\n]*Used/);
    expect(text).toContain('400 points');

    // The open code copies; the used one has no copy button.
    await section.getByRole('button', { name: `Copy code ${codes.open}` }).click();
    await section.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.open);
    expect(await section.getByRole('button', { name: `Copy code ${codes.used}` }).count()).toBe(0);
    expect(await section.getByLabel(/\$5 off/).inputValue()).toBe(codes.used);

    expect(await axeWidget(page)).toEqual([]);
    await screenshot(page, 'widget-rewards');

    // Redeemed through POST /v1/public/points/redeem: the balance the Worker answers next.
    await section.getByRole('button', { name: 'Redeem Vouch mug for 300 points' }).click();
    await section.getByRole('status').filter({ hasText: 'Redeemed: Vouch mug' }).waitFor();
    await expect.poll(() => panelText(page)).toContain('100 points');

    // Saved through POST /v1/public/payout_details: shown masked from then on.
    await section.getByLabel('PayPal email').fill('alice.paypal@example.com');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await expect.poll(() => panelText(page)).toMatch(/PayPal: a\*+l@example\.com/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Connect with Stripe opens the onboarding link the Worker answers (Stripe unreachable: that answer \
intercepted with the documented shape)', async () => {
    const { context, page } = await newPage(env);
    const back = new URL('/?stripe=onboarded', env.store.url).toString();
    await page.route('**/v1/public/payout_details/stripe_onboarding**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': new URL(env.store.url).origin },
        body: JSON.stringify({
          object: 'stripe_onboarding',
          url: back,
          stripe_account_id: 'acct_1TestAlice',
          expires_at: new Date(Date.now() + 300_000).toISOString(),
        }),
      }),
    );
    await demoStore.openSignedIn(page, env);
    const { section } = await rewards(page);
    await section.getByRole('button', { name: 'Connect with Stripe' }).click();
    await page.waitForURL(back);
    await context.close();
  });

  it('right to left and translated: Arabic on the hostile page (strict CSP, resets)', async () => {
    const { context, page, problems } = await newPage(env);
    await hostilePage.openSignedIn(page, env, 'ar');
    const dialog = await openPanel(page);
    const section = dialog.getByRole('region', { name: 'مكافآتك' });
    await section.getByRole('heading', { name: 'تم الدفع' }).waitFor({ timeout: 10_000 });
    expect(await section.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await section.getByRole('button', { name: /Stripe/ }).innerText()).toBe('الاتصال عبر Stripe');
    expect(await axeWidget(page)).toEqual([]);
    await screenshot(page, 'widget-rewards-ar');
    expect(problems).toEqual([]);
    await context.close();
  });
});
