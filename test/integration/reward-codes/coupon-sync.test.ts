import { describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { FakeShopify, FakeStripe, providerApis } from '../../support/provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';
import { afterRuns as afterRunsOf } from './after-runs.ts';

// Reward codes copied to Stripe and Shopify by coupon sync. Their APIs are unreachable from here: the
// Worker's outbound fetches to api.stripe.com and *.myshopify.com are answered by local servers answering
// the request and response shapes of their API references (Stripe Coupons and Promotion codes, Shopify's
// GraphQL Admin API discount mutations: test/support/provider-apis.ts). A Redis server of its own: the
// scheduled run drains the global coupon sync queue.
const stripe = new FakeStripe();
const shopify = new FakeShopify();
const suite = workerSuite({ private: true, worker: { outbound: providerApis(stripe, shopify) } });
const SHOPIFY_SECRET = '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';

const WHSEC = 'whsec_3kfT9qLmVb2XwYp7Rz4NcE8sHa1Ud6Go';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

/** A merchant with Stripe connected (a restricted key for coupon sync) and a reward-code program. */
async function stripeShop(terms: object, holdDays: number) {
  const merchant = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, merchant.sk);
  const apiKey = `rk_test_${uid().padEnd(24, 'K')}`;
  const connected = await api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC, api_key: apiKey });
  expect(connected.body.coupon_sync).toBe(true);
  const program = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { type: 'reward_code', ...terms },
      hold_days: holdDays,
    })
  ).body;
  const advocate = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: advocate.code,
    })
  ).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { merchant, api, account: stripe.account(apiKey), programId: program.id as string, reward, advocate };
}

const afterRuns = <T>(read: () => T | undefined) => afterRunsOf(suite, read);

describe('reward codes in coupon sync (Stripe unreachable: local server with the documented shapes)', () => {
  it('an issued code becomes a single-use promotion code: own value and expiry, a coupon per value', async () => {
    const terms = { discount: 'fixed_amount', value: 1500, currency: 'USD', expires_in_days: 30 };
    const s = await stripeShop(terms, 0);
    const { code, expires_at } = (await s.api.get(`/v1/rewards/${s.reward.id}`)).body.reward_code;
    const promo = await afterRuns(() => [...s.account.promotionCodes.values()].find((p) => p.code === code));
    const call = s.account.requests.find((r) => r.path === '/v1/promotion_codes' && r.form.code === code)!;
    expect(call.form).toMatchObject({
      code,
      max_redemptions: '1',
      expires_at: String(Math.floor(Date.parse(expires_at) / 1000)),
      'metadata[vouch_reward_code]': 'true',
      'metadata[vouch_advocate]': s.advocate.advocate.id,
    });
    // Its own value (the program's friend offer is 15 % off), once.
    expect(promo.coupon).toMatchObject({ amount_off: 1500, currency: 'usd', duration: 'once', percent_off: null });
    expect(promo.active).toBe(true);

    // A second code of the same value shares the coupon.
    const conversion = (
      await s.api.post('/v1/conversions', {
        type: 'sale',
        order_id: `ord-${uid()}`,
        customer: { external_id: `friend-${uid()}` },
        amount: 10_000,
        currency: 'USD',
        code: s.advocate.code,
      })
    ).body;
    const second = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
    const code2 = (await s.api.get(`/v1/rewards/${second.id}`)).body.reward_code.code;
    const promo2 = await afterRuns(() => [...s.account.promotionCodes.values()].find((p) => p.code === code2));
    expect(promo2.coupon.id).toBe(promo.coupon.id);
    expect(s.account.requests.filter((r) => r.path === '/v1/coupons')).toHaveLength(1);
  });

  it('a void disables the promotion code; a redemption through the API uses it up there too', async () => {
    const s = await stripeShop({ discount: 'percent', value: 25, currency: 'USD', expires_in_days: null }, 1);
    await s.api.post(`/v1/rewards/${s.reward.id}/approve`, {});
    const { code } = (await s.api.get(`/v1/rewards/${s.reward.id}`)).body.reward_code;
    const promo = await afterRuns(() => [...s.account.promotionCodes.values()].find((p) => p.code === code));
    expect(promo.coupon).toMatchObject({ percent_off: 25 });
    const created = s.account.requests.find((r) => r.path === '/v1/promotion_codes' && r.form.code === code)!;
    expect(created.form.expires_at).toBeUndefined();
    await s.api.post(`/v1/rewards/${s.reward.id}/void`, {});
    await afterRuns(() => (promo.active === false ? true : undefined));

    const other = await stripeShop({ discount: 'percent', value: 25, currency: 'USD', expires_in_days: null }, 0);
    const otherCode = (await other.api.get(`/v1/rewards/${other.reward.id}`)).body.reward_code.code;
    const otherPromo = await afterRuns(() =>
      [...other.account.promotionCodes.values()].find((p) => p.code === otherCode),
    );
    const order = { amount: 10_000, currency: 'USD' };
    const redeemed = await other.api.post('/v1/redemptions', {
      code: otherCode,
      order_id: `ord-${uid()}`,
      customer: { external_id: 'buyer' },
      order,
    });
    expect(redeemed.status).toBe(201);
    await afterRuns(() => (otherPromo.active === false ? true : undefined));
  });
});

describe('reward codes in coupon sync (Shopify unreachable: local server with the documented shapes)', () => {
  it('an issued code becomes a discount code used once, ending at its expiry, with its own value', async () => {
    const merchant = await createTestMerchant(suite.worker);
    const api = apiClient(suite.worker, merchant.sk);
    const domain = `vouch-${uid().toLowerCase()}.myshopify.com`;
    const token = `shpat_${uid().toLowerCase().padEnd(32, 'a')}`;
    const shop = shopify.shop(domain, token, 'USD');
    const connect = { shop_domain: domain, api_secret: SHOPIFY_SECRET, access_token: token };
    expect((await api.call('PUT', '/v1/integrations/shopify', connect)).status).toBe(200);
    const terms = { discount: 'fixed_amount', value: 1250, currency: 'USD', expires_in_days: 14 };
    const program = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        referrer_reward: { type: 'reward_code', ...terms },
        hold_days: 0,
      })
    ).body;
    const advocate = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
    const sale = { type: 'sale', order_id: `ord-${uid()}`, amount: 10_000, currency: 'USD', code: advocate.code };
    const conversion = (await api.post('/v1/conversions', { ...sale, customer: { external_id: `f-${uid()}` } })).body;
    const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
    const { code, expires_at } = (await api.get(`/v1/rewards/${reward.id}`)).body.reward_code;
    const discount = await afterRuns(() => [...shop.discounts.values()].find((d) => d.code === code));
    expect(discount.status).toBe('ACTIVE');
    const create = shop.requests.find(
      (r) =>
        r.graphql?.query.includes('discountCodeBasicCreate(') && r.graphql.variables.basicCodeDiscount.code === code,
    )!;
    expect(create.graphql!.variables.basicCodeDiscount).toMatchObject({
      code,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      endsAt: expires_at,
      customerGets: { value: { discountAmount: { amount: '12.50', appliesOnEachItem: false } }, items: { all: true } },
    });
  });
});
