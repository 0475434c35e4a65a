import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/schemas/webhook.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';
import { eventually, type Receiver, startReceiver } from './receiver.ts';

// A database of its own: the scheduled run approves every due reward it can see.
const suite = workerSuite({ private: true });
let proxy: FaultProxy;
let worker: RunningWorker;
let receiver: Receiver;
let hook: { url: string; path: string };
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

// The publish script is the only one that names event dedupe keys; the refund step of a reversal
// starts by reading the conversion of the redemption's order (nothing before it in the route does).
const isPublish = (body: string) => /"evalsha"/i.test(body) && body.includes(':webhook_event_key:');
const isRefundLookup = (body: string) => body.includes(':conversion_by_key:');

beforeAll(async () => {
  receiver = await startReceiver();
  proxy = await startFaultProxy(suite.bridge);
  worker = await startWorker({ bridge: suite.bridge, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
  api = apiClient(worker, (await createTestMerchant(worker)).sk);
  hook = receiver.path();
  const endpoint = await api.post('/v1/webhook_endpoints', { url: hook.url, events: [...WEBHOOK_EVENT_TYPES] });
  expect(endpoint.status).toBe(201);
});
afterAll(async () => {
  await worker?.dispose();
  await proxy?.close();
  await receiver?.close();
});

/** Distinct events delivered so far of `type` about the object `id` (a redelivery of one event id counts once). */
function eventsOf(type: string, id: string): any[] {
  const byId = new Map<string, any>();
  for (const req of receiver.received(hook.path)) {
    const e = JSON.parse(req.body);
    if (e.type === type && e.data.id === id) byId.set(e.id, e);
  }
  return [...byId.values()];
}

/** Deliveries follow the response: give them time, then none of `type` about `id` may have come. */
async function noneOf(type: string, id: string) {
  await new Promise((r) => setTimeout(r, 600));
  expect(eventsOf(type, id)).toEqual([]);
}

/** The retried request sent it: exactly one such event arrives, carrying what GET answers now. */
async function oneOf(type: string, id: string, path: string) {
  const [event] = await eventually(
    async () => eventsOf(type, id),
    (got) => got.length > 0,
  );
  await new Promise((r) => setTimeout(r, 300));
  expect(eventsOf(type, id)).toHaveLength(1);
  expect(event.data).toEqual((await api.get(path)).body);
}

async function programCode(program: Record<string, unknown>) {
  const input = { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: false }, ...program };
  const p = (await api.post('/v1/programs', input)).body;
  const advocate = { external_id: `adv-${uid()}`, email: `adv-${uid()}@example.com` };
  const e = (await api.post(`/v1/programs/${p.id}/advocates`, advocate)).body;
  return e.code as string;
}

async function sale(code: string, customer: Record<string, unknown> = {}) {
  const res = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `cust-${uid()}`, ...customer },
    amount: 10_000,
    currency: 'USD',
    code,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string; rewards: { id: string; recipient: string; status: string }[] };
}

const advocateReward = (c: Awaited<ReturnType<typeof sale>>) => c.rewards.find((r) => r.recipient === 'advocate')!;

describe('an event lost when publishing failed after the write is sent by the retry', () => {
  it('mark_paid: the retry (unchanged) sends reward.paid, once', async () => {
    const reward = advocateReward(await sale(await programCode({ hold_days: 0 })));
    proxy.fail(isPublish);
    const first = await api.post(`/v1/rewards/${reward.id}/mark_paid`);
    expect(first.body.status).toBe('paid');
    await noneOf('reward.paid', reward.id);
    expect((await api.post(`/v1/rewards/${reward.id}/mark_paid`)).status).toBe(200);
    expect((await api.post(`/v1/rewards/${reward.id}/mark_paid`)).status).toBe(200);
    await oneOf('reward.paid', reward.id, `/v1/rewards/${reward.id}`);
  });

  it('review: the same decision again sends conversion.reviewed and the reward it approved', async () => {
    const conversion = await sale(await programCode({ hold_days: 0 }), { email: `buyer-${uid()}@mailinator.com` });
    expect(conversion.status).toBe('held');
    const reward = advocateReward(conversion);
    proxy.fail(isPublish);
    expect((await api.post(`/v1/conversions/${conversion.id}/review`, { decision: 'approve' })).status).toBe(200);
    await noneOf('conversion.reviewed', conversion.id);
    await noneOf('reward.approved', reward.id);
    expect((await api.post(`/v1/conversions/${conversion.id}/review`, { decision: 'approve' })).status).toBe(200);
    await oneOf('conversion.reviewed', conversion.id, `/v1/conversions/${conversion.id}`);
    await oneOf('reward.approved', reward.id, `/v1/rewards/${reward.id}`);
  });

  it('refund: a retried full refund (409 already_refunded) sends conversion.refunded and reward.voided', async () => {
    const conversion = await sale(await programCode({ hold_days: 0 }));
    const reward = advocateReward(conversion);
    proxy.fail(isPublish);
    expect((await api.post(`/v1/conversions/${conversion.id}/refund`)).body.refunded_amount).toBe(10_000);
    await noneOf('conversion.refunded', conversion.id);
    const retry = await api.post(`/v1/conversions/${conversion.id}/refund`);
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('already_refunded');
    await oneOf('conversion.refunded', conversion.id, `/v1/conversions/${conversion.id}`);
    await oneOf('reward.voided', reward.id, `/v1/rewards/${reward.id}`);
  });

  it('scheduled approval: the next run sends the reward.approved the first run lost', async () => {
    const reward = advocateReward(await sale(await programCode({ hold_days: 1 })));
    expect(reward.status).toBe('pending');
    const later = Date.now() + 86_400_000 + 60_000;
    // Only this reward's publish: the queue may also hold rewards of earlier tests that are due by then.
    proxy.fail((body) => isPublish(body) && body.includes(reward.id));
    await worker.scheduled(later);
    expect((await api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('approved');
    await noneOf('reward.approved', reward.id);
    await worker.scheduled(later + 60_000);
    await oneOf('reward.approved', reward.id, `/v1/rewards/${reward.id}`);
  });
});

describe('a reversal whose refund of the rewards failed', () => {
  const order = { amount: 10_000, currency: 'USD' };
  async function redeemed() {
    const code = await programCode({ hold_days: 0 });
    const body = { code, order_id: `ord-${uid()}`, customer: { external_id: `cust-${uid()}` }, order };
    const r = await api.post('/v1/redemptions', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const list = (await api.get('/v1/conversions?limit=100')).body.data as { id: string; order_id: string }[];
    return { redemption: r.body.id as string, conversion: list.find((c) => c.order_id === body.order_id)!.id };
  }
  const refunded = async (conversion: string) => (await api.get(`/v1/conversions/${conversion}`)).body.refunded_amount;

  it('answers what it did (200), and a retry (409) reduces the rewards exactly once and sends the events', async () => {
    const { redemption, conversion } = await redeemed();
    proxy.fail(isRefundLookup);
    const first = await api.post(`/v1/redemptions/${redemption}/reverse`, {});
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'reversed', reversed_amount: 10_000 });
    expect(await refunded(conversion)).toBe(0);
    for (let i = 0; i < 2; i++) {
      const retry = await api.post(`/v1/redemptions/${redemption}/reverse`, {});
      expect(retry.body.error.code).toBe('already_reversed');
      expect(await refunded(conversion)).toBe(10_000);
    }
    await oneOf('conversion.refunded', conversion, `/v1/conversions/${conversion}`);
    expect(eventsOf('redemption.reversed', redemption)).toHaveLength(1);
  });

  it('a partial reversal retried with the same Idempotency-Key reverses once; the next one refunds both', async () => {
    const { redemption, conversion } = await redeemed();
    const key = { 'Idempotency-Key': `rev-${uid()}` };
    proxy.fail(isRefundLookup);
    expect((await api.post(`/v1/redemptions/${redemption}/reverse`, { amount: 4000 }, key)).status).toBe(200);
    expect((await api.post(`/v1/redemptions/${redemption}/reverse`, { amount: 4000 }, key)).status).toBe(200);
    expect((await api.get(`/v1/redemptions/${redemption}`)).body.reversed_amount).toBe(4000);
    expect((await api.post(`/v1/redemptions/${redemption}/reverse`, { amount: 1000 })).status).toBe(200);
    expect(await refunded(conversion)).toBe(5000);
  });
});
