import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reward } from '../../shared/schemas/reward.ts';
import { exampleConversion, exampleReferral, exampleReward } from '../../shared/schemas/webhook-event-examples.ts';
import { nodeWorkerEnv } from '../../test/support/node-env.ts';
import { newId } from '../lib/ids.ts';
import { createRedis } from './client.ts';
import { type ConversionPlan, type ConversionStore, conversionStore, conversionView } from './conversions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { type RewardStore, rewardStore } from './rewards.ts';

// The conversion and reward stores against real Redis: what a conversion's plan writes (versioned
// records, the ledger, balances, the credit facts read back), the conditions that make it write
// nothing, and a reward's moves, balances and due queue, from records written before codecs too.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let conversions: ConversionStore;
let rewards: RewardStore;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  const redis = createRedis(ctx.env);
  conversions = conversionStore.over(redis);
  rewards = rewardStore.over(redis);
});
afterAll(() => ctx?.stop());

const tenant = (): Tenant => ({ mode: 'test', merchantId: newId('merchant') });
const direct = (args: (string | number)[]) => ctx.bridge.direct(args.map(String));
const raw = async (key: string) => String(await direct(['GET', key]));
const now = Date.now();
const month = new Date(now).toISOString().slice(0, 7);

/** A sale of 100.00 with one pending advocate reward of 10.00, bringing a new customer in. */
function planFor(key: string, bounds: { monthRewards: [number, number] | null } = { monthRewards: [0, 0] }) {
  const at = new Date(now).toISOString();
  const conversionId = newId('conversion', now);
  const reward: Reward = {
    ...exampleReward,
    id: newId('reward', now),
    conversion_id: conversionId,
    status: 'pending',
    approve_after: new Date(now + 86400_000).toISOString(),
    created_at: at,
    updated_at: at,
  };
  const { rewards: _r, ...conversion } = { ...exampleConversion, id: conversionId, created_at: at, occurred_at: at };
  const referral = { ...exampleReferral, id: newId('referral', now), conversion_ids: [conversionId], created_at: at };
  const plan: ConversionPlan = {
    key,
    conversion: { ...conversion, referral_id: referral.id, reward_ids: [reward.id], customer_digest: 'cust-digest' },
    referral: { before: null, after: referral, customer: 'cust-digest' },
    rewards: [reward],
    earning: {
      bounds: { month, monthRewards: bounds.monthRewards, rewardedConversions: [0, Infinity] },
      rewarded: { tier: null, tierChanged: false },
    },
    visitor: null,
    visitorIsAdvocate: false,
    occurredAt: now,
    now,
  };
  return plan;
}

const creditQuery = (key: string) => ({
  key,
  programId: exampleConversion.program_id,
  advocateId: exampleConversion.advocate_id,
  customer: 'cust-digest',
  visitor: null,
  occurredAt: now,
});

describe('conversionStore.record', () => {
  it('writes the plan versioned, with its ledger, balance and indexes, and the credit read sees them', async () => {
    const t = tenant();
    const plan = planFor('k1');
    expect(await conversions.record(t, plan)).toBe(true);
    const c = plan.conversion;
    expect(await raw(redisKeys.conversion(t, c.id))).toMatch(/^\{"v":2,"id":"conv_/);
    expect(await raw(redisKeys.referral(t, c.referral_id))).toMatch(/^\{"v":1,/);
    expect(await raw(redisKeys.reward(t, plan.rewards[0]!.id))).toMatch(/^\{"v":1,/);
    expect((await conversions.get(t, c.id))?.view).toEqual(conversionView(c, plan.rewards));
    expect(await conversions.referral(t, c.referral_id)).toEqual(plan.referral.after);
    expect(await conversions.idForKey(t, 'k1')).toBe(c.id);
    expect(await conversions.list(t, 'approved', 10)).toEqual({
      conversions: [conversionView(c, plan.rewards)],
      hasMore: false,
    });
    expect(await rewards.balance(t, c.advocate_id)).toEqual({
      object: 'balance',
      advocate_id: c.advocate_id,
      lines: [{ unit: 'USD', pending: 1000, held: 0, approved: 0, paid: 0 }],
    });
    expect(await conversions.creditFacts(t, creditQuery('k1'))).toEqual({
      existingId: c.id,
      advocate: null,
      ledger: { conversions: 1, months: { [month]: 1 } },
      referralId: c.referral_id,
      advocateConversionsThisHour: 1,
      visitorConversionsThisHour: 0,
      visitorConversionsToday: 0,
      advocateOwnVisitor: false,
      program: null,
    });
  });

  it('writes nothing once a bound it holds for is crossed (the monthly cap reached meanwhile)', async () => {
    const t = tenant();
    expect(await conversions.record(t, planFor('k1', { monthRewards: [0, 0] }))).toBe(true);
    const late = planFor('k2', { monthRewards: [0, 0] });
    expect(await conversions.record(t, late)).toBe(false);
    expect(await conversions.get(t, late.conversion.id)).toBeNull();
    expect(await conversions.idForKey(t, 'k2')).toBeNull();
  });

  it('writes nothing when the referral changed since it was read, or the order was recorded meanwhile', async () => {
    const t = tenant();
    const first = planFor('k1', { monthRewards: null });
    expect(await conversions.record(t, first)).toBe(true);
    const read = await conversions.referral(t, first.referral.after.id);
    const next = planFor('k2', { monthRewards: null });
    const referral = {
      before: read,
      after: { ...read!, conversion_ids: [...read!.conversion_ids, next.conversion.id] },
    };
    const again = { ...next, referral: { ...referral, customer: 'cust-digest' } };
    // Another conversion of the same customer lands first.
    await direct(['SET', redisKeys.referral(t, read!.id), JSON.stringify({ ...read, rewarded: false })]);
    expect(await conversions.record(t, again)).toBe(false);
    expect(await conversions.get(t, next.conversion.id)).toBeNull();
    expect(await conversions.record(t, { ...planFor('k1', { monthRewards: null }) })).toBe(false);
  });
});

describe('rewardStore', () => {
  it('reads a reward written before codecs, moves it by the state machine with its balance, idempotently', async () => {
    const t = tenant();
    const pending: Reward = { ...exampleReward, id: newId('reward'), status: 'pending', approve_after: null };
    await direct(['SET', redisKeys.reward(t, pending.id), JSON.stringify(pending)]);
    await direct(['HSET', redisKeys.advocateBalance(t, pending.advocate_id), 'pending:USD', 1000]);
    expect(await rewards.get(t, pending.id)).toEqual(pending);

    const moved = await rewards.move(t, pending.id, 'approve', 'checked', now);
    expect(moved).toMatchObject({ kind: 'moved', previous: pending, reward: { status: 'approved' } });
    expect(await raw(redisKeys.reward(t, pending.id))).toMatch(/^\{"v":1,/);
    expect((await rewards.balance(t, pending.advocate_id)).lines).toEqual([
      { unit: 'USD', pending: 0, held: 0, approved: 1000, paid: 0 },
    ]);
    expect(await rewards.move(t, pending.id, 'approve', 'again', now)).toMatchObject({ kind: 'unchanged' });
    expect(await rewards.move(t, pending.id, 'release', 'x', now)).toMatchObject({
      kind: 'not_allowed',
      allowedFrom: ['held'],
    });
    expect(await rewards.move(t, 'rwd_missing', 'approve', 'x', now)).toEqual({ kind: 'missing' });
    const page = await rewards.page(t, { status: 'approved' }, 10);
    expect(page).toMatchObject({ ids: [pending.id], hasMore: false });
  });

  it('names due rewards by tenant, and takes them off or puts them back in the queue', async () => {
    const t = tenant();
    const id = newId('reward');
    await direct(['ZADD', redisKeys.rewardsDue(), now - 1000, `${t.mode}:${t.merchantId}:${id}`]);
    const due = (await rewards.due(now, 10_000)).filter((d) => d.rewardId === id);
    expect(due).toEqual([{ tenant: t, rewardId: id }]);
    await rewards.notDue(due[0]!);
    expect((await rewards.due(now, 10_000)).some((d) => d.rewardId === id)).toBe(false);
    await rewards.dueAgain(due[0]!, now);
    expect((await rewards.due(now, 10_000)).some((d) => d.rewardId === id)).toBe(true);
    await rewards.notDue(due[0]!);
  });
});
