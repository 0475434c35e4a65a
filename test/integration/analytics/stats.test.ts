import { beforeAll, describe, expect, it } from 'vitest';
import { rawEventKeys } from '../../../worker/storage/raw-event-keys.ts';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { BROWSER_UA, settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

// A database of its own: the exact figures below must not move under another suite's scheduled
// run (which approves every due reward it sees).
const suite = workerSuite({ db: 5 });
const ORIGIN = 'https://shop.example';
const DAY = 86400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

let m: TestMerchant;
let api: ReturnType<typeof apiClient>;
let programId: string;
const alice = { id: '', code: '', external: 'ext-alice' };
const bob = { id: '', code: '', external: 'ext-bob' };

async function hit(code: string, who: ReturnType<typeof visitor>, init: { method?: string } = {}) {
  const res = await suite.worker.fetch(`/r/${code}`, {
    method: init.method ?? 'GET',
    headers: who.headers(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  who.remember(res);
  await settle(suite.bridge);
  return new URL(res.headers.get('location')!).searchParams.get('vouch_click');
}

const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

/**
 * The seeded scenario, all today (UTC). Clicks: Alice 3 visitors + a duplicate + a bot; Bob 2
 * visitors (one of them also clicked Alice's link: 4 distinct visitors) + a HEAD probe. Conversions: S1 (Alice's
 * click, 100.00 USD, reported twice, refunded 40.00), S2 (Alice's code, 200.00 EUR), a signup
 * (Bob), S3 (Bob, 50.00 USD, held for a disposable email, approved in review), S4 (Bob buying
 * from himself: rejected), S5 (Alice's code redeemed at checkout, 50.00 USD, reversed 20.00),
 * S6 (nobody to credit, reported twice). Rewards: fixed 10.00 USD to the advocate, 15% to the friend.
 */
beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_origins: [ORIGIN], allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
  programId = (await ok(api.post('/v1/programs', { ...PROGRAM_INPUT, hold_days: 30 }), 201)).id;
  for (const [who, name] of [
    [alice, 'Alice Liddell'],
    [bob, 'Bob Stone'],
  ] as const) {
    const e = await ok(
      api.post(`/v1/programs/${programId}/advocates`, {
        external_id: who.external,
        name,
        email: `${who.external}@example.com`,
      }),
      201,
    );
    who.id = e.advocate.id;
    who.code = e.code;
  }

  const events = [
    ...Array.from({ length: 10 }, () => ({ type: 'impression', program_id: programId })),
    ...Array.from({ length: 4 }, () => ({ type: 'open', program_id: programId })),
    { type: 'share', program_id: programId, channel: 'whatsapp' },
    { type: 'share', program_id: programId, channel: 'email' },
    { type: 'copy', program_id: programId, channel: 'copy' },
  ];
  // A person's browser: a beacon without a user agent is filtered as a bot's.
  const headers = { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, 'User-Agent': BROWSER_UA };
  const beacon = await suite.worker.fetch(`/v1/public/events?key=${m.pk}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ events }),
  });
  expect(beacon.status).toBe(202);
  await settle(suite.bridge);

  await hit(alice.code, visitor('10.80.0.1'));
  const s1Click = await hit(alice.code, visitor('10.80.0.2'));
  await hit(alice.code, visitor('10.80.0.3'));
  await hit(alice.code, visitor('10.80.0.1')); // same person, no cookie: a duplicate
  await hit(
    alice.code,
    visitor('10.80.0.9', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
  );
  await hit(bob.code, visitor('10.80.0.1'));
  await hit(bob.code, visitor('10.80.0.4'));
  await hit(bob.code, visitor('10.80.0.5'), { method: 'HEAD' });

  const s1 = {
    type: 'sale',
    order_id: 'S1',
    customer: { external_id: 'c1' },
    amount: 10_000,
    currency: 'USD',
    click_id: s1Click,
    occurred_at: new Date(Date.now() + 60_000).toISOString(),
  };
  const first = await ok(api.post('/v1/conversions', s1), 201);
  expect((await ok(api.post('/v1/conversions', s1))).id).toBe(first.id); // a retry counts nothing
  const s2 = await ok(
    api.post('/v1/conversions', {
      type: 'sale',
      order_id: 'S2',
      customer: { external_id: 'c2' },
      amount: 20_000,
      currency: 'EUR',
      code: alice.code,
    }),
    201,
  );
  await ok(api.post('/v1/conversions', { type: 'signup', customer: { external_id: 'c3' }, code: bob.code }), 201);
  const s3 = await ok(
    api.post('/v1/conversions', {
      type: 'sale',
      order_id: 'S3',
      customer: { external_id: 'c4', email: 'buyer@mailinator.com' },
      amount: 5_000,
      currency: 'USD',
      code: bob.code,
    }),
    201,
  );
  expect(s3.status).toBe('held');
  const s4 = await ok(
    api.post('/v1/conversions', {
      type: 'sale',
      order_id: 'S4',
      customer: { external_id: bob.external },
      amount: 7_000,
      currency: 'USD',
      code: bob.code,
    }),
    201,
  );
  expect(s4.status).toBe('rejected');
  for (let i = 0; i < 2; i++)
    expect(
      (
        await ok(
          api.post('/v1/conversions', {
            type: 'sale',
            order_id: 'S6',
            customer: { external_id: 'c6' },
            amount: 9_000,
            currency: 'USD',
          }),
        )
      ).attributed,
    ).toBe(false);

  await ok(api.post(`/v1/conversions/${first.id}/refund`, { amount: 4_000 }));
  await ok(api.post(`/v1/conversions/${s3.id}/review`, { decision: 'approve' }));
  const rewardOf = (c: any, recipient: string) => c.rewards.find((r: any) => r.recipient === recipient).id as string;
  await ok(api.post(`/v1/rewards/${rewardOf(s2, 'advocate')}/approve`));
  await ok(api.post(`/v1/rewards/${rewardOf(s2, 'friend')}/void`));
  await ok(api.post(`/v1/rewards/${rewardOf(s3, 'advocate')}/approve`));
  await ok(api.post(`/v1/rewards/${rewardOf(s3, 'advocate')}/mark_paid`));

  const redemption = await ok(
    api.post('/v1/redemptions', {
      code: alice.code,
      order_id: 'S5',
      customer: { external_id: 'c5' },
      order: { amount: 5_000, currency: 'USD' },
    }),
    201,
  );
  await ok(api.post(`/v1/redemptions/${redemption.id}/reverse`, { amount: 2_000 }));
  await settle(suite.bridge);
}, 60_000);

const stats = (scope: string, query = '') => api.get(`${scope}/stats${query ? `?${query}` : ''}`);

const ZERO_REWARDS = {
  pending: { count: 0, amount: {} },
  held: { count: 0, amount: {} },
  approved: { count: 0, amount: {} },
  paid: { count: 0, amount: {} },
  voided: { count: 0, amount: {} },
};

// Recurring commissions are counted apart (renewals): this scenario has none.
const NO_RENEWALS = { renewals: 0, revenue: {}, refunds: 0, refunded_revenue: {}, rewards: { count: 0, amount: {} } };

const PROGRAM_TOTALS = {
  widget: {
    impressions: 10,
    opens: 4,
    copies: 1,
    shares: 2,
    shares_by_channel: { whatsapp: 1, email: 1 },
    filtered_by_reason: {},
  },
  clicks: 5,
  filtered_clicks: 3,
  filtered_by_reason: { bot: 1, duplicate: 1, head_request: 1 },
  signups: 1,
  conversions: 4,
  code_only_conversions: 4, // S2, the signup, S3 and S5: a code, no click
  rejected_conversions: 1,
  orders_reported: 6,
  referred_orders_by_currency: { USD: 3, EUR: 1 },
  referred_revenue: { USD: 14_000, EUR: 20_000 },
  refunds: 2,
  refunded_revenue: { USD: 6_000 },
  new_referred_customers: 5,
  rewards: {
    ...ZERO_REWARDS,
    pending: { count: 4, amount: { USD: 600 + 900 + 750 + 600 } },
    approved: { count: 1, amount: { USD: 1_000 } },
    paid: { count: 2, amount: { USD: 1_750 } },
    voided: { count: 1, amount: { EUR: 3_000 } },
  },
  reward_cost: { USD: 1_000 + 1_750 - 300 },
  redemptions: 1,
  reversals: 1,
  recurring: NO_RENEWALS,
};

const ALICE_TOTALS = {
  widget: null,
  clicks: 3,
  filtered_clicks: 2,
  filtered_by_reason: { bot: 1, duplicate: 1 },
  signups: 0,
  conversions: 3,
  code_only_conversions: 2, // S2 and S5
  rejected_conversions: 0,
  orders_reported: null,
  referred_orders_by_currency: { USD: 2, EUR: 1 },
  referred_revenue: { USD: 9_000, EUR: 20_000 },
  refunds: 2,
  refunded_revenue: { USD: 6_000 },
  new_referred_customers: 3,
  rewards: {
    ...ZERO_REWARDS,
    pending: { count: 3, amount: { USD: 2_100 } },
    approved: { count: 1, amount: { USD: 1_000 } },
    paid: { count: 1, amount: { USD: 750 } },
    voided: { count: 1, amount: { EUR: 3_000 } },
  },
  reward_cost: { USD: 1_450 },
  redemptions: 1,
  reversals: 1,
  recurring: NO_RENEWALS,
};

// HyperLogLog: exact in its sparse form at these sizes; 2% allowed anyway (0.81% standard error).
const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.floor(expected * 0.02));

describe('GET /v1/programs/{id}/stats', () => {
  it('counts every figure of the seeded funnel exactly (uniques within HyperLogLog error)', async () => {
    const body = await ok(stats(`/v1/programs/${programId}`));
    expect(body).toMatchObject({ object: 'stats', scope: { type: 'program', id: programId }, interval: 'day' });
    expect(body.series).toHaveLength(30);
    expect(body.to).toBe(new Date(Date.parse(today()) + DAY).toISOString());
    const { unique_visitors, ...totals } = body.totals;
    expect(totals).toEqual(PROGRAM_TOTALS);
    near(unique_visitors, 4);
    // Every figure sits in today's bucket; the other 29 are empty.
    const last = body.series.at(-1);
    expect(last.start).toBe(new Date(Date.parse(today())).toISOString());
    expect(last.metrics).toEqual(body.totals);
    expect(body.series.slice(0, -1).every((b: any) => b.metrics.clicks === 0 && b.metrics.conversions === 0)).toBe(
      true,
    );
  });

  it('derives the ratios from the totals', async () => {
    const { derived } = await ok(stats(`/v1/programs/${programId}`));
    expect(derived).toEqual({
      share_rate: 0.5, // 2 shares / 4 opens
      click_through: 2.5, // 5 clicks / 2 shares
      conversion_rate: 0.2, // (4 sales + 1 signup - 4 code-only) / 5 clicks: S1 came through a click
      code_only_share: 0.8, // 4 code-only of 5
      referral_rate: 0.6667, // 4 referred of 6 orders reported
      average_order_value: { USD: 4_667, EUR: 20_000 },
      reward_cost_per_customer: { USD: 490 },
      roi: { USD: 5.7143 }, // 14,000 / 2,450
      repeat_advocates: 1, // Alice: 3 sales; Bob: 1
    });
  });

  it(`gives hourly buckets (the last 24 hours) and weekly ones (Monday first) that add up to the same \
totals`, async () => {
    const hourly = await ok(stats(`/v1/programs/${programId}`, 'interval=hour'));
    expect(hourly.series).toHaveLength(24);
    const nowHour = Math.floor(Date.now() / 3600_000) * 3600_000;
    expect(hourly.to).toBe(new Date(nowHour + 3600_000).toISOString());
    const { unique_visitors: hu, ...hourTotals } = hourly.totals;
    expect(hourTotals).toEqual(PROGRAM_TOTALS);
    near(hu, 4);
    expect(hourly.series.filter((b: any) => b.metrics.clicks > 0).length).toBeGreaterThanOrEqual(1);

    const weekly = await ok(stats(`/v1/programs/${programId}`, `interval=week&from=${today()}&to=${today()}`));
    expect(weekly.series).toHaveLength(1);
    expect(new Date(weekly.from).getUTCDay()).toBe(1);
    expect(Date.parse(weekly.to) - Date.parse(weekly.from)).toBe(7 * DAY);
    const { unique_visitors: wu, ...weekTotals } = weekly.totals;
    expect(weekTotals).toEqual(PROGRAM_TOTALS);
    near(wu, 4);
  });

  it('reads 90 days of daily figures in one round trip after auth (commands counted at the bridge)', async () => {
    const path = `/v1/programs/${programId}/stats?from=${daysAgo(89)}&to=${today()}`;
    await ok(api.get(path)); // the script cache is warm from here on
    suite.bridge.server.resetStats();
    const body = await ok(api.get(path));
    expect(body.series).toHaveLength(90);
    const s = suite.bridge.server.stats();
    expect(s.http_requests).toBe(2); // auth script, stats script
    expect(s.commands).toBe(2);
    expect(s.by_command.EVALSHA).toBe(2);
    expect(body.totals.clicks).toBe(5);
  });
});

describe('GET /v1/advocates/{id}/stats and /v1/codes/{code}/stats', () => {
  it("counts the advocate's and the code's own figures", async () => {
    for (const scope of [`/v1/advocates/${alice.id}`, `/v1/codes/${alice.code.toLowerCase()}`]) {
      const body = await ok(stats(scope));
      const { unique_visitors, ...totals } = body.totals;
      expect(totals).toEqual(ALICE_TOTALS);
      near(unique_visitors, 3);
      expect(body.derived).toEqual({
        share_rate: null,
        click_through: null,
        conversion_rate: 0.3333, // S1 of 3 clicks (S2 and S5 had no click)
        code_only_share: 0.6667,
        referral_rate: null,
        average_order_value: { USD: 4_500, EUR: 20_000 },
        reward_cost_per_customer: { USD: 483 },
        roi: { USD: 6.2069 },
        repeat_advocates: null,
      });
    }
    const code = await ok(stats(`/v1/codes/${alice.code}`));
    expect(code.scope).toEqual({ type: 'code', id: alice.code });

    const b = await ok(stats(`/v1/advocates/${bob.id}`));
    const { unique_visitors, ...bobTotals } = b.totals;
    near(unique_visitors, 2);
    expect(bobTotals).toMatchObject({
      clicks: 2,
      filtered_by_reason: { head_request: 1 },
      signups: 1,
      conversions: 1,
      rejected_conversions: 1,
      referred_revenue: { USD: 5_000 },
      new_referred_customers: 2,
      rewards: {
        ...ZERO_REWARDS,
        pending: { count: 1, amount: { USD: 750 } },
        paid: { count: 1, amount: { USD: 1_000 } },
      },
      reward_cost: { USD: 1_000 },
      redemptions: 0,
    });
  });

  it("answers 404 for another merchant's scopes and ids that are not ids", async () => {
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    for (const path of [
      `/v1/programs/${programId}/stats`,
      `/v1/advocates/${alice.id}/stats`,
      `/v1/codes/${alice.code}/stats`,
      `/v1/programs/${programId}/leaderboard`,
    ]) {
      expect((await other.get(path)).status).toBe(404);
    }
    for (const path of [
      '/v1/programs/prog_nope/stats',
      '/v1/advocates/adv_00000000000000000000000000/stats',
      '/v1/codes/%20%20/stats',
      '/v1/codes/NOSUCHCODE/stats',
    ]) {
      expect((await api.get(path)).status).toBe(404);
    }
  });
});

describe('bad queries', () => {
  it('are clear 400s naming the parameter, never a 5xx', async () => {
    const cases: [string, string, string][] = [
      [`/v1/programs/${programId}/stats?interval=minute`, 'invalid_request', 'interval'],
      [`/v1/programs/${programId}/stats?from=2026-13-01`, 'invalid_request', 'from'],
      [`/v1/programs/${programId}/stats?from=yesterday`, 'invalid_request', 'from'],
      [`/v1/programs/${programId}/stats?from=${today()}&to=${daysAgo(1)}`, 'invalid_range', 'from'],
      [`/v1/programs/${programId}/stats?from=${daysAgo(370)}&to=${today()}`, 'range_too_long', 'from'],
      [`/v1/programs/${programId}/stats?from=${daysAgo(500)}&to=${daysAgo(450)}`, 'range_not_retained', 'from'],
      [
        `/v1/programs/${programId}/stats?interval=hour&from=${daysAgo(9)}&to=${daysAgo(8)}`,
        'range_not_retained',
        'from',
      ],
      [`/v1/programs/${programId}/stats?interval=hour&from=${daysAgo(7)}`, 'range_too_long', 'from'],
      [`/v1/programs/${programId}/stats?to=9999-12-31`, 'invalid_range', 'to'],
      [`/v1/programs/${programId}/stats?days=3`, 'invalid_request', ''],
      [`/v1/advocates/${alice.id}/stats?interval=hour`, 'interval_not_available', 'interval'],
      [`/v1/programs/${programId}/leaderboard?limit=0`, 'invalid_request', 'limit'],
      [`/v1/programs/${programId}/leaderboard?limit=ten`, 'invalid_request', 'limit'],
      [`/v1/programs/${programId}/leaderboard?currency=U1`, 'invalid_request', 'currency'],
      [`/v1/programs/${programId}/leaderboard?by=clicks`, 'invalid_request', 'by'],
      [`/v1/programs/${programId}/leaderboard?from=${daysAgo(400)}`, 'range_too_long', 'from'],
    ];
    for (const [path, code, param] of cases) {
      const res = await api.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe(code);
      if (param) expect(res.body.error.param, path).toBe(param);
    }
    const points = (
      await ok(api.post('/v1/programs', { ...PROGRAM_INPUT, referrer_reward: { type: 'points', value: 100 } }), 201)
    ).id;
    const res = await api.get(`/v1/programs/${points}/leaderboard?by=revenue`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'currency_required', param: 'currency' });
  });
});

describe('GET /v1/programs/{id}/leaderboard', () => {
  it('ranks by attributed sales (the last 30 days by default) with first names and codes', async () => {
    const body = await ok(api.get(`/v1/programs/${programId}/leaderboard`));
    expect(body).toMatchObject({
      object: 'leaderboard',
      program_id: programId,
      by: 'conversions',
      currency: 'USD',
      contest: null,
    });
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * DAY);
    expect(body.entries).toEqual([
      { rank: 1, advocate_id: alice.id, name: 'Alice', code: alice.code, conversions: 3, revenue: 9_000 },
      { rank: 2, advocate_id: bob.id, name: 'Bob', code: bob.code, conversions: 1, revenue: 5_000 },
    ]);
    const eur = await ok(api.get(`/v1/programs/${programId}/leaderboard?by=revenue&currency=eur&limit=1`));
    expect(eur).toMatchObject({ by: 'revenue', currency: 'EUR' });
    expect(eur.entries).toEqual([
      { rank: 1, advocate_id: alice.id, name: 'Alice', code: alice.code, conversions: 3, revenue: 20_000 },
    ]);
  });

  it("defaults to the contest's window and ranking, and the contest round-trips through the program API", async () => {
    const contest = {
      name: 'Spring',
      prize: 'A year of coffee',
      starts_at: new Date(Date.now() - 2 * DAY).toISOString(),
      ends_at: new Date(Date.now() + 5 * DAY).toISOString(),
      by: 'revenue',
    };
    expect((await ok(api.patch(`/v1/programs/${programId}`, { contest }))).contest).toEqual(contest);
    expect((await ok(api.get(`/v1/programs/${programId}`))).contest).toEqual(contest);
    const running = await ok(api.get(`/v1/programs/${programId}/leaderboard`));
    expect(running).toMatchObject({
      by: 'revenue',
      currency: 'USD',
      contest: { name: 'Spring', prize: 'A year of coffee' },
    });
    expect(running.from).toBe(new Date(Math.floor((Date.now() - 2 * DAY) / DAY) * DAY).toISOString());
    expect(running.to).toBe(new Date(Date.parse(today()) + DAY).toISOString());
    expect(running.entries.map((e: any) => [e.advocate_id, e.revenue])).toEqual([
      [alice.id, 9_000],
      [bob.id, 5_000],
    ]);

    const past = {
      ...contest,
      starts_at: new Date(Date.now() - 20 * DAY).toISOString(),
      ends_at: new Date(Date.now() - 10 * DAY).toISOString(),
    };
    await ok(api.patch(`/v1/programs/${programId}`, { contest: past }));
    expect((await ok(api.get(`/v1/programs/${programId}/leaderboard`))).entries).toEqual([]);
    const future = {
      ...contest,
      starts_at: new Date(Date.now() + 10 * DAY).toISOString(),
      ends_at: new Date(Date.now() + 20 * DAY).toISOString(),
    };
    await ok(api.patch(`/v1/programs/${programId}`, { contest: future }));
    expect(await ok(api.get(`/v1/programs/${programId}/leaderboard`))).toMatchObject({
      from: future.starts_at,
      to: future.ends_at,
      entries: [],
    });

    expect((await ok(api.patch(`/v1/programs/${programId}`, { contest: null }))).contest).toBeNull();
    const bad = await api.patch(`/v1/programs/${programId}`, { contest: { ...contest, ends_at: contest.starts_at } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('contest.ends_at');
    const created = await ok(api.post('/v1/programs', { ...PROGRAM_INPUT, contest }), 201);
    expect(created.contest).toEqual(contest);
    expect((await ok(api.post('/v1/programs', PROGRAM_INPUT), 201)).contest).toBeNull();
  });

  it('reads a program stored before contests existed as contest: null', async () => {
    const created = await ok(api.post('/v1/programs', PROGRAM_INPUT), 201);
    const key = redisKeys.program({ merchantId: m.id, mode: 'test' }, created.id);
    const { contest: _drop, ...legacy } = JSON.parse(String(await suite.bridge.direct(['GET', key])));
    await suite.bridge.direct(['SET', key, JSON.stringify(legacy)]);
    expect((await ok(api.get(`/v1/programs/${created.id}`))).contest).toBeNull();
    expect((await ok(api.get('/v1/programs?limit=100'))).data.find((p: any) => p.id === created.id).contest).toBeNull();
    expect((await ok(api.patch(`/v1/programs/${created.id}`, { name: 'Renamed' }))).contest).toBeNull();
  });
});

describe('the raw click rows', () => {
  // Issue 17: the click log left Redis; the queue consumer writes each click's row to R2 with its decision.
  it('has one row per click the redirect sent, duplicates marked, bots and HEAD probes as filtered rows', async () => {
    const t = { merchantId: m.id, mode: 'test' as const };
    const day = today().replace(/-/g, '');
    const rowsOf = async (type: 'click' | 'filtered') => {
      const bucket = await suite.worker.mf.getR2Bucket('RAW_EVENTS', 'vouch');
      const byId = new Map<string, any>();
      for (const o of (await bucket.list({ prefix: rawEventKeys.dayPrefix(type, t, day) })).objects) {
        const text = await (await bucket.get(o.key))!.text();
        for (const line of text.split('\n').filter(Boolean)) byId.set(JSON.parse(line).id, JSON.parse(line));
      }
      return [...byId.values()];
    };
    const rows = await rowsOf('click');
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.counted)).toHaveLength(5);
    const duplicate = rows.find((r) => !r.counted);
    expect(duplicate).toMatchObject({ counted: false, reason: 'duplicate', merchant_id: m.id, mode: 'test' });
    expect(duplicate.click).toMatchObject({ code: alice.code, advocate_id: alice.id, program_id: programId });
    expect(duplicate.click.trigger).toBe('link');
    expect((await rowsOf('filtered')).map((r) => r.reason).sort()).toEqual(['bot', 'head_request']);
  });
});
