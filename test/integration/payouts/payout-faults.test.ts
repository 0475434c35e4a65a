import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/schemas/webhook.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import {
  FakePaypal,
  FakeStripeConnect,
  FakeTremendous,
  payoutProviderApis,
} from '../../support/payout-provider-apis.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';
import { eventually, type Receiver, startReceiver } from '../webhooks/receiver.ts';

const PAYPAL = {
  client_id: 'AYpaypal-client-fault1',
  client_secret: 'EOpaypal-secret-fault1',
  webhook_id: '8PT597110X687430LKFAULT1',
};
const paypal = new FakePaypal(PAYPAL.client_id, PAYPAL.client_secret);
const stripe = new FakeStripeConnect('sk_test_payoutsFAULTkey0001');
const tremendous = new FakeTremendous('TEST_tremendous_fault_0001', 'tremendous-webhook-fault-0001');

// A database of its own: the scheduled run sends every due payout it can see.
const outbound = payoutProviderApis(paypal, stripe, tremendous);
const suite = workerSuite({ private: true, worker: { outbound } });
let api: ReturnType<typeof apiClient>;
let merchantId: string;
// The same Worker through a proxy that can fail one Redis call (the publish script).
let proxy: FaultProxy;
let faulty: RunningWorker;
let receiver: Receiver;
let hook: { url: string; path: string };
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
const DAY = 86_400_000;

beforeAll(async () => {
  const merchant = await createTestMerchant(suite.worker);
  merchantId = merchant.id;
  api = apiClient(suite.worker, merchant.sk);
  expect((await api.call('PUT', '/v1/integrations/paypal', { ...PAYPAL, environment: 'sandbox' })).status).toBe(200);
  proxy = await startFaultProxy(suite.bridge);
  faulty = await startWorker({ bridge: suite.bridge, outbound, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
  receiver = await startReceiver();
  hook = receiver.path();
  const endpoint = await api.post('/v1/webhook_endpoints', { url: hook.url, events: [...WEBHOOK_EVENT_TYPES] });
  expect(endpoint.status).toBe(201);
});
afterAll(async () => {
  await faulty?.dispose();
  await proxy?.close();
  await receiver?.close();
});

const isPublish = (body: string) => /"evalsha"/i.test(body) && body.includes(':webhook_event_key:');

/** Distinct events delivered of `type` about object `id` (a redelivery of one event id counts once). */
function eventsOf(type: string, id: string): any[] {
  const byId = new Map<string, any>();
  for (const req of receiver.received(hook.path)) {
    const e = JSON.parse(req.body);
    if (e.type === type && e.data.id === id) byId.set(e.id, e);
  }
  return [...byId.values()];
}

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

  it('payout.paid not published: the PayPal event answers 503, its redelivery sends it (PayPal: local)', async () => {
    const advocate = await paypalAdvocate();
    const [sent] = (await api.post('/v1/payouts', { advocate_id: advocate })).body.created;
    expect(sent).toMatchObject({ provider: 'paypal', status: 'processing' });
    const item = { ...paypal.itemOf(sent.id)!, transaction_status: 'SUCCESS' };
    const delivery = paypal.delivery(PAYPAL.webhook_id, 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED', item);
    const path = `/hooks/paypal/${merchantId}/test`;
    proxy.fail(isPublish);
    const first = await faulty.fetch(path, { method: 'POST', body: delivery.body, headers: delivery.headers });
    expect(first.status).toBe(503);
    expect((await api.get(`/v1/payouts/${sent.id}`)).body.status).toBe('paid');
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsOf('payout.paid', sent.id)).toEqual([]);
    // PayPal redelivers: the claim was given back, the move is unchanged and its events go out now.
    const again = await suite.worker.fetch(path, { method: 'POST', body: delivery.body, headers: delivery.headers });
    expect(again.status).toBe(200);
    await eventually(
      async () => eventsOf('payout.paid', sent.id),
      (got) => got.length > 0,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsOf('payout.paid', sent.id)).toHaveLength(1);
  });
});
