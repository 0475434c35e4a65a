import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/schemas/webhook.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, type Receiver, startReceiver } from '../webhooks/receiver.ts';

// A database of its own: the scheduled run gathers every scheduled program it can see.
const suite = workerSuite({ private: true });
let api: ReturnType<typeof apiClient>;
let receiver: Receiver;
let hook: { url: string; path: string };
let endpointId: string;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
const DAY = 86_400_000;

beforeAll(async () => {
  receiver = await startReceiver();
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
  hook = receiver.path();
  const endpoint = await api.post('/v1/webhook_endpoints', { url: hook.url, events: [...WEBHOOK_EVENT_TYPES] });
  expect(endpoint.status).toBe(201);
  endpointId = endpoint.body.id;
});
afterAll(async () => {
  await receiver?.close();
});

type Payouts = { minimum_amount?: number; hold_days?: number; schedule?: 'manual' | 'weekly' | 'monthly' };

async function program(payouts: Payouts = {}, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/v1/programs', {
    ...PROGRAM_INPUT,
    hold_days: 0,
    payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual', ...payouts },
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** An advocate with payout details (`method`), or none (null). */
async function advocate(programId: string, method: string | null = 'manual') {
  const e = (await api.post(`/v1/programs/${programId}/advocates`, { external_id: `cus-${uid()}` })).body;
  if (method) {
    const res = await api.call('PUT', `/v1/advocates/${e.advocate.id}/payout_details`, { method });
    expect(res.status).toBe(200);
  }
  return { id: e.advocate.id as string, code: e.code as string };
}

/** A sale through the advocate's code: their approved reward (the program's hold is 0). */
async function sale(code: string, amount = 10_000) {
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount,
      currency: 'USD',
      code,
    })
  ).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { reward, conversionId: conversion.id as string };
}

const run = async (body: Record<string, unknown>) => {
  const res = await api.post('/v1/payouts', body);
  expect(res.status).toBe(200);
  return res.body;
};
const reward = async (id: string) => (await api.get(`/v1/rewards/${id}`)).body;
const balance = async (advocateId: string) =>
  (await api.get(`/v1/advocates/${advocateId}/balance`)).body.lines.find((l: { unit: string }) => l.unit === 'USD');

/** Distinct events delivered of `type` about object `id` (a redelivery counts once). */
function eventsOf(type: string, id: string): any[] {
  const byId = new Map<string, any>();
  for (const req of receiver.received(hook.path)) {
    const e = JSON.parse(req.body);
    if (e.type === type && e.data.id === id) byId.set(e.id, e);
  }
  return [...byId.values()];
}
const oneEvent = (type: string, id: string) =>
  eventually(
    async () => eventsOf(type, id),
    (got) => got.length > 0,
  );

describe('payout runs', () => {
  it('gathers per advocate with the minimum, skips those below it, without details, or on hold', async () => {
    const prog = await program({ minimum_amount: 1500 });
    const a = await advocate(prog);
    const b = await advocate(prog);
    const none = await advocate(prog, null);
    const r1 = (await sale(a.code)).reward;
    const r2 = (await sale(a.code)).reward;
    await sale(b.code);
    await sale(none.code);
    const body = await run({ program_id: prog });
    expect(body.created).toHaveLength(1);
    expect(body.created[0]).toMatchObject({
      object: 'payout',
      advocate_id: a.id,
      program_id: prog,
      provider: 'manual',
      status: 'pending',
      amount: 2000,
      currency: 'USD',
    });
    expect([...body.created[0].reward_ids].sort()).toEqual([r1.id, r2.id].sort());
    expect(body.skipped).toEqual(
      expect.arrayContaining([
        { advocate_id: b.id, currency: 'USD', amount: 1000, reason: 'below_minimum' },
        { advocate_id: none.id, currency: 'USD', amount: 1000, reason: 'no_payout_details' },
      ]),
    );
    expect((await reward(r1.id)).payout_id).toBe(body.created[0].id);
    expect((await reward(r1.id)).status).toBe('approved');
    // Nothing left to gather for a; b is paid when the minimum is ignored.
    const again = await run({ program_id: prog, ignore_minimum: true });
    expect(again.created.map((p: { advocate_id: string }) => p.advocate_id)).toEqual([b.id]);
    await oneEvent('payout.created', body.created[0].id);
  });

  it('holds rewards hold_days after approval: on_hold, shown upcoming with when they are eligible', async () => {
    const prog = await program({ hold_days: 3 });
    const a = await advocate(prog);
    await sale(a.code);
    const body = await run({ program_id: prog });
    expect(body.created).toEqual([]);
    expect(body.skipped).toEqual([{ advocate_id: a.id, currency: 'USD', amount: 1000, reason: 'on_hold' }]);
    const upcoming = (await api.get(`/v1/payouts/upcoming?program_id=${prog}`)).body.data;
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]).toMatchObject({ advocate_id: a.id, amount: 1000, payable: false, reason: 'on_hold' });
    expect(Date.parse(upcoming[0].eligible_at)).toBeGreaterThan(Date.now() + 2 * DAY);
  });

  it('mark_paid (manual) makes the payout and its rewards paid once; balances move approved -> paid', async () => {
    const prog = await program();
    const a = await advocate(prog);
    const r1 = (await sale(a.code)).reward;
    const r2 = (await sale(a.code, 20_000)).reward;
    expect(await balance(a.id)).toMatchObject({ approved: 2000, paid: 0 });
    const [payout] = (await run({ program_id: prog })).created;
    expect(await balance(a.id)).toMatchObject({ approved: 2000, paid: 0 });
    const paid = await api.post(`/v1/payouts/${payout.id}/mark_paid`, {});
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', amount: 2000 });
    expect(paid.body.paid_at).not.toBeNull();
    const twice = await api.post(`/v1/payouts/${payout.id}/mark_paid`, {});
    expect([twice.status, twice.body.status]).toEqual([200, 'paid']);
    expect(await balance(a.id)).toMatchObject({ approved: 0, paid: 2000 });
    for (const r of [r1, r2]) expect(await reward(r.id)).toMatchObject({ status: 'paid', payout_id: payout.id });
    const [event] = await oneEvent('payout.paid', payout.id);
    expect(event.data).toMatchObject({ status: 'paid' });
    await oneEvent('reward.paid', r1.id);
    await oneEvent('reward.paid', r2.id);
    const failLate = await api.post(`/v1/payouts/${payout.id}/fail`, { reason: 'too late' });
    expect([failLate.status, failLate.body.error.code]).toEqual([409, 'invalid_payout_state']);
    expect((await api.get(`/v1/payouts?advocate_id=${a.id}`)).body.data.map((p: any) => p.id)).toEqual([payout.id]);
  });

  it('a reward in a payout cannot be voided or marked paid by hand (409, says why)', async () => {
    const prog = await program();
    const a = await advocate(prog);
    const r = (await sale(a.code)).reward;
    const [payout] = (await run({ program_id: prog })).created;
    for (const action of ['void', 'mark_paid']) {
      const res = await api.post(`/v1/rewards/${r.id}/${action}`, {});
      expect([res.status, res.body.error.code]).toEqual([409, 'reward_in_payout']);
      expect(res.body.error.message).toContain(payout.id);
    }
    expect(await reward(r.id)).toMatchObject({ status: 'approved', payout_id: payout.id });
  });

  it('fail returns the rewards to approved with the reason; retry gathers them into a new payout', async () => {
    const prog = await program({ minimum_amount: 5000 });
    const a = await advocate(prog);
    const r = (await sale(a.code)).reward;
    const [payout] = (await run({ program_id: prog, ignore_minimum: true })).created;
    const early = await api.post(`/v1/payouts/${payout.id}/retry`, {});
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_payout_state']);
    const failed = await api.post(`/v1/payouts/${payout.id}/fail`, { reason: 'bank account closed' });
    expect(failed.body).toMatchObject({ status: 'failed', failure_reason: 'bank account closed' });
    const back = await reward(r.id);
    expect(back).toMatchObject({ status: 'approved', payout_id: null });
    expect(back.history.at(-1).note).toContain('bank account closed');
    expect(await balance(a.id)).toMatchObject({ approved: 1000, paid: 0 });
    const [event] = await oneEvent('payout.failed', payout.id);
    expect(event.data.failure_reason).toBe('bank account closed');
    // The retry ignores the minimum (1000 < 5000).
    const retried = await api.post(`/v1/payouts/${payout.id}/retry`, {});
    expect(retried.status).toBe(200);
    expect(retried.body.created).toHaveLength(1);
    expect(retried.body.created[0]).toMatchObject({ reward_ids: [r.id], amount: 1000, status: 'pending' });
    expect(retried.body.created[0].id).not.toBe(payout.id);
    const bad = await api.post(`/v1/payouts/${payout.id}/fail`, {});
    expect(bad.status).toBe(400);
  });

  it('a payout through a provider not connected stays pending with the reason (it may have been sent)', async () => {
    const prog = await program();
    const a = await advocate(prog, 'paypal');
    const r = (await sale(a.code)).reward;
    const [payout] = (await run({ program_id: prog })).created;
    expect(payout).toMatchObject({ provider: 'paypal', status: 'pending', failure_reason: null });
    expect(payout.history.at(-1).note).toContain('paypal is not connected');
    // Its rewards stay in it: no new run can pay them again under another payout.
    expect(await reward(r.id)).toMatchObject({ status: 'approved', payout_id: payout.id });
    expect((await run({ program_id: prog })).created).toEqual([]);
    // The scheduled run sends it again later (still not connected): still pending, one more history line.
    await suite.worker.scheduled(Date.now() + DAY);
    const again = (await api.get(`/v1/payouts/${payout.id}`)).body;
    expect(again).toMatchObject({ status: 'pending', reward_ids: [r.id] });
    expect(again.history.length).toBeGreaterThan(payout.history.length);
    const manual = await api.post(`/v1/payouts/${payout.id}/mark_paid`, {});
    expect([manual.status, manual.body.error.code]).toEqual([409, 'payout_not_manual']);
  });

  it('a payout.created lost after the run is published (same key, once) when the payout is marked paid', async () => {
    const prog = await program();
    const a = await advocate(prog);
    await sale(a.code);
    // Nobody listens to payout.created during the run: the run's publish records nothing (as if lost).
    const others = WEBHOOK_EVENT_TYPES.filter((t) => t !== 'payout.created');
    expect((await api.call('PATCH', `/v1/webhook_endpoints/${endpointId}`, { events: others })).status).toBe(200);
    const [payout] = (await run({ program_id: prog })).created;
    const all = { events: [...WEBHOOK_EVENT_TYPES] };
    expect((await api.call('PATCH', `/v1/webhook_endpoints/${endpointId}`, all)).status).toBe(200);
    expect((await api.post(`/v1/payouts/${payout.id}/mark_paid`, {})).status).toBe(200);
    await oneEvent('payout.paid', payout.id);
    expect(await oneEvent('payout.created', payout.id)).toHaveLength(1);
    expect((await api.post(`/v1/payouts/${payout.id}/mark_paid`, {})).status).toBe(200);
    await oneEvent('payout.paid', payout.id);
    expect(eventsOf('payout.created', payout.id)).toHaveLength(1);
  });

  it('a refund after payout nets against the next payout; one during a payout leaves it unchanged', async () => {
    const prog = await program();
    const a = await advocate(prog);
    const first = await sale(a.code);
    const [p1] = (await run({ program_id: prog })).created;
    await api.post(`/v1/payouts/${p1.id}/mark_paid`, {});
    // Half the first order refunded after payout: -500 carried as an approved adjustment.
    expect((await api.post(`/v1/conversions/${first.conversionId}/refund`, { amount: 5000 })).status).toBe(200);
    const second = await sale(a.code);
    const [p2] = (await run({ program_id: prog })).created;
    expect(p2.amount).toBe(500);
    expect(p2.reward_ids).toHaveLength(2);
    expect(p2.reward_ids).toContain(second.reward.id);
    // A refund of the reward now in p2 (pending): p2 still pays what it said; the share comes back later.
    expect((await api.post(`/v1/conversions/${second.conversionId}/refund`, { amount: 10_000 })).status).toBe(200);
    expect(await reward(second.reward.id)).toMatchObject({ status: 'approved', amount: 1000, payout_id: p2.id });
    const paid = (await api.post(`/v1/payouts/${p2.id}/mark_paid`, {})).body;
    expect(paid).toMatchObject({ status: 'paid', amount: 500 });
    expect(await balance(a.id)).toMatchObject({ approved: -1000, paid: 1500 });
    const next = await run({ program_id: prog, ignore_minimum: true });
    expect(next.created).toEqual([]);
    expect(next.skipped).toEqual([{ advocate_id: a.id, currency: 'USD', amount: -1000, reason: 'not_positive' }]);
  });
});

describe('scheduled payouts', () => {
  it('a weekly program gathers once in the next period, however many runs overlap', async () => {
    const prog = await program({ schedule: 'weekly' });
    const a = await advocate(prog);
    await sale(a.code);
    await suite.worker.scheduled(Date.now());
    expect((await api.get(`/v1/payouts?advocate_id=${a.id}`)).body.data).toEqual([]);
    const nextWeek = Date.now() + 8 * DAY;
    await Promise.all([suite.worker.scheduled(nextWeek), suite.worker.scheduled(nextWeek)]);
    await sale(a.code);
    await suite.worker.scheduled(nextWeek + 60_000);
    const list = (await api.get(`/v1/payouts?advocate_id=${a.id}`)).body.data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ amount: 1000, status: 'pending' });
  });

  it('a program moved from monthly to weekly starts with next week, not within this one', async () => {
    const prog = await program({ schedule: 'monthly' });
    const a = await advocate(prog);
    await sale(a.code);
    const patch = { payouts: { minimum_amount: 0, hold_days: 0, schedule: 'weekly' } };
    expect((await api.call('PATCH', `/v1/programs/${prog}`, patch)).status).toBe(200);
    await suite.worker.scheduled(Date.now());
    expect((await api.get(`/v1/payouts?advocate_id=${a.id}`)).body.data).toEqual([]);
    await suite.worker.scheduled(Date.now() + 8 * DAY);
    expect((await api.get(`/v1/payouts?advocate_id=${a.id}`)).body.data).toHaveLength(1);
  });
});
