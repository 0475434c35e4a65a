import * as z from 'zod';
import { Currency, Timestamp } from '../../shared/schemas/common.ts';
import type { Redemption } from '../../shared/schemas/redemption.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { Changeset } from './changeset.ts';
import { defineCodec } from './codec.ts';
import { redemptionCodec } from './redemptions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { type ReadReward, readRewards, stageRewardMove } from './rewards.ts';
import { defineStore } from './store.ts';

const RewardCodeRecord = z.object({
  code: z.string(),
  /** What issued it, once: a reward id (`rwd_…`) or a points redemption id. */
  reference: z.string(),
  advocate_id: z.string(),
  program_id: z.string(),
  discount: z.enum(['percent', 'fixed_amount']),
  value: z.number().int(),
  currency: Currency,
  expires_at: Timestamp.nullable(),
  /** active: redeemable; disabled: its reward was voided first; redeemed: used (once). */
  status: z.enum(['active', 'disabled', 'redeemed']),
  redemption_id: z.string().nullable(),
  /** The order it was redeemed on (a digest): that order redeeming again gets the same redemption. */
  order_digest: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type RewardCodeRecord = z.infer<typeof RewardCodeRecord>;
const rewardCodeCodec = defineCodec({ name: 'reward_code', schema: RewardCodeRecord });

/** A record read with the stored text it was decoded from (what a compare-and-set writes over). */
export interface ReadRewardCode {
  raw: string;
  record: RewardCodeRecord;
}

/**
 * Single-use reward codes of a tenant. A code is claimed once per reference and never where a
 * referral code of that name exists (the global code key must be absent in the same atomic step);
 * its redemption is a compare-and-set on the record, so racing checkouts redeem it exactly once.
 */
export const rewardCodeStore = defineStore((redis) => ({
  /** The code issued for `reference`, if any. */
  codeOf: (t: Tenant, reference: string) => redis.get<string>(redisKeys.rewardCodeByReference(t, reference)),
  read: async (t: Tenant, code: string): Promise<ReadRewardCode | null> => {
    const raw = await redis.get<string>(redisKeys.rewardCode(t, code));
    return raw === null ? null : { raw, record: rewardCodeCodec.decode(raw) };
  },
  /** Claims `record.code` for its reference; false when the reference or the code was taken meanwhile. */
  claim: async (t: Tenant, record: RewardCodeRecord): Promise<boolean> => {
    const cs = new Changeset()
      .set(redisKeys.rewardCodeByReference(t, record.reference), null, record.code)
      .set(redisKeys.rewardCode(t, record.code), null, rewardCodeCodec.encode(record))
      // A referral code of that name (global, any tenant) must not exist: nothing written there.
      .set(redisKeys.code(record.code), null, null);
    return (await cs.apply(redis)).ok;
  },
  /** The record rewritten if it is still what was read (false: it changed, read again). */
  replace: async (t: Tenant, read: ReadRewardCode, next: RewardCodeRecord): Promise<boolean> => {
    const cs = new Changeset().set(redisKeys.rewardCode(t, next.code), read.raw, rewardCodeCodec.encode(next));
    return (await cs.apply(redis)).ok;
  },
  /** The reward a code was issued for, with its stored text (null: missing). */
  reward: async (t: Tenant, id: string): Promise<ReadReward | null> => (await readRewards(redis, t, [id]))[0] ?? null,
  /**
   * The code marked redeemed and its redemption written, in one step, if the record is still what was read;
   * with `paid`, its reward moved (approved -> paid, balances and indexes) in that same step, if the reward is
   * still what was read too: a void that got there first makes this fail (false: read both again).
   */
  redeem: async (
    t: Tenant,
    read: ReadRewardCode,
    next: RewardCodeRecord,
    r: Redemption,
    customer: string,
    paid: { read: ReadReward; after: Reward } | null,
  ) => {
    const cs = new Changeset()
      .set(redisKeys.rewardCode(t, next.code), read.raw, rewardCodeCodec.encode(next))
      .set(redisKeys.redemption(t, r.id), null, redemptionCodec.encode({ ...r, customer_digest: customer }))
      .sadd(redisKeys.knownCustomers(t), customer);
    if (paid) stageRewardMove(cs, t, paid.read, paid.after, Date.parse(r.created_at));
    return (await cs.apply(redis)).ok;
  },
}));
