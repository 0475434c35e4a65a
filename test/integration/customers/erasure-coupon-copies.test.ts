import { expect, it } from 'vitest';
import { createRedis } from '../../../worker/storage/client.ts';
import { couponSyncStore } from '../../../worker/storage/coupon-sync.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { FakeShopify, FakeStripe, providerApis } from '../../support/provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually } from '../webhooks/receiver.ts';

// An erased advocate's codes are disabled; their copies in the merchant's Stripe checkout (coupon
// sync) must stop taking orders too. Stripe's API is unreachable from here: the Worker's calls to
// api.stripe.com are answered by a local server answering the shapes Stripe's API reference documents
// (test/support/provider-apis.ts). A Redis server of its own: the scheduled run drains a global queue.
const stripe = new FakeStripe();
const suite = workerSuite({ private: true, worker: { outbound: providerApis(stripe, new FakeShopify()) } });

it(`erasing an advocate deactivates their code's promotion code at Stripe through the scheduled run (Stripe \
unreachable: a local server answers the shapes of its API reference)`, async () => {
  const m = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, m.sk);
  const apiKey = `rk_test_${Date.now().toString(36).padEnd(24, 'E')}`;
  const connected = await api.call('PUT', '/v1/integrations/stripe', {
    webhook_secret: 'whsec_Er4s3dC0up0nC0p13sT3st7Lm2Np9Q',
    api_key: apiKey,
  });
  expect(connected.body.coupon_sync).toBe(true);
  const account = stripe.account(apiKey);
  const program = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
  const externalId = `adv-erased-${Date.now().toString(36)}`;
  const { code } = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: externalId })).body;
  const promo = (await eventually(
    async () => [...account.promotionCodes.values()].find((p) => p.code === code && p.active),
    Boolean,
  ))!;
  const { url, token } = suite.bridge.server;
  const store = couponSyncStore.over(createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }));
  const t = { mode: 'test' as const, merchantId: m.id };
  await eventually(async () => (await store.get(t, 'stripe', code))?.active, Boolean);

  const erased = await api.call('DELETE', `/v1/customers/${externalId}`);
  expect(erased.body.counts).toMatchObject({ advocates: 1, codes_disabled: 1 });
  await eventually(
    async () => {
      await suite.worker.scheduled(Date.now());
      return promo.active;
    },
    (active) => active === false,
  );
  expect(account.requests.at(-1)).toMatchObject({
    method: 'POST',
    path: `/v1/promotion_codes/${promo.id}`,
    form: { active: 'false' },
  });
  expect((await store.get(t, 'stripe', code))?.active).toBe(false);

  // A repeat finds no active copy: nothing is queued, Stripe is not called again.
  const calls = account.requests.length;
  await api.call('DELETE', `/v1/customers/${externalId}`);
  await suite.worker.scheduled(Date.now());
  expect(account.requests).toHaveLength(calls);
});
