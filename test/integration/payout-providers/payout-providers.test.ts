import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import {
  FakePaypal,
  FakeStripeConnect,
  FakeTremendous,
  payoutProviderApis,
} from '../../support/payout-provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';

const PAYPAL = {
  client_id: 'AYpaypal-client-0001',
  client_secret: 'EOpaypal-secret-0001',
  webhook_id: '8PT597110X687430LKGECATA',
};
const STRIPE_KEY = 'sk_test_payoutsPLATFORMkey0001';
const TREMENDOUS = { api_key: 'TEST_tremendous_api_key_0001', webhook_private_key: 'tremendous-webhook-private-0001' };

const paypal = new FakePaypal(PAYPAL.client_id, PAYPAL.client_secret);
const stripe = new FakeStripeConnect(STRIPE_KEY);
const STRIPE_WHSEC = 'whsec_payoutsTESTsecret0001';
const tremendous = new FakeTremendous(TREMENDOUS.api_key, TREMENDOUS.webhook_private_key);

// A database of its own: the scheduled run sends every due payout it can see.
const suite = workerSuite({ private: true, worker: { outbound: payoutProviderApis(paypal, stripe, tremendous) } });
let api: ReturnType<typeof apiClient>;
let merchantId: string;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  const merchant = await createTestMerchant(suite.worker);
  merchantId = merchant.id;
  api = apiClient(suite.worker, merchant.sk);
  const connections = [
    api.call('PUT', '/v1/integrations/paypal', { ...PAYPAL, environment: 'sandbox' }),
    api.call('PUT', '/v1/integrations/stripe', { webhook_secret: STRIPE_WHSEC, api_key: STRIPE_KEY }),
    api.call('PUT', '/v1/integrations/tremendous', {
      ...TREMENDOUS,
      funding_source_id: 'BALANCE',
      campaign_id: 'CAMPAIGN01',
      environment: 'sandbox',
    }),
  ];
  for (const res of await Promise.all(connections)) expect(res.status).toBe(200);
});

async function program(reward: Record<string, unknown> = { type: 'fixed_amount', value: 1234, currency: 'USD' }) {
  const res = await api.post('/v1/programs', {
    ...PROGRAM_INPUT,
    hold_days: 0,
    referrer_reward: reward,
    payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual' },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** An advocate paid by `how`, with one approved reward from a sale through their code. */
async function advocateWithReward(programId: string, how: 'paypal' | 'stripe_connect' | 'email', paypalEmail?: string) {
  const email = `adv-${uid().toLowerCase()}@example.com`;
  const enrolled = await api.post(`/v1/programs/${programId}/advocates`, { external_id: `cus-${uid()}`, email });
  expect(enrolled.status).toBe(201);
  const id = enrolled.body.advocate.id as string;
  if (how === 'paypal') {
    const res = await api.call('PUT', `/v1/advocates/${id}/payout_details`, {
      method: 'paypal',
      paypal_email: paypalEmail ?? email,
    });
    expect(res.status).toBe(200);
  }
  if (how === 'stripe_connect') {
    const res = await api.post(`/v1/advocates/${id}/payout_details/stripe_onboarding`, {
      return_url: 'https://shop.example/account',
    });
    expect(res.status).toBe(200);
    // Payable by Stripe once Stripe says onboarding is complete (a signed Connect event).
    const done = stripe.onboarded(res.body.stripe_account_id, id, STRIPE_WHSEC);
    const hook = await suite.worker.fetch(`/hooks/stripe/${merchantId}/test`, { method: 'POST', ...done });
    expect(hook.status).toBe(200);
  }
  const conversion = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `friend-${uid()}` },
    amount: 10_000,
    currency: 'USD',
    code: enrolled.body.code,
  });
  expect(conversion.status).toBe(201);
  const reward = conversion.body.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { id, rewardId: reward.id as string };
}

async function payOut(advocateId: string) {
  const run = await api.post('/v1/payouts', { advocate_id: advocateId });
  expect(run.status).toBe(200);
  expect(run.body.created).toHaveLength(1);
  return (await api.get(`/v1/payouts/${run.body.created[0].id}`)).body;
}

const payoutNow = async (id: string) => (await api.get(`/v1/payouts/${id}`)).body;
const rewardNow = async (id: string) => (await api.get(`/v1/rewards/${id}`)).body;

function post(path: string, body: string, headers: Record<string, string>) {
  return fetch(new URL(path, suite.worker.url), { method: 'POST', body, headers });
}
/**
 * The provider commits the payment and the answer is lost (commit-then-drop): the payout stays pending,
 * and the scheduled run's resend, under the same idempotency key, finds the first payment: exactly one.
 */
async function crashThenResend(fake: { dropNext: number; paymentsFor(key: string): number }, advocateId: string) {
  fake.dropNext = 1;
  const payout = await payOut(advocateId);
  expect(payout.status).toBe('pending');
  expect(fake.paymentsFor(payout.id)).toBe(1);
  await suite.worker.scheduled(Date.now() + 10 * 60_000);
  expect(fake.paymentsFor(payout.id)).toBe(1);
  return payoutNow(payout.id);
}

/** A verified status webhook pays the payout; the same delivery again is a duplicate that changes nothing. */
async function paidByWebhookOnce(
  path: string,
  delivery: { body: string; headers: Record<string, string> },
  id: string,
) {
  const first = await post(path, delivery.body, delivery.headers);
  expect(first.status).toBe(200);
  expect(await first.json()).toMatchObject({ outcome: 'applied' });
  const paid = await payoutNow(id);
  expect(paid).toMatchObject({ status: 'paid' });
  const again = await post(path, delivery.body, delivery.headers);
  expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
  expect(await payoutNow(id)).toEqual(paid);
}

const paypalHook = () => `/hooks/paypal/${merchantId}/test`;
const tremendousHook = () => `/hooks/tremendous/${merchantId}/test`;

describe('connections (PayPal, Tremendous: their APIs unreachable, local servers with the documented shapes)', () => {
  it('lists PayPal and Tremendous beside Stripe with their webhook URLs and events, never a secret', async () => {
    const list = await api.get('/v1/integrations');
    expect(list.status).toBe(200);
    const byProvider = Object.fromEntries(list.body.data.map((i: { provider: string }) => [i.provider, i]));
    expect(Object.keys(byProvider).sort()).toEqual(['paypal', 'stripe', 'tremendous']);
    expect(byProvider.paypal).toMatchObject({
      status: 'connected',
      webhook_url: expect.stringContaining(paypalHook()),
      coupon_sync: false,
    });
    expect(byProvider.paypal.events).toContain('PAYMENT.PAYOUTS-ITEM.SUCCEEDED');
    expect(byProvider.tremendous.events).toEqual([
      'REWARDS.DELIVERY.SUCCEEDED',
      'REWARDS.DELIVERY.FAILED',
      'ORDERS.FAILED',
    ]);
    expect(byProvider.tremendous.coupon_sync).toBe(false);
    const text = JSON.stringify(list.body);
    for (const secret of [PAYPAL.client_secret, TREMENDOUS.api_key, TREMENDOUS.webhook_private_key]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses bad input with a 400 that changes nothing', async () => {
    const bad = await api.call('PUT', '/v1/integrations/paypal', { ...PAYPAL, environment: 'production' });
    expect(bad.status).toBe(400);
    const missing = await api.call('PUT', '/v1/integrations/tremendous', { api_key: TREMENDOUS.api_key });
    expect(missing.status).toBe(400);
    const unknown = await api.call('DELETE', '/v1/integrations/wise');
    expect(unknown.status).toBe(404);
  });
});

describe('PayPal Payouts (PayPal unreachable: local server with the documented shapes)', () => {
  let programId: string;
  beforeAll(async () => {
    programId = await program();
  });

  it('pays once: one batch (sender_batch_id = payout id), processing, then the SUCCEEDED webhook pays it', async () => {
    const adv = await advocateWithReward(programId, 'paypal');
    const payout = await payOut(adv.id);
    expect(payout).toMatchObject({ provider: 'paypal', status: 'processing' });
    expect(paypal.paymentsFor(payout.id)).toBe(1);
    const sent = paypal.calls.find((c) => c.url.pathname === '/v1/payments/payouts' && c.body.includes(payout.id));
    expect(JSON.parse(sent!.body).items[0].amount).toEqual({ value: '12.34', currency: 'USD' });
    const item = paypal.itemOf(payout.id)!;
    const delivery = paypal.delivery(PAYPAL.webhook_id, 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED', {
      ...item,
      transaction_status: 'SUCCESS',
    });
    await paidByWebhookOnce(paypalHook(), delivery, payout.id);
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'paid' });
    expect(paypal.paymentsFor(payout.id)).toBe(1);
  });

  it('PayPal committed, our write lost (a crash): the scheduled resend finds the first batch, pays once', async () => {
    const adv = await advocateWithReward(programId, 'paypal');
    expect(await crashThenResend(paypal, adv.id)).toMatchObject({ status: 'processing' });
  });

  it('a failed item returns the rewards to approved with PayPal\u2019s reason', async () => {
    const receiver = `unregistered-${uid().toLowerCase()}@example.com`;
    const adv = await advocateWithReward(programId, 'paypal', receiver);
    const payout = await payOut(adv.id);
    const failure = {
      transaction_status: 'FAILED',
      errors: { name: 'RECEIVER_UNREGISTERED', message: 'Receiver is unregistered' },
    };
    const item = { ...paypal.itemOf(payout.id)!, ...failure };
    const delivery = paypal.delivery(PAYPAL.webhook_id, 'PAYMENT.PAYOUTS-ITEM.FAILED', item);
    expect((await post(paypalHook(), delivery.body, delivery.headers)).status).toBe(200);
    const failed = await payoutNow(payout.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('Receiver is unregistered');
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'approved' });
  });

  it('a delivery PayPal does not verify changes nothing (400 invalid_signature)', async () => {
    const adv = await advocateWithReward(programId, 'paypal');
    const payout = await payOut(adv.id);
    const item = { ...paypal.itemOf(payout.id)!, transaction_status: 'SUCCESS' };
    const delivery = paypal.delivery('SOME-OTHER-WEBHOOK', 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED', item);
    const forged = await post(paypalHook(), delivery.body, delivery.headers);
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.code).toBe('invalid_signature');
    const unsigned = await post(paypalHook(), delivery.body, { 'Content-Type': 'application/json' });
    expect(unsigned.status).toBe(400);
    expect(await payoutNow(payout.id)).toMatchObject({ status: 'processing' });
    const log = (await api.get('/v1/integrations')).body.data.find(
      (i: { provider: string }) => i.provider === 'paypal',
    );
    expect(log.recent_events.map((e: { id: string }) => e.id)).not.toContain(delivery.event.id);
  });

  it('UNCLAIMED leaves the payout processing', async () => {
    const adv = await advocateWithReward(programId, 'paypal');
    const payout = await payOut(adv.id);
    const item = { ...paypal.itemOf(payout.id)!, transaction_status: 'UNCLAIMED' };
    const delivery = paypal.delivery(PAYPAL.webhook_id, 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED', item);
    const res = await post(paypalHook(), delivery.body, delivery.headers);
    expect(await res.json()).toMatchObject({ outcome: 'ignored' });
    expect(await payoutNow(payout.id)).toMatchObject({ status: 'processing' });
  });
});

describe('Stripe Connect transfers (Stripe unreachable: local server with the documented shapes)', () => {
  let programId: string;
  beforeAll(async () => {
    programId = await program();
  });

  it('pays once: one transfer (Idempotency-Key = payout id) to the connected account, paid at once', async () => {
    const adv = await advocateWithReward(programId, 'stripe_connect');
    const payout = await payOut(adv.id);
    expect(payout).toMatchObject({
      provider: 'stripe_connect',
      status: 'paid',
      provider_reference: expect.stringMatching(/^tr_/),
    });
    expect(stripe.paymentsFor(payout.id)).toBe(1);
    const call = stripe.calls.find(
      (c) => c.url.pathname === '/v1/transfers' && c.headers['idempotency-key'] === payout.id,
    );
    expect(Object.fromEntries(new URLSearchParams(call!.body))).toMatchObject({ amount: '1234', currency: 'usd' });
    expect(call!.headers['stripe-version']).toBe('2025-03-31.basil');
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'paid' });
  });

  it('a crash after Stripe committed, before our write: the scheduled resend finds it, paying once', async () => {
    const adv = await advocateWithReward(programId, 'stripe_connect');
    expect(await crashThenResend(stripe, adv.id)).toMatchObject({ status: 'paid' });
  });

  it('a resend after Stripe forgot the key (24 h) finds the first transfer by transfer_group, pays once', async () => {
    const adv = await advocateWithReward(programId, 'stripe_connect');
    stripe.dropNext = 1;
    const payout = await payOut(adv.id);
    expect(payout.status).toBe('pending');
    stripe.forgetIdempotencyKeys();
    await suite.worker.scheduled(Date.now() + 10 * 60_000);
    expect(await payoutNow(payout.id)).toMatchObject({
      status: 'paid',
      provider_reference: expect.stringMatching(/^tr_/),
    });
    expect(stripe.paymentsFor(payout.id)).toBe(1);
  });

  it('a 503 leaves the payout pending; a refused transfer fails it with Stripe\u2019s reason', async () => {
    const adv = await advocateWithReward(programId, 'stripe_connect');
    stripe.failNext.push(503);
    const pending = await payOut(adv.id);
    expect(pending.status).toBe('pending');
    expect(stripe.paymentsFor(pending.id)).toBe(0);
    stripe.balance.set('usd', 0);
    await suite.worker.scheduled(Date.now() + 10 * 60_000);
    stripe.balance.set('usd', 1_000_000);
    const failed = await payoutNow(pending.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('insufficient available funds');
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'approved' });
  });
});

describe('Tremendous gift cards (Tremendous unreachable: local server with the documented shapes)', () => {
  let programId: string;
  beforeAll(async () => {
    programId = await program({ type: 'gift_card', value: 2500, currency: 'USD' });
  });

  it('pays once: one order (external_id = payout id), then REWARDS.DELIVERY.SUCCEEDED pays it, once', async () => {
    const adv = await advocateWithReward(programId, 'email');
    const payout = await payOut(adv.id);
    expect(payout).toMatchObject({ provider: 'tremendous', status: 'processing' });
    expect(tremendous.paymentsFor(payout.id)).toBe(1);
    const order = tremendous.orderOf(payout.id)!;
    expect(order.rewards[0].value).toEqual({ denomination: 25, currency_code: 'USD' });
    const delivery = tremendous.delivery('REWARDS.DELIVERY.SUCCEEDED', { id: order.rewards[0].id, type: 'rewards' });
    await paidByWebhookOnce(tremendousHook(), delivery, payout.id);
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'paid' });
    expect(tremendous.paymentsFor(payout.id)).toBe(1);
  });

  it('a crash between Tremendous committing and our write: the resend gets the first order, paying once', async () => {
    const adv = await advocateWithReward(programId, 'email');
    expect(await crashThenResend(tremendous, adv.id)).toMatchObject({ status: 'processing' });
  });

  it('a bad signature changes nothing; a failed delivery returns the reward to approved with the reason', async () => {
    const adv = await advocateWithReward(programId, 'email');
    const payout = await payOut(adv.id);
    const rewardId = tremendous.orderOf(payout.id)!.rewards[0].id;
    const forged = tremendous.delivery(
      'REWARDS.DELIVERY.SUCCEEDED',
      { id: rewardId, type: 'rewards' },
      'not-the-key-0000000',
    );
    const refused = await post(tremendousHook(), forged.body, forged.headers);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('invalid_signature');
    expect(await payoutNow(payout.id)).toMatchObject({ status: 'processing' });
    const bounce = tremendous.delivery('REWARDS.DELIVERY.FAILED', { id: rewardId, type: 'rewards' });
    expect((await post(tremendousHook(), bounce.body, bounce.headers)).status).toBe(200);
    const failed = await payoutNow(payout.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('could not deliver');
    expect(await rewardNow(adv.rewardId)).toMatchObject({ status: 'approved' });
  });
});
