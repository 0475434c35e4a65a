import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

// Its own database (VOUCH_TEST_DB): the scheduled run approves every due reward it can see.
const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
});

/** An advocate in a program whose referrer reward is store credit; a sale through their code. */
async function creditSale(value: number, program: Record<string, unknown> = {}, amount = 10_000) {
  const p = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { type: 'store_credit', value, currency: 'USD' },
      hold_days: 0,
      ...program,
    })
  ).body;
  const externalId = `cus-${uid()}`;
  const e = (await api.post(`/v1/programs/${p.id}/advocates`, { external_id: externalId })).body;
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount,
      currency: 'USD',
      code: e.code,
    })
  ).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { externalId, reward, conversionId: conversion.id as string };
}

const credit = async (externalId: string, query = '') =>
  (await api.get(`/v1/credits/${encodeURIComponent(externalId)}${query}`)).body;
const usd = async (externalId: string) =>
  (await credit(externalId)).balances.find((b: { currency: string }) => b.currency === 'USD')?.amount ?? 0;
const spend = (externalId: string, order_id: string, amount: number) =>
  api.post(`/v1/credits/${encodeURIComponent(externalId)}/spend`, { order_id, amount, currency: 'USD' });

describe('store credit', () => {
  it('credits an approved store_credit reward once: by hand twice, then the scheduled run', async () => {
    const { externalId, reward } = await creditSale(1500, { hold_days: 1 });
    expect(reward.status).toBe('pending');
    expect(await usd(externalId)).toBe(0);
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).status).toBe(200);
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).status).toBe(200);
    await suite.worker.scheduled(Date.now() + 2 * 86400_000);
    await settle(suite.bridge);
    const body = await credit(externalId);
    expect(body.balances).toEqual([{ currency: 'USD', amount: 1500 }]);
    expect(body.ledger.data).toHaveLength(1);
    expect(body.ledger.data[0]).toMatchObject({
      kind: 'grant',
      amount: 1500,
      reference: reward.id,
      balance_after: 1500,
    });
  });

  it('credits once when the scheduled run approves after the hold', async () => {
    const { externalId, reward } = await creditSale(800, { hold_days: 1 });
    await suite.worker.scheduled(Date.now() + 2 * 86400_000);
    await suite.worker.scheduled(Date.now() + 2 * 86400_000);
    await settle(suite.bridge);
    expect((await api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('approved');
    expect(await usd(externalId)).toBe(800);
    expect((await credit(externalId)).ledger.data).toHaveLength(1);
  });

  it('takes credit back on a refund and on a void, never below zero (the rest recorded as owed)', async () => {
    const { externalId, reward, conversionId } = await creditSale(1000);
    expect(reward.status).toBe('approved');
    expect(await usd(externalId)).toBe(1000);
    await api.post(`/v1/conversions/${conversionId}/refund`, { amount: 2500 });
    expect(await usd(externalId)).toBe(750);
    expect((await spend(externalId, `ord-${uid()}`, 600)).body).toMatchObject({ spent: 600, remaining: 150 });
    expect((await api.post(`/v1/rewards/${reward.id}/void`, {})).status).toBe(200);
    expect(await usd(externalId)).toBe(0);
    const [revoke] = (await credit(externalId)).ledger.data;
    expect(revoke).toMatchObject({ kind: 'revoke', amount: -150, owed: 600, balance_after: 0 });
    expect((await api.post(`/v1/rewards/${reward.id}/void`, {})).status).toBe(200);
    expect((await credit(externalId)).ledger.data).toHaveLength(4);
  });

  it('1,000 concurrent spends of one balance never overdraw it; each order answers the same on retry', async () => {
    const { externalId } = await creditSale(25_000);
    const orders = Array.from({ length: 1000 }, (_, i) => `ord-${uid()}-${i}`);
    // A checkout retries a 503 (Redis overloaded by this very burst on a loaded 2-core machine: seen in a full
    // run) with the same order id until it gets an answer; what it gets must still never overdraw.
    const answered = async (order: string) => {
      for (let attempt = 1; ; attempt++) {
        const r = await spend(externalId, order, 37);
        if (r.status !== 503 || attempt === 5) return r;
      }
    };
    const first = await Promise.all(orders.map((o) => answered(o)));
    const ok = first.filter((r) => r.status === 200);
    const other = first.filter((r) => r.status !== 200 && r.body.error?.code !== 'insufficient_credit');
    expect(other.map((r) => [r.status, r.body.error?.code])).toEqual([]);
    expect(ok.reduce((sum, r) => sum + r.body.spent, 0)).toBe(25_000);
    expect(await usd(externalId)).toBe(0);
    const again = await Promise.all(orders.map((o) => answered(o)));
    for (const [i, r] of again.entries()) {
      expect(r.status).toBe(first[i]!.status);
      if (r.status === 200) expect(r.body).toEqual(first[i]!.body);
    }
    expect((await credit(externalId, '?limit=100')).ledger.data.length).toBe(100);
  });

  it('a refund of a spend gives the credit back once; pages the ledger newest first', async () => {
    const { externalId } = await creditSale(1000);
    const order = `ord-${uid()}`;
    expect((await spend(externalId, order, 400)).body).toMatchObject({ spent: 400, remaining: 600, restored: false });
    const refund = () => api.post(`/v1/credits/${encodeURIComponent(externalId)}/spend/${order}/refund`, {});
    const [a, b] = await Promise.all([refund(), refund()]);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ spent: 400, restored: true });
    expect(await usd(externalId)).toBe(1000);
    const missing = await api.post(`/v1/credits/${encodeURIComponent(externalId)}/spend/nope/refund`, {});
    expect([missing.status, missing.body.error.code]).toEqual([404, 'spend_not_found']);
    const page1 = (await credit(externalId, '?limit=2')).ledger;
    expect(page1.data.map((e: { kind: string }) => e.kind)).toEqual(['restore', 'spend']);
    const page2 = (await credit(externalId, `?limit=2&starting_after=${page1.next_cursor}`)).ledger;
    expect([page2.data.map((e: { kind: string }) => e.kind), page2.has_more]).toEqual([['grant'], false]);
  });

  it('answers 400 to bad input and 409 to an empty balance, changing nothing', async () => {
    const { externalId } = await creditSale(500);
    const path = `/v1/credits/${encodeURIComponent(externalId)}/spend`;
    for (const body of [
      { order_id: 'o', amount: 0, currency: 'USD' },
      { order_id: 'o', amount: 10, currency: 'usd' },
      { amount: 10, currency: 'USD' },
      { order_id: 'o', amount: 10, currency: 'USD', extra: 1 },
      { order_id: 'o', amount: 1.5, currency: 'USD' },
    ])
      expect((await api.post(path, body)).status).toBe(400);
    expect((await api.get(`/v1/credits/${'x'.repeat(129)}`)).status).toBe(400);
    const empty = await spend(`nobody-${uid()}`, 'o', 10);
    expect([empty.status, empty.body.error.code]).toEqual([409, 'insufficient_credit']);
    expect(await usd(externalId)).toBe(500);
    expect((await credit(externalId)).ledger.data).toHaveLength(1);
  });

  it('keeps each merchant to its own customers', async () => {
    const { externalId } = await creditSale(700);
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    expect((await other.get(`/v1/credits/${externalId}`)).body).toMatchObject({ balances: [], ledger: { data: [] } });
    expect(
      (await other.post(`/v1/credits/${externalId}/spend`, { order_id: 'o', amount: 5, currency: 'USD' })).status,
    ).toBe(409);
    expect(await usd(externalId)).toBe(700);
  });
});
