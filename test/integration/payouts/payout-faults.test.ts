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
  client_id: 'AYpaypal-client-fault1',
  client_secret: 'EOpaypal-secret-fault1',
  webhook_id: '8PT597110X687430LKFAULT1',
};
const paypal = new FakePaypal(PAYPAL.client_id, PAYPAL.client_secret);
const stripe = new FakeStripeConnect('sk_test_payoutsFAULTkey0001');
const tremendous = new FakeTremendous('TEST_tremendous_fault_0001', 'tremendous-webhook-fault-0001');

// A database of its own: the scheduled run sends every due payout it can see.
const suite = workerSuite({ private: true, worker: { outbound: payoutProviderApis(paypal, stripe, tremendous) } });
let api: ReturnType<typeof apiClient>;
let merchantId: string;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
const DAY = 86_400_000;

beforeAll(async () => {
  const merchant = await createTestMerchant(suite.worker);
  merchantId = merchant.id;
  api = apiClient(suite.worker, merchant.sk);
  expect((await api.call('PUT', '/v1/integrations/paypal', { ...PAYPAL, environment: 'sandbox' })).status).toBe(200);
});

/** A PayPal advocate with one approved reward. */
async function paypalAdvocate() {
  const payouts = { minimum_amount: 0, hold_days: 0, schedule: 'manual' };
  const prog = (await api.post('/v1/programs', { ...PROGRAM_INPUT, hold_days: 0, payouts })).body.id;
  const email = `adv-${uid().toLowerCase()}@example.com`;
  const e = (await api.post(`/v1/programs/${prog}/advocates`, { external_id: `cus-${uid()}`, email })).body;
  const details = { method: 'paypal', paypal_email: email };
  expect((await api.call('PUT', `/v1/advocates/${e.advocate.id}/payout_details`, details)).status).toBe(200);
  const sale = { type: 'sale', order_id: `ord-${uid()}`, customer: { external_id: `f-${uid()}` }, amount: 10_000 };
  expect((await api.post('/v1/conversions', { ...sale, currency: 'USD', code: e.code })).status).toBe(201);
  return e.advocate.id as string;
}

const recordKey = () => `v1:test:${merchantId}:integration:paypal`;

/** Replaces the PayPal client secret's box by one no HASH_SECRET opens (sealed under a rotated-out secret). */
async function sealUnderRotatedSecret(): Promise<string> {
  const raw = String(await suite.bridge.direct(['GET', recordKey()]));
  const record = JSON.parse(raw);
  const [version, iv, sealed] = String(record.secret_box).split('.');
  const other = `${version}.${iv}.${sealed!.startsWith('AAAA') ? 'BBBB' : 'AAAA'}${sealed!.slice(4)}`;
  await suite.bridge.direct(['SET', recordKey(), JSON.stringify({ ...record, secret_box: other })]);
  return raw;
}

describe('payouts when something is broken', () => {
  it('credentials under a rotated-out HASH_SECRET: run 200, payout pending, hook 503 (PayPal: local)', async () => {
    const advocate = await paypalAdvocate();
    const good = await sealUnderRotatedSecret();
    try {
      const run = await api.post('/v1/payouts', { advocate_id: advocate });
      expect(run.status).toBe(200);
      const [payout] = run.body.created;
      expect(payout).toMatchObject({ provider: 'paypal', status: 'pending' });
      expect(payout.history.at(-1).note).toContain('credentials unreadable');
      expect(paypal.paymentsFor(payout.id)).toBe(0);
      const hook = await suite.worker.fetch(`/hooks/paypal/${merchantId}/test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'WH-FAULT-1', event_type: 'PAYMENTS.PAYOUTS-ITEM.SUCCEEDED', resource: {} }),
      });
      expect(hook.status).toBe(503);
      expect(await hook.text()).not.toContain(PAYPAL.client_secret);
    } finally {
      await suite.bridge.direct(['SET', recordKey(), good]);
    }
  });

  it('a payout that cannot be read does not stop the scheduled run: the next due payout is still sent', async () => {
    const advocate = await paypalAdvocate();
    const good = await sealUnderRotatedSecret();
    const [payout] = (await api.post('/v1/payouts', { advocate_id: advocate })).body.created;
    await suite.bridge.direct(['SET', recordKey(), good]);
    // A broken record due first (oldest score): reading it throws.
    await suite.bridge.direct(['SET', `v1:test:${merchantId}:payout:po_BROKEN`, '{"not":"a payout"}']);
    await suite.bridge.direct(['ZADD', 'v1:payouts_due', '0', `test:${merchantId}:po_BROKEN`]);
    await suite.worker.scheduled(Date.now() + DAY);
    expect(paypal.paymentsFor(payout.id)).toBe(1);
    expect((await api.get(`/v1/payouts/${payout.id}`)).body.status).not.toBe('pending');
  });
});
