import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyDelivery, shopifyOrder } from '../../../scripts/providers/shopify-events.ts';
import { checkoutSession, stripeEvent, stripeSignature } from '../../../scripts/providers/stripe-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { FakeShopify, FakeStripe, providerApis } from '../../support/provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';
import { type Receiver, startReceiver } from '../webhooks/receiver.ts';
import { afterRuns as afterRunsOf } from './after-runs.ts';

// A reward code used at the merchant's own checkout: the order arrives through the provider's webhook and
// Vouch redeems the code as its API would. Stripe and Shopify are unreachable from here: their webhooks are
// signed deliveries with the documented shapes (scripts/providers/), their APIs (coupon sync's promotion and
// discount codes) local servers answering the documented shapes (test/support/provider-apis.ts). A Redis
// server of its own: the scheduled run drains the global coupon sync queue.
const stripe = new FakeStripe();
const shopify = new FakeShopify();
const suite = workerSuite({ private: true, worker: { outbound: providerApis(stripe, shopify) } });
const WHSEC = 'whsec_7yQm2LpVx9Tb4Rn8Kc3Hs6Jw1Fd5Gz0A';
const SHOPIFY_SECRET = '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';
const TERMS = { discount: 'fixed_amount', value: 1500, currency: 'USD', expires_in_days: 30 } as const;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

type Api = ReturnType<typeof apiClient>;

/** A reward-code program with one advocate, listened to; a referred sale approves the advocate's reward code. */
async function rewardCodeOf(api: Api) {
  const hook = receiver.path();
  const events = ['redemption.created', 'reward.paid', 'conversion.created', 'referral.created'];
  expect((await api.post('/v1/webhook_endpoints', { url: hook.url, events })).status).toBe(201);
  const program = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { type: 'reward_code', ...TERMS },
      hold_days: 0,
    })
  ).body;
  const advocate = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
  const sale = { type: 'sale', order_id: `ord-${uid()}`, amount: 10_000, currency: 'USD', code: advocate.code };
  const conversion = (await api.post('/v1/conversions', { ...sale, customer: { external_id: `f-${uid()}` } })).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  const approved = (await api.get(`/v1/rewards/${reward.id}`)).body;
  expect(approved.status).toBe('approved');
  return { rewardId: reward.id as string, code: approved.reward_code.code as string, hook: hook.path };
}

const afterRuns = <T>(read: () => T | undefined) => afterRunsOf(suite, read);

/** The code was used once, its reward paid once with its events once each, and nothing else was recorded. */
async function expectRedeemedOnce(api: Api, s: { rewardId: string; code: string; hook: string }, orderId: string) {
  const reward = (await api.get(`/v1/rewards/${s.rewardId}`)).body;
  expect(reward.status).toBe('paid');
  expect(reward.history.filter((h: { status: string }) => h.status === 'paid')).toHaveLength(1);
  // referral.created and conversion.created of the sale, then redemption.created and reward.paid; nothing more.
  await receiver.waitFor(s.hook, 4);
  await settle(suite.bridge);
  const sent = receiver.received(s.hook).map((r) => JSON.parse(r.body));
  expect(sent).toHaveLength(4);
  const redemptions = sent.filter((e) => e.type === 'redemption.created');
  expect(redemptions).toHaveLength(1);
  expect(redemptions[0].data).toMatchObject({ code: s.code, order_id: orderId, status: 'redeemed' });
  expect(sent.filter((e) => e.type === 'reward.paid').map((e) => e.data.id)).toEqual([s.rewardId]);
  // Only the sale that earned the reward: the advocate's own order is no referral and no conversion.
  expect(sent.filter((e) => e.type === 'conversion.created')).toHaveLength(1);
  expect((await api.get('/v1/conversions')).body.data).toHaveLength(1);
  // A later redemption of the same code through the API is refused.
  const order = { amount: 10_000, currency: 'USD' };
  const again = await api.post('/v1/redemptions', {
    code: s.code,
    order_id: `ord-${uid()}`,
    customer: { external_id: 'someone' },
    order,
  });
  expect([again.status, again.body.error?.code]).toEqual([422, 'usage_limit_reached']);
  const validated = await api.post(`/v1/codes/${s.code}/validate`, { customer: { external_id: 'x' }, order });
  expect(validated.body).toMatchObject({ valid: false, reason: { code: 'usage_limit_reached' } });
}

const TITLE =
  'reward codes used at a provider (Stripe/Shopify unreachable: signed deliveries with the documented shapes)';
describe(TITLE, () => {
  it('a Shopify order with the reward code marks it used and the reward paid, once under redelivery', async () => {
    const merchant = await createTestMerchant(suite.worker);
    const api = apiClient(suite.worker, merchant.sk);
    const domain = `vouch-${uid().toLowerCase()}.myshopify.com`;
    const token = `shpat_${uid().toLowerCase().padEnd(32, 'b')}`;
    const shop = shopify.shop(domain, token, 'USD');
    const connect = { shop_domain: domain, api_secret: SHOPIFY_SECRET, access_token: token };
    expect((await api.call('PUT', '/v1/integrations/shopify', connect)).status).toBe(200);
    const s = await rewardCodeOf(api);
    const copy = await afterRuns(() => [...shop.discounts.values()].find((d) => d.code === s.code));

    // The advocate buys with the code (typed in lower case) and no referral.
    const order = shopifyOrder({ total: '85.00', currency: 'USD', discountCodes: [s.code.toLowerCase()] });
    const paid = shopifyDelivery('orders/paid', order, { secret: SHOPIFY_SECRET, shopDomain: domain });
    const post = (body: string, headers: Record<string, string>) =>
      api.call('POST', `/hooks/shopify/${merchant.id}/test`, body, headers);
    const first = await post(paid.body, paid.headers);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'applied' });
    expect(first.body.detail).toContain(`Reward code ${s.code} redeemed`);
    // Shopify's retry of that delivery, and the same order in another event (an order sent again).
    expect((await post(paid.body, paid.headers)).body.outcome).toBe('duplicate');
    const resent = shopifyDelivery('orders/paid', order, { secret: SHOPIFY_SECRET, shopDomain: domain });
    const second = await post(resent.body, resent.headers);
    expect(second.body.detail).toContain('redeemed for this order before');

    await expectRedeemedOnce(api, s, `shopify_order_${order.id}`);
    // The copy at Shopify is used up too.
    await afterRuns(() => (copy.status !== 'ACTIVE' ? true : undefined));
  });

  it('a Stripe Checkout with the synced promotion code marks it used and the reward paid, once', async () => {
    const merchant = await createTestMerchant(suite.worker);
    const api = apiClient(suite.worker, merchant.sk);
    const apiKey = `rk_test_${uid().padEnd(24, 'Q')}`;
    const connected = await api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC, api_key: apiKey });
    expect(connected.body.coupon_sync).toBe(true);
    const s = await rewardCodeOf(api);
    const account = stripe.account(apiKey);
    const promo = await afterRuns(() => [...account.promotionCodes.values()].find((p) => p.code === s.code));

    const session = {
      ...checkoutSession({ amount: 8_500, promotionCode: promo.id, email: 'adv@example.com' }),
      amount_subtotal: 10_000,
      total_details: { amount_discount: 1_500, amount_shipping: 0, amount_tax: 0 },
    };
    const deliver = async (event: object) => {
      const payload = JSON.stringify(event);
      const res = await suite.worker.fetch(`/hooks/stripe/${merchant.id}/test`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload, WHSEC) },
        body: payload,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const event = stripeEvent('checkout.session.completed', session);
    const first = await deliver(event);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(first.body.detail).toContain(`Reward code ${s.code} redeemed`);
    expect((await deliver(event)).body.outcome).toBe('duplicate');
    const again = await deliver(stripeEvent('checkout.session.completed', session));
    expect(again.body.detail).toContain('redeemed for this order before');

    await expectRedeemedOnce(api, s, session.id);
    // Recorded at the total before the discount Stripe gave.
    const sent = receiver.received(s.hook).map((r) => JSON.parse(r.body));
    const created = sent.find((e) => e.type === 'redemption.created').data;
    expect(created).toMatchObject({ order: { amount: 10_000, currency: 'USD' }, discount: { amount_off: 1500 } });
    await afterRuns(() => (promo.active === false ? true : undefined));
  });
});
