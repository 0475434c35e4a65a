import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../shared/schemas/program.ts';
import type { Redemption } from '../../shared/schemas/redemption.ts';
import { PROGRAM_INPUT } from '../../test/support/api.ts';
import { useRedis } from '../../test/support/lua-redis.ts';
import type { CodeRecord } from './advocates.ts';
import { createRedis } from './client.ts';
import { programStore } from './programs.ts';
import { redemptionStore } from './redemptions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

// The redemption store against real Redis: what it stores (codecs), and what it answers.
const { redis, direct } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);
const store = () => redemptionStore.over(redis());
const tenant = (): Tenant => ({ merchantId: `mer_${randomBytes(6).toString('hex')}`, mode: 'test' });

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const LIMITS = { maxUses: 1, onePerCustomer: false, newCustomersOnly: false };

function redemption(id: string, code = 'CODE1'): Redemption {
  const at = new Date(NOW).toISOString();
  return {
    id,
    object: 'redemption',
    livemode: false,
    code,
    program_id: 'prog_1',
    advocate_id: 'adv_1',
    order_id: `order-${id}`,
    order: { amount: 1000, currency: 'EUR' },
    discount: { type: 'percent', value: 10, amount_off: 100 },
    status: 'redeemed',
    reversed_amount: 0,
    created_at: at,
    updated_at: at,
  };
}

const redeem = (t: Tenant, r: Redemption, customer = 'cu1', reservationId: string | null = null) =>
  store().redeem(t, r, { orderDigest: r.order_id, customer, limits: LIMITS, reservationId, now: NOW });

describe('redemptionStore', () => {
  it('stores a redemption with its version and customer, answers the API object, once per order', async () => {
    const t = tenant();
    const r = redemption('red_1');
    expect(await redeem(t, r)).toEqual({ kind: 'created', redemption: r });
    const raw = String(await direct(['GET', redisKeys.redemption(t, 'red_1')]));
    expect(raw.startsWith('{"v":1,')).toBe(true);
    expect(JSON.parse(raw)).toMatchObject({ customer_digest: 'cu1' });
    expect(await store().get(t, 'red_1')).toEqual(r);
    const retry = { ...redemption('red_2'), order_id: r.order_id };
    expect(await redeem(t, retry)).toEqual({ kind: 'existing', redemption: r });
    expect(await redeem(t, redemption('red_3'), 'cu2')).toEqual({ kind: 'rejected', code: 'usage_limit_reached' });
    expect(await store().get(tenant(), 'red_1')).toBeNull();
  });

  it('holds a use (counted by the peek), reads the reservation back, redeems with it or releases it', async () => {
    const t = tenant();
    const use = { code: 'HELD', programId: 'prog_1', customer: 'cu1' };
    const reservation = {
      id: 'res_1',
      code: 'HELD',
      customer: 'cu1',
      expires_at: new Date(NOW + 60_000).toISOString(),
    };
    expect(await store().peekLimits(t, use, LIMITS, NOW)).toBeNull();
    expect(await store().hold(t, 'prog_1', reservation, LIMITS, 60_000, NOW)).toEqual({ kind: 'held' });
    expect(await store().reservation(t, 'res_1')).toEqual(reservation);
    expect(await store().peekLimits(t, use, LIMITS, NOW)).toBe('usage_limit_reached');
    expect(await store().release(t, reservation)).toBe(true);
    expect(await store().release(t, reservation)).toBe(false);
    expect(await store().reservation(t, 'res_1')).toBeNull();
    expect(await store().hold(t, 'prog_1', reservation, LIMITS, 60_000, NOW)).toEqual({ kind: 'held' });
    const r = redemption('red_1', 'HELD');
    expect(await redeem(t, r, 'cu2', 'res_1')).toEqual({ kind: 'rejected', code: 'reservation_not_found' });
    expect(await redeem(t, r, 'cu1', 'res_1')).toEqual({ kind: 'created', redemption: r });
  });

  it('reverses in parts up to the order, then frees the use and the customer', async () => {
    const t = tenant();
    const limits = { ...LIMITS, onePerCustomer: true };
    const use = { code: 'CODE1', programId: 'prog_1', customer: 'cu1' };
    await redeem(t, redemption('red_1'));
    const at = new Date(NOW + 1000);
    expect(await store().reverse(t, 'red_9', undefined, at)).toEqual({ kind: 'missing' });
    expect(await store().reverse(t, 'red_1', 1001, at)).toEqual({ kind: 'too_much', left: 1000 });
    const partial = await store().reverse(t, 'red_1', 400, at);
    expect(partial).toMatchObject({
      kind: 'reversed',
      redemption: { status: 'partially_reversed', reversed_amount: 400 },
    });
    expect(await store().peekLimits(t, use, limits, NOW)).toBe('already_redeemed_by_customer');
    const full = await store().reverse(t, 'red_1', undefined, at);
    expect(full).toEqual({
      kind: 'reversed',
      redemption: { ...redemption('red_1'), status: 'reversed', reversed_amount: 1000, updated_at: at.toISOString() },
    });
    expect(await store().get(t, 'red_1')).toEqual(full.kind === 'reversed' ? full.redemption : null);
    expect(await store().peekLimits(t, use, limits, NOW)).toBeNull();
    expect(await store().reverse(t, 'red_1', undefined, at)).toEqual({ kind: 'already_reversed' });
  });

  it("reads a code's program and advocate together, null when either is gone", async () => {
    const t = tenant();
    const program = await programStore.over(redis()).create(t, ProgramCreate.parse(PROGRAM_INPUT));
    const record: CodeRecord = {
      merchant_id: t.merchantId,
      mode: t.mode,
      program_id: program.id,
      advocate_id: 'adv_1',
      status: 'active',
      created_at: program.created_at,
      updated_at: program.created_at,
    };
    expect(await store().codeParties(t, record)).toBeNull();
    const advocate = {
      id: 'adv_1',
      object: 'advocate',
      livemode: false,
      program_id: program.id,
      external_id: 'cust-1',
      email: null,
      name: 'Ada',
      status: 'active',
      metadata: {},
      created_at: program.created_at,
      updated_at: program.created_at,
    } as const;
    // An advocate stored before codecs (no version) reads as version 1.
    await direct(['SET', redisKeys.advocate(t, 'adv_1'), JSON.stringify(advocate)]);
    expect(await store().codeParties(t, record)).toEqual({ program, advocate });
    expect(await store().codeParties(t, { ...record, program_id: 'prog_gone' })).toBeNull();
  });
});
