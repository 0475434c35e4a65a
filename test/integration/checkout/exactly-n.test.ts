import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys, type Tenant } from '../../../worker/storage/redis-keys.ts';
import { type ApiResponse, apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';

/**
 * The checkout's promise under load and failure, through the HTTP API: a code with N uses is
 * redeemed exactly N times however many checkouts race, holds count and expire, reversals give
 * the use back once, and a Redis connection dropped after the redemption script ran does not
 * apply it twice. (Single-request behaviour lives in redemptions.test.ts.)
 */
const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let tenant: Tenant;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

// Every request of a race is started at once: 1000 in flight held reliably on 2 cores (about
// 2-4 s per race); the timeout leaves room for a machine shared with other suites.
const RACE = 1000;
const RACE_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, m.sk);
  tenant = { merchantId: m.id, mode: 'test' };
});

async function codeIn(limits: Record<string, unknown>, client = api) {
  const p = await client.post('/v1/programs', { ...PROGRAM_INPUT, limits });
  expect(p.status).toBe(201);
  const e = await client.post(`/v1/programs/${p.body.id}/advocates`, {
    external_id: `adv-${uid()}`,
    code: `N${uid()}`,
  });
  expect(e.status).toBe(201);
  return { programId: p.body.id as string, code: e.body.code as string };
}

const order = { amount: 5000, currency: 'USD' };
const customer = () => ({ external_id: `cust-${uid()}` });
const redeem = (code: string, body: Record<string, unknown> = {}, client = api) =>
  client.post('/v1/redemptions', { code, order_id: `ord-${uid()}`, customer: customer(), order, ...body });

/**
 * A checkout under a race, as merchants integrate it: a 503 (Redis slow to answer while 1000
 * requests share 2 cores) is retried with the same order, which redeems at most once: a retry of
 * an order whose first attempt committed answers 200 with that redemption. Returns the last answer.
 */
async function redeemRetrying(code: string, retried: { count: number }): Promise<ApiResponse> {
  const body = { code, order_id: `ord-${uid()}`, customer: customer(), order };
  let res = await api.post('/v1/redemptions', body);
  for (let attempt = 1; res.status === 503 && attempt < 5; attempt++) {
    retried.count++;
    await new Promise((r) => setTimeout(r, 250 * attempt));
    res = await api.post('/v1/redemptions', body);
  }
  return res;
}
const hold = (code: string, who: { external_id: string }, ttl_seconds: number) =>
  api.post(`/v1/codes/${code}/validate`, { customer: who, order, reserve: { ttl_seconds } });

/** What Redis holds for the code (the counter the redeem script checks), read directly. */
async function usesOf(code: string, t = tenant): Promise<number> {
  return Number(String((await suite.bridge.direct(['GET', redisKeys.codeUses(t, code)])) ?? '0'));
}

function tally(results: ApiResponse[]) {
  const by = (s: number) => results.filter((r) => r.status === s);
  const errorCodes = new Set(by(422).map((r) => r.body?.error?.code));
  // Anything else, counted by status and error code, so a failure reads as e.g. {"500 internal_error": 78}.
  const other: Record<string, number> = {};
  for (const r of results) {
    if (r.status === 201 || r.status === 422 || (r.status === 200 && r.body?.object === 'redemption')) continue;
    const what = `${r.status} ${r.body?.error?.code ?? ''}`.trim();
    other[what] = (other[what] ?? 0) + 1;
  }
  // A retried order whose first attempt committed answers 200 with its redemption: a success too.
  const created = results.filter((r) => r.status === 201 || (r.status === 200 && r.body?.object === 'redemption'));
  return { created, rejected: by(422), errorCodes, other };
}

describe('exactly N redemptions under concurrency', () => {
  it.each([1, 10, 100])(
    `code_max_uses = %i: exactly N of ${RACE} concurrent redemptions succeed, the rest are usage_limit_reached`,
    async (max) => {
      const { code } = await codeIn({ code_max_uses: max });
      const retried = { count: 0 };
      const results = await Promise.all(Array.from({ length: RACE }, () => redeemRetrying(code, retried)));
      if (retried.count > 0) console.log(`code_max_uses = ${max}: ${retried.count} answers were 503 and retried`);
      const t = tally(results);
      expect(t.other).toEqual({});
      expect(t.created).toHaveLength(max);
      expect(t.rejected).toHaveLength(RACE - max);
      expect([...t.errorCodes]).toEqual(['usage_limit_reached']);
      expect(new Set(t.created.map((r) => r.body.id)).size).toBe(max);
      expect(await usesOf(code)).toBe(max);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one customer racing with 50 orders redeems once; the rest are already_redeemed_by_customer',
    async () => {
      const { code } = await codeIn({ code_max_uses: null, one_redemption_per_customer: true });
      const same = customer();
      const results = await Promise.all(Array.from({ length: 50 }, () => redeem(code, { customer: same })));
      const t = tally(results);
      expect(t.other).toEqual({});
      expect(t.created).toHaveLength(1);
      expect(t.rejected).toHaveLength(49);
      expect([...t.errorCodes]).toEqual(['already_redeemed_by_customer']);
      expect(await usesOf(code)).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );
});

describe('reservations against the limit', () => {
  it('a 1 s hold blocks the last use for others, then expires and frees it', async () => {
    const { code } = await codeIn({ code_max_uses: 3, one_redemption_per_customer: false });
    expect((await redeem(code)).status).toBe(201);
    expect((await redeem(code)).status).toBe(201);
    const held = await hold(code, customer(), 1);
    expect(held.body).toMatchObject({ valid: true, reservation: { id: expect.stringMatching(/^res_/) } });
    const blocked = await redeem(code);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe('usage_limit_reached');
    expect((await hold(code, customer(), 60)).body.reason.code).toBe('usage_limit_reached');
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await redeem(code)).status).toBe(201);
    expect((await redeem(code)).body.error.code).toBe('usage_limit_reached');
    expect(await usesOf(code)).toBe(3);
  });

  it('redeeming with the reservation consumes the hold: it cannot be used twice and holds nothing more', async () => {
    const { code } = await codeIn({ code_max_uses: 2, one_redemption_per_customer: false });
    const alice = customer();
    const held = await hold(code, alice, 600);
    const reservationId = held.body.reservation.id as string;
    expect((await redeem(code, { customer: alice, reservation_id: reservationId })).status).toBe(201);
    expect(await suite.bridge.direct(['ZCARD', redisKeys.codeHolds(tenant, code)])).toBe(0);
    expect(await suite.bridge.direct(['EXISTS', redisKeys.reservation(tenant, reservationId)])).toBe(0);
    const again = await redeem(code, { customer: alice, reservation_id: reservationId });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('reservation_not_found');
    // The one use left is free for anyone (the hold no longer counts).
    expect((await redeem(code)).status).toBe(201);
    expect(await usesOf(code)).toBe(2);
  });

  /** A code with `max` uses, all but the last redeemed, the last one held by a customer. */
  async function lastUseHeld(max: number, ttlSeconds: number) {
    const { code } = await codeIn({ code_max_uses: max, one_redemption_per_customer: false });
    for (let i = 0; i < max - 1; i++) expect((await redeem(code)).status).toBe(201);
    const holder = customer();
    const held = await hold(code, holder, ttlSeconds);
    expect(held.body.valid).toBe(true);
    return { code, byHolder: { customer: holder, reservation_id: held.body.reservation.id as string } };
  }

  it(
    'a held last use raced by 100 other checkouts: only the holder gets it',
    async () => {
      const max = 5;
      const { code, byHolder } = await lastUseHeld(max, 600);
      const holder = redeem(code, byHolder);
      const others = Array.from({ length: 100 }, () => redeem(code));
      const [mine, ...rest] = await Promise.all([holder, ...others]);
      expect(mine!.status).toBe(201);
      const t = tally(rest);
      expect(t.other).toEqual({});
      expect(t.created).toHaveLength(0);
      expect([...t.errorCodes]).toEqual(['usage_limit_reached']);
      expect(await usesOf(code)).toBe(max);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'an expired hold raced by its holder and 100 others: the use goes to exactly one of them',
    async () => {
      const max = 5;
      const { code, byHolder } = await lastUseHeld(max, 1);
      await new Promise((r) => setTimeout(r, 1_100));
      const results = await Promise.all([redeem(code, byHolder), ...Array.from({ length: 100 }, () => redeem(code))]);
      const t = tally(results);
      expect(t.other).toEqual({});
      expect(t.created).toHaveLength(1);
      // The holder's expired reservation is not found; everyone else lost to the one winner.
      expect(results[0]!.status === 201 || results[0]!.body.error.code === 'reservation_not_found').toBe(true);
      expect(await usesOf(code)).toBe(max);
    },
    RACE_TIMEOUT_MS,
  );
});

describe('reversal gives the use back', () => {
  it(
    'redeem, fully reverse, redeem again: a 1-use code comes back once, for the same customer too',
    async () => {
      const { code } = await codeIn({ code_max_uses: 1, one_redemption_per_customer: true });
      const bob = customer();
      const first = await redeem(code, { customer: bob });
      expect(first.status).toBe(201);
      expect(await usesOf(code)).toBe(1);
      const reversed = await api.post(`/v1/redemptions/${first.body.id}/reverse`, {});
      expect(reversed.status).toBe(200);
      expect(reversed.body).toMatchObject({ status: 'reversed', reversed_amount: order.amount });
      expect(await usesOf(code)).toBe(0);
      // The freed use is won once, even when 20 checkouts (Bob among them) race for it.
      const results = await Promise.all([
        redeem(code, { customer: bob }),
        ...Array.from({ length: 19 }, () => redeem(code)),
      ]);
      expect(tally(results).created).toHaveLength(1);
      expect(await usesOf(code)).toBe(1);
    },
    RACE_TIMEOUT_MS,
  );
});

/**
 * Commit-then-drop: Redis runs the script, then the connection is cut before the answer. The
 * Worker's @upstash/redis client (worker/storage/client.ts: 2 retries on network errors) sends the
 * same script again, so every write must recognise its own earlier run.
 */
describe('a dropped connection after Redis committed', () => {
  let proxy: FaultProxy;
  let worker: RunningWorker;
  let faulty: ReturnType<typeof apiClient>;
  let own: Tenant;

  // Each script names its keys in the EVALSHA body: the redeem script is the one with the order index.
  const isRedeemScript = (body: string) => /"evalsha"/i.test(body) && body.includes(':redemption_by_order:');
  const isReverseScript = (body: string) =>
    /"evalsha"/i.test(body) && body.includes(':code_uses:') && !body.includes(':redemption_by_order:');
  const uses = (code: string) => usesOf(code, own);

  beforeAll(async () => {
    proxy = await startFaultProxy(suite.bridge);
    worker = await startWorker({ bridge: suite.bridge, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
    const m = await createTestMerchant(worker);
    faulty = apiClient(worker, m.sk);
    own = { merchantId: m.id, mode: 'test' };
    // Load every script once, so the faulted request is the EVALSHA itself and not a NOSCRIPT reload.
    const warm = await codeIn({ code_max_uses: null }, faulty);
    const r = await redeem(warm.code, {}, faulty);
    await faulty.post(`/v1/redemptions/${r.body.id}/reverse`, {});
  });
  afterAll(async () => {
    suite.bridge.server.clearFaults();
    await worker?.dispose();
    await proxy?.close();
  });

  it("the Worker's retry of the redeem script finds its own redemption: recorded once, uses 1", async () => {
    const { code } = await codeIn({ code_max_uses: 1 }, faulty);
    const body = { code, order_id: `ord-${uid()}`, customer: customer(), order };
    proxy.arm(isRedeemScript, { drop_after_commit_requests: 1 });
    proxy.count(isRedeemScript);
    const res = await faulty.post('/v1/redemptions', body);
    // Two runs of the script reached Redis: the dropped one and the client's retry.
    expect(proxy.counted).toBe(2);
    // With one use, a second application would have answered usage_limit_reached.
    expect([200, 201]).toContain(res.status);
    expect(res.body).toMatchObject({ object: 'redemption', code, order_id: body.order_id, status: 'redeemed' });
    expect(await uses(code)).toBe(1);
    expect((await faulty.get(`/v1/redemptions/${res.body.id}`)).body).toEqual(res.body);
    // A merchant retrying the HTTP request after a lost answer gets the same redemption.
    const again = await faulty.post('/v1/redemptions', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(await uses(code)).toBe(1);
  });

  it("when the Worker's retries all drop too, the merchant's retry finds the one redemption", async () => {
    const { code } = await codeIn({ code_max_uses: 1 }, faulty);
    const body = { code, order_id: `ord-${uid()}`, customer: customer(), order };
    // 3 = the first try and both of the client's retries.
    proxy.arm(isRedeemScript, { drop_after_commit_requests: 3 });
    const failed = await faulty.post('/v1/redemptions', body);
    // Measured: 500 internal_error (a lost connection is not classed as a Redis outage's 503).
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await uses(code)).toBe(1);
    const retried = await faulty.post('/v1/redemptions', body);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ code, order_id: body.order_id, status: 'redeemed' });
    expect(await uses(code)).toBe(1);
  });

  it('a full reversal whose answer is dropped gives the use back exactly once', async () => {
    const { code } = await codeIn({ code_max_uses: 2, one_redemption_per_customer: false }, faulty);
    const a = (await redeem(code, {}, faulty)).body;
    expect((await redeem(code, {}, faulty)).status).toBe(201);
    expect(await uses(code)).toBe(2);
    proxy.arm(isReverseScript, { drop_after_commit_requests: 1 });
    proxy.count(isReverseScript);
    const res = await faulty.post(`/v1/redemptions/${a.id}/reverse`, {});
    expect(proxy.counted).toBe(2);
    expect(await uses(code)).toBe(1);
    const stored = await faulty.get(`/v1/redemptions/${a.id}`);
    expect(stored.body).toMatchObject({ status: 'reversed', reversed_amount: order.amount });
    // The client's retry finds its own refund already applied and answers for it: 200, reversed.
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('reversed');
    // The merchant's retry of the refund changes nothing more.
    const again = await faulty.post(`/v1/redemptions/${a.id}/reverse`, {});
    expect(again.status).toBe(409);
    expect(await uses(code)).toBe(1);
    // Exactly one use is free again.
    const race = await Promise.all(Array.from({ length: 10 }, () => redeem(code, {}, faulty)));
    expect(tally(race).created).toHaveLength(1);
    expect(await uses(code)).toBe(2);
  });
  // The client's retry of a refund that already landed must not land it again (the script
  // recognises its own result instead of failing the compare-and-set and reading again).
  it('a partial refund whose answer is dropped is applied once', async () => {
    const { code } = await codeIn({ code_max_uses: 2, one_redemption_per_customer: false }, faulty);
    const a = (await redeem(code, {}, faulty)).body;
    proxy.arm(isReverseScript, { drop_after_commit_requests: 1 });
    const res = await faulty.post(`/v1/redemptions/${a.id}/reverse`, { amount: 1000 });
    expect(res.status).toBe(200);
    expect((await faulty.get(`/v1/redemptions/${a.id}`)).body).toMatchObject({
      status: 'partially_reversed',
      reversed_amount: 1000,
    });
  });
});
