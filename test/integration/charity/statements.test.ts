import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../worker/storage/client.ts';
import { hashFields } from '../../../worker/storage/hash-reply.ts';
import { CHARITY_COUNT } from '../../../worker/storage/lua/index.ts';
import { runScript } from '../../../worker/storage/lua.ts';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, type Receiver, startReceiver } from '../webhooks/receiver.ts';

// A redis-server of its own: the scheduled run works on queues every merchant shares (due statements).
const suite = workerSuite({ private: true });
let api: ReturnType<typeof apiClient>;
let sk: string;
let merchantId: string;
let receiver: Receiver;
let hook: { url: string; path: string };
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
// Rewards are approved now, so they count in this month (UTC); the statement goes out on the 1st of the next.
const MONTH = new Date().toISOString().slice(0, 7);
const NEXT_FIRST = Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)), 1, 0, 5);

beforeAll(async () => {
  receiver = await startReceiver();
  ({ sk, id: merchantId } = await createTestMerchant(suite.worker));
  api = apiClient(suite.worker, sk);
  hook = receiver.path();
  const events = ['charity.statement', 'reward.paid'];
  expect((await api.post('/v1/webhook_endpoints', { url: hook.url, events })).status).toBe(201);
});
afterAll(() => receiver?.close());

async function charityProgram(charity_name: string, value = 700, program: Record<string, unknown> = {}) {
  const body = {
    ...PROGRAM_INPUT,
    referrer_reward: { type: 'charity_donation', value, currency: 'EUR', charity_name },
    hold_days: 0,
    ...program,
  };
  return (await api.post('/v1/programs', body)).body.id as string;
}

/** A sale of 100.00 EUR through a new advocate of the program: its conversion and the advocate's reward. */
async function sale(programId: string) {
  const e = (await api.post(`/v1/programs/${programId}/advocates`, { external_id: `cus-${uid()}` })).body;
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'EUR',
      code: e.code,
    })
  ).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { reward, conversionId: conversion.id as string };
}

const statement = async (month = MONTH) => (await api.get(`/v1/charity/statements/${month}`)).body;
const lineOf = async (programId: string) =>
  (await statement()).lines.filter((l: { program_id: string }) => l.program_id === programId);

function eventsOf(type: string): any[] {
  return receiver
    .received(hook.path)
    .map((r) => JSON.parse(r.body))
    .filter((e) => e.type === type);
}

describe('charity statements', () => {
  it('counts approved donations once per reward; a refund or void takes back from the month counted in', async () => {
    const ocean = await charityProgram('Ocean Cleanup');
    const [a, b, c] = [await sale(ocean), await sale(ocean), await sale(ocean)];
    expect(a.reward).toMatchObject({ type: 'charity_donation', status: 'approved', amount: 700 });
    expect(await lineOf(ocean)).toEqual([
      { program_id: ocean, charity_name: 'Ocean Cleanup', currency: 'EUR', amount: 2100, rewards: 3 },
    ]);
    // A quarter refunded: 700 -> 525. Voided: out of the line (amount and count). Again: nothing more.
    await api.post(`/v1/conversions/${b.conversionId}/refund`, { amount: 2500 });
    expect((await api.post(`/v1/rewards/${c.reward.id}/void`, {})).status).toBe(200);
    expect((await api.post(`/v1/rewards/${c.reward.id}/void`, {})).status).toBe(200);
    expect(await lineOf(ocean)).toEqual([
      { program_id: ocean, charity_name: 'Ocean Cleanup', currency: 'EUR', amount: 1225, rewards: 2 },
    ]);
  });

  it('counts a held-back reward only once approved (by hand twice, then by the scheduled run)', async () => {
    const trees = await charityProgram('Trees for All', 300, { hold_days: 1 });
    const { reward } = await sale(trees);
    expect(reward.status).toBe('pending');
    expect(await lineOf(trees)).toEqual([]);
    await Promise.all([
      api.post(`/v1/rewards/${reward.id}/approve`, {}),
      api.post(`/v1/rewards/${reward.id}/approve`, {}),
    ]);
    await suite.worker.scheduled(Date.now() + 2 * 86400_000);
    await settle(suite.bridge);
    expect(await lineOf(trees)).toEqual([
      { program_id: trees, charity_name: 'Trees for All', currency: 'EUR', amount: 300, rewards: 1 },
    ]);
  });

  it('stores lines by a versioned codec and still reads the JSON-array lines first stored, as one line', async () => {
    const legacy = await charityProgram('Legacy Fund', 700, { hold_days: 1 });
    const [a, b] = [await sale(legacy), await sale(legacy)];
    const { url, token } = suite.bridge.server;
    const redis = createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token });
    const t = { mode: 'test' as const, merchantId };
    const keys = [
      redisKeys.charityCounted(t),
      redisKeys.charityMonth(t, MONTH),
      redisKeys.charityMonthRewards(t, MONTH),
      redisKeys.charityStatementsDue(MONTH),
    ] as [string, string, string, string];
    // b counted by the first Worker of issue 16, under its line as a JSON array.
    const oldLine = JSON.stringify([legacy, 'EUR', 'Legacy Fund']);
    await runScript(redis, CHARITY_COUNT, keys, [b.reward.id, 700, oldLine, `test:${merchantId}`]);
    for (const r of [a, b]) expect((await api.post(`/v1/rewards/${r.reward.id}/approve`, {})).status).toBe(200);
    const line = { program_id: legacy, charity_name: 'Legacy Fund', currency: 'EUR' };
    expect(await lineOf(legacy)).toEqual([{ ...line, amount: 1400, rewards: 2 }]);
    const fields = Object.keys(hashFields(await redis.hgetall(keys[1]))).filter((f) => f.includes(legacy));
    const newLine = JSON.stringify({ v: 2, program_id: legacy, currency: 'EUR', charity_name: 'Legacy Fund' });
    expect(fields.sort()).toEqual([`a:${oldLine}`, `a:${newLine}`, `n:${oldLine}`, `n:${newLine}`].sort());
    // b's void takes back from the field it was counted under.
    expect((await api.post(`/v1/rewards/${b.reward.id}/void`, {})).status).toBe(200);
    expect(await lineOf(legacy)).toEqual([{ ...line, amount: 700, rewards: 1 }]);
    expect(hashFields(await redis.hgetall(keys[1]))[`a:${oldLine}`]).toBe('0');
  });

  it('answers the statement as CSV (.csv), one row per line', async () => {
    const quoted = await charityProgram('=Médecins, "Sans" Frontières', 450);
    await sale(quoted);
    const res = await suite.worker.fetch(`/v1/charity/statements/${MONTH}.csv`, {
      headers: { Authorization: `Bearer ${sk}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const rows = (await res.text()).split('\r\n');
    expect(rows[0]).toBe('month,program_id,charity_name,currency,amount,rewards');
    expect(rows).toContain(`${MONTH},${quoted},"'=Médecins, ""Sans"" Frontières",EUR,450,1`);
    expect(rows.at(-1)).toBe('');
    expect(rows.length - 2).toBe((await statement()).lines.length);
  });

  it('settles a month: its approved donations become paid (reward.paid each), settled_at once', async () => {
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    const otherProgram = (
      await other.post('/v1/programs', {
        ...PROGRAM_INPUT,
        referrer_reward: { type: 'charity_donation', value: 900, currency: 'EUR', charity_name: 'Elsewhere' },
        hold_days: 0,
      })
    ).body.id;
    const water = await charityProgram('Water.org', 500);
    const [a, b] = [await sale(water), await sale(water)];
    await api.post(`/v1/rewards/${b.reward.id}/void`, {});
    const key = { 'Idempotency-Key': `settle-${uid()}` };
    const [first, retried] = await Promise.all([
      api.post(`/v1/charity/statements/${MONTH}/settle`, {}, key),
      api.post(`/v1/charity/statements/${MONTH}/settle`, {}),
    ]);
    expect([first.status, retried.status]).toEqual([200, 200]);
    expect(first.body.settled_at).toEqual(expect.any(String));
    expect(retried.body.settled_at).toBe(first.body.settled_at);
    expect((await api.get(`/v1/rewards/${a.reward.id}`)).body.status).toBe('paid');
    expect((await api.get(`/v1/rewards/${b.reward.id}`)).body.status).toBe('voided');
    const again = await api.post(`/v1/charity/statements/${MONTH}/settle`, {});
    expect(again.body.settled_at).toBe(first.body.settled_at);
    expect((await statement()).settled_at).toBe(first.body.settled_at);
    const paid = await eventually(
      async () => eventsOf('reward.paid').filter((e) => e.data.id === a.reward.id),
      (got) => got.length > 0,
    );
    await settle(suite.bridge);
    expect(eventsOf('reward.paid').filter((e) => e.data.id === a.reward.id)).toHaveLength(1);
    expect(paid[0].data.status).toBe('paid');
    // Another merchant's month is its own: unsettled, its line only.
    const theirs = (await other.get(`/v1/charity/statements/${MONTH}`)).body;
    expect(theirs).toMatchObject({ settled_at: null, lines: [] });
    await other.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'EUR',
      code: (await other.post(`/v1/programs/${otherProgram}/advocates`, { external_id: `c-${uid()}` })).body.code,
    });
    expect((await other.get(`/v1/charity/statements/${MONTH}`)).body.lines).toEqual([
      { program_id: otherProgram, charity_name: 'Elsewhere', currency: 'EUR', amount: 900, rewards: 1 },
    ]);
    expect(await lineOf(otherProgram)).toEqual([]);
  });

  it('answers 400 to a bad month and 409 to settling a month not started, changing nothing', async () => {
    for (const month of ['2026-13', '2026-1', 'abc', '2026-11.json', '2026-00.csv'])
      expect((await api.get(`/v1/charity/statements/${month}`)).status).toBe(400);
    expect((await api.post('/v1/charity/statements/26-11/settle', {})).status).toBe(400);
    const future = await api.post('/v1/charity/statements/2999-01/settle', {});
    expect([future.status, future.body.error.code]).toEqual([409, 'month_not_started']);
    expect(await statement('2999-01')).toMatchObject({ lines: [], settled_at: null });
    expect((await api.get('/v1/charity/statements/2020-01')).body).toMatchObject({ lines: [], settled_at: null });
  });

  it('sends last month\u2019s statement on the 1st, once, whatever the runs overlap; not on other days', async () => {
    await suite.worker.scheduled(NEXT_FIRST + 86400_000);
    await settle(suite.bridge);
    expect(eventsOf('charity.statement')).toEqual([]);
    await Promise.all([suite.worker.scheduled(NEXT_FIRST), suite.worker.scheduled(NEXT_FIRST)]);
    await suite.worker.scheduled(NEXT_FIRST + 60_000);
    const [event] = await eventually(
      async () => eventsOf('charity.statement'),
      (got) => got.length > 0,
    );
    await settle(suite.bridge);
    expect(eventsOf('charity.statement')).toHaveLength(1);
    const now = await statement();
    expect(event.data).toMatchObject({ object: 'charity_statement', month: MONTH, settled_at: now.settled_at });
    expect(event.data.lines).toEqual(now.lines);
  });
});
