import { describe, expect, it } from 'vitest';
import { groupRewards, newPayout } from '../../shared/core/payouts.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { exampleReward } from '../../shared/schemas/webhook-event-examples.ts';
import { useRedis } from '../../test/support/lua-redis.ts';
import { newId } from '../lib/ids.ts';
import { Changeset } from './changeset.ts';
import { createRedis } from './client.ts';
import { payoutStore } from './payouts.ts';
import { rewardStore, stageNewReward } from './rewards.ts';

const { redis } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

const approved = (advocateId: string, amount: number): Reward => ({
  ...exampleReward,
  id: newId('reward'),
  kind: 'reward',
  recipient: 'advocate',
  advocate_id: advocateId,
  type: 'fixed_amount',
  currency: 'USD',
  amount,
  original_amount: amount,
  status: 'approved',
  payout_id: null,
  history: [{ status: 'approved', at: new Date(Date.now() - 60_000).toISOString(), note: 'approved' }],
});

describe('payoutStore.gather (no lock: the compare-and-set alone)', () => {
  it('50 concurrent runs put every reward in exactly one payout, with exact sums', async () => {
    const t = { mode: 'test' as const, merchantId: newId('merchant') };
    const rewards = Array.from({ length: 120 }, (_, i) => approved(`adv_${i % 12}`, 100 + i));
    const cs = new Changeset();
    for (const r of rewards) stageNewReward(cs, t, r);
    expect((await cs.apply(redis())).ok).toBe(true);
    const store = payoutStore.over(redis());
    // Each run pays whatever it finds, one payout per advocate: the runs race for the same rewards.
    const plan = async (found: Reward[]) =>
      groupRewards(found, () => 0, Date.now()).map((g) => ({
        payout: newPayout(newId('payout'), g, 'manual', false, Date.now()),
        dueAt: null,
      }));
    const runs = await Promise.all(Array.from({ length: 50 }, () => store.gather(t, undefined, plan)));
    const payouts = runs.flat();
    const owner = new Map<string, string>();
    for (const p of payouts)
      for (const id of p.reward_ids) {
        expect(owner.get(id), `${id} in two payouts`).toBeUndefined();
        owner.set(id, p.id);
      }
    expect(owner.size).toBe(rewards.length);
    expect(payouts.reduce((s, p) => s + p.amount, 0)).toBe(rewards.reduce((s, r) => s + r.amount, 0));
    for (const r of await rewardStore.over(redis()).getMany(
      t,
      rewards.map((x) => x.id),
    ))
      expect(r).toMatchObject({ status: 'approved', payout_id: owner.get(r.id) });
    expect(await store.gather(t, undefined, plan)).toEqual([]);
    const listed = (await store.page(t, {}, 100)).payouts.map((p) => p.id);
    expect(listed.sort()).toEqual(payouts.map((p) => p.id).sort());
  });

  it('paid moves rewards and balances once; failed returns them; the same move again is unchanged', async () => {
    const t = { mode: 'test' as const, merchantId: newId('merchant') };
    const rewards = [approved('adv_a', 700), approved('adv_a', 300)];
    const cs = new Changeset();
    for (const r of rewards) stageNewReward(cs, t, r);
    await cs.apply(redis());
    const store = payoutStore.over(redis());
    const plan = async (found: Reward[]) =>
      groupRewards(found, () => 0, Date.now()).map((g) => ({
        payout: newPayout(newId('payout'), g, 'manual', false, Date.now()),
        dueAt: null,
      }));
    const [p] = await store.gather(t, undefined, plan);
    const [a, b] = await Promise.all([
      store.move(t, p!.id, { to: 'paid', note: 'paid' }, Date.now()),
      store.move(t, p!.id, { to: 'paid', note: 'paid' }, Date.now()),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['moved', 'unchanged']);
    const line = (await rewardStore.over(redis()).balance(t, 'adv_a')).lines[0];
    expect(line).toMatchObject({ approved: 0, paid: 1000 });
    expect((await store.move(t, p!.id, { to: 'failed', reason: 'x' }, Date.now())).kind).toBe('not_allowed');

    const more = approved('adv_a', 500);
    const cs2 = new Changeset();
    stageNewReward(cs2, t, more);
    await cs2.apply(redis());
    const [q] = await store.gather(t, undefined, plan);
    const failed = await store.move(t, q!.id, { to: 'failed', reason: 'closed' }, Date.now());
    expect(failed.kind).toBe('moved');
    expect((await rewardStore.over(redis()).get(t, more.id))!.payout_id).toBeNull();
    expect((await store.move(t, q!.id, { to: 'failed', reason: 'closed' }, Date.now())).kind).toBe('unchanged');
    expect((await store.gather(t, undefined, plan))[0]!.reward_ids).toEqual([more.id]);
  });
});
