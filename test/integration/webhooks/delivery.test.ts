import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, type Received, type Receiver, startReceiver } from './receiver.ts';

// A database of its own: the delivery queue is one global key, and these tests drain it through
// the Worker's real scheduled handler with runs set in the future.
const suite = workerSuite({ db: 12 });
let receiver: Receiver;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

/** A fresh merchant with a code to redeem, so every test sees only its own endpoints. */
async function shop() {
  const m = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, m.sk);
  const program = (await api.post('/v1/programs', { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: false } }))
    .body;
  const { code } = (
    await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}`, code: `W${uid()}` })
  ).body;
  const redeem = async () => {
    const res = await api.post('/v1/redemptions', {
      code,
      order_id: `ord-${uid()}`,
      customer: { external_id: `c-${uid()}` },
      order: { amount: 5000, currency: 'USD' },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const hook = async (events: string[], answers: Parameters<Receiver['path']>[0] = []) => {
    const target = receiver.path(answers);
    const res = await api.post('/v1/webhook_endpoints', { url: target.url, events });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, secret: res.body.secret as string, path: target.path };
  };
  const log = (endpointId: string) => api.get(`/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`);
  const logOf = (endpointId: string, count: number) =>
    eventually(
      () => log(endpointId),
      (r) => r.body.data.length >= count,
    ).then((r) => r.body.data as any[]);
  return { api, redeem, hook, log, logOf };
}

function signed(req: Received) {
  return {
    'webhook-id': String(req.headers['webhook-id']),
    'webhook-timestamp': String(req.headers['webhook-timestamp']),
    'webhook-signature': String(req.headers['webhook-signature']),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('webhook deliveries', () => {
  it('signs the envelope so the standardwebhooks library verifies it; a tampered body fails', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created']);
    const redemption = await s.redeem();
    const [req] = await receiver.waitFor(endpoint.path, 1);
    const headers = signed(req!);
    expect(headers['webhook-id']).toMatch(/^evt_[0-9A-Z]{26}$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(req!.headers['content-type']).toBe('application/json');

    const event = new Webhook(endpoint.secret).verify(req!.body, headers);
    expect(event).toEqual({
      id: headers['webhook-id'],
      type: 'redemption.created',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: redemption,
    });
    expect(Object.keys(JSON.parse(req!.body))).toEqual(['id', 'type', 'created_at', 'data']);

    const tampered = req!.body.replace('"redemption.created"', '"redemption.reversed"');
    expect(tampered).not.toBe(req!.body);
    expect(() => new Webhook(endpoint.secret).verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(endpoint.secret).verify(req!.body, { ...headers, 'webhook-id': 'evt_other' })).toThrow(
      WebhookVerificationError,
    );
    const other = await s.hook(['reward.paid']);
    expect(() => new Webhook(other.secret).verify(req!.body, headers)).toThrow(WebhookVerificationError);

    const [attempt] = await s.logOf(endpoint.id, 1);
    expect(attempt).toEqual({
      object: 'webhook_delivery_attempt',
      delivery_id: headers['webhook-id'],
      event_id: headers['webhook-id'],
      event_type: 'redemption.created',
      attempt: 1,
      trigger: 'automatic',
      outcome: 'succeeded',
      response_status: 200,
      error: null,
      duration_ms: expect.any(Number),
      attempted_at: expect.any(String),
      next_attempt_at: null,
    });
  });

  it('retries a 500 on the schedule, driven by the scheduled handler, until it succeeds', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created'], [500]);
    await s.redeem();
    await receiver.waitFor(endpoint.path, 1);
    const [first] = await s.logOf(endpoint.id, 1);
    expect(first).toMatchObject({ attempt: 1, outcome: 'retry_scheduled', response_status: 500, error: 'http_error' });
    // 5 s scaled by WEBHOOK_RETRY_SCALE=0.001.
    const wait = Date.parse(first.next_attempt_at) - Date.parse(first.attempted_at);
    expect(wait).toBeGreaterThanOrEqual(5);
    expect(wait).toBeLessThan(1000);

    await suite.worker.scheduled(Date.now() + 1000);
    const [a, b] = await receiver.waitFor(endpoint.path, 2);
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id']);
    expect(new Webhook(endpoint.secret).verify(b!.body, signed(b!))).toMatchObject({ id: a!.headers['webhook-id'] });
    const log = await s.logOf(endpoint.id, 2);
    expect(log.map((x) => [x.attempt, x.outcome])).toEqual([
      [2, 'succeeded'],
      [1, 'retry_scheduled'],
    ]);

    // Done: later runs send nothing more.
    await suite.worker.scheduled(Date.now() + 86_400_000);
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(2);
  });

  it('gives up after 10 attempts spaced 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (scaled)', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created'], Array(20).fill(503));
    await s.redeem();
    await receiver.waitFor(endpoint.path, 1);
    await s.logOf(endpoint.id, 1);
    for (let i = 2; i <= 10; i++) {
      await suite.worker.scheduled(Date.now() + 100_000);
      await receiver.waitFor(endpoint.path, i);
    }
    await suite.worker.scheduled(Date.now() + 100_000);
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(10);
    const log = (await s.logOf(endpoint.id, 10)).reverse();
    expect(log.map((x) => x.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log.map((x) => x.outcome)).toEqual([...Array(9).fill('retry_scheduled'), 'gave_up']);
    expect(log[9].next_attempt_at).toBeNull();
    const waits = log.slice(0, 9).map((x) => Date.parse(x.next_attempt_at) - Date.parse(x.attempted_at));
    const expected = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
    waits.forEach((w, i) => {
      expect(Math.abs(w - expected[i]!), `wait ${i}`).toBeLessThan(100);
    });
    expect(new Set(receiver.received(endpoint.path).map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('never sends the same attempt twice from concurrent scheduled runs', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created'], Array(6).fill(500));
    for (let i = 0; i < 6; i++) await s.redeem();
    await receiver.waitFor(endpoint.path, 6);
    await s.logOf(endpoint.id, 6);
    const at = Date.now() + 1000;
    await Promise.all([
      suite.worker.scheduled(at),
      suite.worker.scheduled(at),
      suite.worker.scheduled(at),
      suite.worker.scheduled(at),
    ]);
    await receiver.waitFor(endpoint.path, 12);
    await settle();
    const perEvent = new Map<string, number>();
    for (const r of receiver.received(endpoint.path))
      perEvent.set(String(r.headers['webhook-id']), (perEvent.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...perEvent.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('disables the endpoint when the receiver answers 410 Gone', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created'], [410]);
    await s.redeem();
    const [attempt] = await s.logOf(endpoint.id, 1);
    expect(attempt).toMatchObject({ outcome: 'endpoint_disabled', response_status: 410, next_attempt_at: null });
    const got = await eventually(
      () => s.api.get(`/v1/webhook_endpoints/${endpoint.id}`),
      (r) => r.body.status === 'disabled',
    );
    expect(got.body.disabled_reason).toBe('receiver_gone');
    await s.redeem();
    await suite.worker.scheduled(Date.now() + 86_400_000);
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(1);
    const resend = await s.api.post(`/v1/webhook_endpoints/${endpoint.id}/deliveries/${attempt.event_id}/resend`);
    expect(resend.status).toBe(409);
    expect(resend.body.error.code).toBe('endpoint_disabled');
    const enabled = await s.api.patch(`/v1/webhook_endpoints/${endpoint.id}`, { status: 'enabled' });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabled_reason: null });
  });

  it('does not follow a redirect: a 302 is a failed attempt', async () => {
    const s = await shop();
    const elsewhere = receiver.path();
    const endpoint = await s.hook(['redemption.created'], [{ status: 302, headers: { Location: elsewhere.url } }]);
    await s.redeem();
    const [attempt] = await s.logOf(endpoint.id, 1);
    expect(attempt).toMatchObject({ outcome: 'retry_scheduled', response_status: 302, error: 'redirect_not_followed' });
    await settle();
    expect(receiver.received(elsewhere.path)).toHaveLength(0);
    // Deleting the endpoint drops its pending retry.
    expect((await s.api.call('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(200);
    await suite.worker.scheduled(Date.now() + 86_400_000);
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(1);
  });

  it('resends a delivery on request, as a new manual attempt', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created']);
    await s.redeem();
    const [first] = await receiver.waitFor(endpoint.path, 1);
    const eventId = String(first!.headers['webhook-id']);
    await s.logOf(endpoint.id, 1);
    const res = await s.api.post(`/v1/webhook_endpoints/${endpoint.id}/deliveries/${eventId}/resend`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: eventId,
      object: 'webhook_delivery',
      endpoint_id: endpoint.id,
      event_type: 'redemption.created',
      status: 'succeeded',
      attempts: 1,
      next_attempt_at: null,
    });
    const [, again] = await receiver.waitFor(endpoint.path, 2);
    expect(new Webhook(endpoint.secret).verify(again!.body, signed(again!))).toMatchObject({
      id: eventId,
      type: 'redemption.created',
    });
    const log = await s.logOf(endpoint.id, 2);
    expect(log[0]).toMatchObject({ attempt: 2, trigger: 'manual', outcome: 'succeeded', event_id: eventId });

    const other = await s.hook(['reward.paid']);
    for (const [we, evt] of [
      [endpoint.id, 'evt_00000000000000000000000000'],
      [endpoint.id, 'nope'],
      [other.id, eventId],
    ]) {
      expect((await s.api.post(`/v1/webhook_endpoints/${we}/deliveries/${evt}/resend`)).status, `${we} ${evt}`).toBe(
        404,
      );
    }
  });

  it('sends only subscribed types, only to the same merchant, once per occurrence', async () => {
    const a = await shop();
    const b = await shop();
    const created = await a.hook(['redemption.created']);
    const reversed = await a.hook(['redemption.reversed']);
    const disabled = await a.hook(['redemption.created', 'redemption.reversed']);
    await a.api.patch(`/v1/webhook_endpoints/${disabled.id}`, { status: 'disabled' });
    const theirs = await b.hook(['redemption.created', 'redemption.reversed']);

    const redemption = await a.redeem();
    const [c1] = await receiver.waitFor(created.path, 1);
    expect(JSON.parse(c1!.body)).toMatchObject({ type: 'redemption.created', data: { id: redemption.id } });
    expect((await a.api.post(`/v1/redemptions/${redemption.id}/reverse`, { amount: 1000 })).status).toBe(200);
    const [r1] = await receiver.waitFor(reversed.path, 1);
    expect(JSON.parse(r1!.body)).toMatchObject({
      type: 'redemption.reversed',
      data: { id: redemption.id, reversed_amount: 1000, status: 'partially_reversed' },
    });
    // The same redemption reversed further is another occurrence.
    await a.api.post(`/v1/redemptions/${redemption.id}/reverse`, {});
    const [, r2] = await receiver.waitFor(reversed.path, 2);
    expect(JSON.parse(r2!.body)).toMatchObject({ data: { reversed_amount: 5000, status: 'reversed' } });

    await settle();
    expect(receiver.received(created.path)).toHaveLength(1);
    expect(receiver.received(reversed.path)).toHaveLength(2);
    expect(receiver.received(disabled.path)).toHaveLength(0);
    expect(receiver.received(theirs.path)).toHaveLength(0);
    expect((await b.log(theirs.id)).body.data).toEqual([]);

    await b.redeem();
    await receiver.waitFor(theirs.path, 1);
    await settle();
    expect(receiver.received(created.path)).toHaveLength(1);
  });

  it('sends one event when the same order is redeemed concurrently', async () => {
    const s = await shop();
    const endpoint = await s.hook(['redemption.created']);
    const program = (await s.api.post('/v1/programs', PROGRAM_INPUT)).body;
    const { code } = (
      await s.api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}`, code: `D${uid()}` })
    ).body;
    const body = {
      code,
      order_id: `ord-${uid()}`,
      customer: { external_id: `c-${uid()}` },
      order: { amount: 5000, currency: 'USD' },
    };
    const results = await Promise.all(Array.from({ length: 8 }, () => s.api.post('/v1/redemptions', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    await receiver.waitFor(endpoint.path, 1);
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(1);
  });
});

describe('events of the referral lifecycle', () => {
  it('delivers referral, conversion, reward, tier, fraud and payout events, each once, signed', async () => {
    const s = await shop();
    const types = [
      'referral.created',
      'conversion.created',
      'reward.created',
      'reward.approved',
      'reward.paid',
      'reward.voided',
      'advocate.tier_changed',
      'fraud.held',
      'redemption.created',
      'redemption.reversed',
    ];
    const endpoint = await s.hook(types);
    const program = (
      await s.api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        hold_days: 0,
        reward_tiers: [
          { from_conversions: 1, label: 'Star', reward: { type: 'fixed_amount', value: 1500, currency: 'USD' } },
        ],
      })
    ).body;
    const { code } = (await s.api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
    const sale = (email: string) =>
      s.api.post('/v1/conversions', {
        type: 'sale',
        order_id: `ord-${uid()}`,
        customer: { external_id: `c-${uid()}`, email },
        amount: 5000,
        currency: 'USD',
        code,
      });
    const clean = (await sale('friend@example.com')).body;
    const held = (await sale('someone@mailinator.com')).body;
    const reward = clean.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
    await s.api.post(`/v1/rewards/${reward.id}/mark_paid`, {});
    await s.api.post(`/v1/conversions/${held.id}/review`, { decision: 'reject' });

    // 2 conversions x (referral, conversion, 2 rewards) + 2 approved (hold_days 0: born approved) + tier + fraud.held
    // + paid + 2 voided by the rejection.
    const got = await receiver.waitFor(endpoint.path, 15);
    const events = got.map(
      (req) => new Webhook(endpoint.secret).verify(req.body, signed(req)) as { id: string; type: string; data: any },
    );
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('referral.created')).toBe(2);
    expect(count('conversion.created')).toBe(2);
    expect(count('reward.created')).toBe(4);
    expect(count('reward.approved')).toBe(2);
    expect(count('advocate.tier_changed')).toBe(1);
    expect(events.find((e) => e.type === 'advocate.tier_changed')!.data).toMatchObject({
      from_tier: null,
      to_tier: 'Star',
      conversion_id: clean.id,
    });
    expect(events.find((e) => e.type === 'fraud.held')!.data).toMatchObject({
      conversion_id: held.id,
      risk: { decision: 'hold' },
    });
    expect(events.find((e) => e.type === 'reward.paid')!.data).toMatchObject({ id: reward.id, status: 'paid' });
    expect(count('reward.voided')).toBe(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    // The same order reported again publishes nothing new.
    await s.api.post('/v1/conversions', {
      type: 'sale',
      order_id: clean.order_id,
      customer: { external_id: clean.customer_external_id },
      amount: 5000,
      currency: 'USD',
      code,
    });
    await settle();
    expect(receiver.received(endpoint.path)).toHaveLength(15);
  });
});
