import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { type PointsOwner, type PointsRedemptionRecord, pointsStore } from '../points.ts';

const { redis } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
let n = 0;
const owner = (): PointsOwner => ({
  tenant: { merchantId: `mer_points_${Date.now()}_${n++}`, mode: 'test' },
  programId: 'prog_1',
  externalId: 'cus:1',
});
const redemption = (id: string, cost: number): Omit<PointsRedemptionRecord, 'balance_after'> => ({
  id,
  object: 'points_redemption',
  external_id: 'cus:1',
  program_id: 'prog_1',
  item_id: 'mug',
  item_name: 'Mug',
  cost,
  given: null,
  reward: { type: 'item', name: 'Mug' },
  entry_id: '',
  created_at: new Date(T0).toISOString(),
});

describe('pointsStore (points-change.lua)', () => {
  it('spends the oldest lots first and expires what is left of each lot at its time', async () => {
    const store = pointsStore.over(redis());
    const o = owner();
    expect((await store.earn(o, { id: 'rwd_a', points: 100, expiresAt: T0 + 10 * DAY }, T0)).status).toBe('new');
    await store.earn(o, { id: 'rwd_b', points: 50, expiresAt: T0 + 11 * DAY }, T0 + DAY);
    await store.earn(o, { id: 'rwd_c', points: 30, expiresAt: null }, T0 + 2 * DAY);
    expect(await store.balance(o)).toEqual({
      balance: 180,
      expiring: [
        { points: 100, expires_at: new Date(T0 + 10 * DAY).toISOString() },
        { points: 50, expires_at: new Date(T0 + 11 * DAY).toISOString() },
      ],
    });
    // 120 from a (100) then b (20): b keeps 30, c untouched.
    const spent = await store.redeem(o, redemption('r1', 120), T0 + 3 * DAY);
    expect([spent.status, spent.entry?.points, spent.entry?.balance_after]).toEqual(['new', -120, 60]);
    expect(spent.redemption).toMatchObject({ id: 'r1', balance_after: 60, entry_id: spent.entry?.id, given: null });
    expect((await store.balance(o)).expiring).toEqual([
      { points: 30, expires_at: new Date(T0 + 11 * DAY).toISOString() },
    ]);
    // Day 11: b's 30 lapse (one expire entry naming the lot), c's 30 never do.
    const lapsed = await store.expire(o, T0 + 11 * DAY);
    expect(lapsed.expired.map((e) => [e.kind, e.points, e.reference, e.balance_after])).toEqual([
      ['expire', -30, 'rwd_b', 30],
    ]);
    expect((await store.expire(o, T0 + 400 * DAY)).expired).toEqual([]);
    expect(await store.balance(o)).toEqual({ balance: 30, expiring: [] });
    const ledger = (await store.ledger(o, 10)).entries;
    expect(ledger.map((e) => e.kind)).toEqual(['expire', 'redeem', 'earn', 'earn', 'earn']);
    expect(ledger.reduce((sum, e) => sum + e.points, 0)).toBe(30);
  });

  it('expires lapsed lots before a redemption, which then finds too few points and takes nothing', async () => {
    const store = pointsStore.over(redis());
    const o = owner();
    await store.earn(o, { id: 'rwd_a', points: 100, expiresAt: T0 + DAY }, T0);
    await store.earn(o, { id: 'rwd_b', points: 40, expiresAt: T0 + 5 * DAY }, T0);
    const late = await store.redeem(o, redemption('r1', 100), T0 + 2 * DAY);
    expect([late.status, late.entry, late.expired.map((e) => e.points)]).toEqual(['insufficient', null, [-100]]);
    expect(await store.redemption(o, 'r1')).toBeNull();
    const ok = await store.redeem(o, redemption('r2', 40), T0 + 2 * DAY);
    expect([ok.status, ok.entry?.balance_after, ok.expired]).toEqual(['new', 0, []]);
    // The same redemption again: its entry and record, nothing taken.
    const again = await store.redeem(o, redemption('r2', 40), T0 + 3 * DAY);
    expect([again.status, again.entry?.id, again.redemption?.entry_id]).toEqual([
      'existing',
      ok.entry?.id,
      ok.entry?.id,
    ]);
  });

  it('revokes a reward down to a target from its own lot first, the rest owed; once per target', async () => {
    const store = pointsStore.over(redis());
    const o = owner();
    await store.earn(o, { id: 'rwd_a', points: 100, expiresAt: null }, T0);
    await store.earn(o, { id: 'rwd_b', points: 100, expiresAt: null }, T0 + 1);
    expect((await store.earn(o, { id: 'rwd_b', points: 100, expiresAt: null }, T0 + 2)).status).toBe('existing');
    await store.redeem(o, redemption('r1', 150), T0 + 3);
    // a is spent, b has 50 left: voiding b takes its 50, 50 owed.
    const voided = await store.revoke(o, 'rwd_b', 0, T0 + 4);
    expect([voided.entry?.points, voided.entry?.owed, voided.entry?.balance_after]).toEqual([-50, 50, 0]);
    expect((await store.revoke(o, 'rwd_b', 0, T0 + 5)).status).toBe('existing');
    expect((await store.revoke(o, 'rwd_b', 20, T0 + 5)).status).toBe('empty');
    expect((await store.revoke(o, 'rwd_z', 0, T0 + 5)).status).toBe('missing');
    expect(await store.balance(o)).toEqual({ balance: 0, expiring: [] });
  });

  it('points-move.lua moves every program of a person to the marker; a repeat after new points merges', async () => {
    const store = pointsStore.over(redis());
    const a = owner();
    const b = { ...a, programId: 'prog_2' };
    const marked = (o: PointsOwner) => ({ ...o, externalId: 'erased_x' });
    await store.earn(a, { id: 'rwd_a', points: 10, expiresAt: T0 + DAY }, T0);
    await store.earn(b, { id: 'rwd_b', points: 20, expiresAt: null }, T0);
    await store.redeem(b, redemption('r1', 5), T0);
    expect(await store.moveTo(a.tenant, 'cus:1', 'erased_x')).toBe(3);
    expect(await store.programsOf(a.tenant, 'cus:1')).toEqual([]);
    expect(await store.programsOf(a.tenant, 'erased_x')).toEqual(['prog_1', 'prog_2']);
    expect((await store.balance(b)).balance).toBe(0);
    expect(await store.redemption(marked(b), 'r1')).toMatchObject({ external_id: 'erased_x', cost: 5 });
    await store.earn(a, { id: 'rwd_c', points: 7, expiresAt: null }, T0 + 1);
    expect(await store.moveTo(a.tenant, 'cus:1', 'erased_x')).toBe(1);
    expect(await store.balance(marked(a))).toMatchObject({ balance: 17 });
    expect((await store.ledger(marked(a), 10)).entries.map((e) => e.points)).toEqual([7, 10]);
    expect(await store.moveTo(a.tenant, 'cus:1', 'erased_x')).toBe(0);
  });
});
