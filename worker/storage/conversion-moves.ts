import type { EarningBounds } from '../../shared/core/advocate-earning.ts';
import { refundReward, refundTake } from '../../shared/core/refund-rewards.ts';
import { applyMove } from '../../shared/core/reward-moves.ts';
import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { newId } from '../lib/ids.ts';
import { CONFLICT, withRetries } from '../lib/retry.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import {
  conversionCodec,
  conversionView,
  readConversion,
  referralCodec,
  referralReadFrom,
  type StoredConversion,
} from './conversion-records.ts';
import {
  conversionCreatedStats,
  conversionRejectedStats,
  countOrderReported,
  refundStats,
} from './conversion-stats.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import {
  decodeRewards,
  getRewards,
  type RewardChange,
  readRewards,
  stageNewReward,
  stageRewardMove,
  stageRewardWrite,
} from './rewards.ts';
import { addStats, rewardCohort, rewardFields } from './stats-counters.ts';
import { type SubscriptionRecord, stageSubscriptionWrite } from './subscriptions.ts';

/** A new conversion as decided (shared/core's amounts, tiers, caps and risk): everything it writes. */
export interface ConversionPlan {
  /** The conversion's natural key (its order, or the customer's signup). */
  key: string;
  conversion: StoredConversion;
  /** The referral as read (null: this conversion brings the customer in), as it is now, the customer's digest. */
  referral: { before: Referral | null; after: Referral; customer: string };
  rewards: Reward[];
  /** The counter ranges the advocate's earning holds for (null: no sale); `rewarded` when it earned a reward. */
  earning: { bounds: EarningBounds | null; rewarded: { tier: string | null; tierChanged: boolean } | null };
  visitor: string | null;
  /** The visitor turned out to be the advocate's own browser (a self-referral by id or email). */
  visitorIsAdvocate: boolean;
  occurredAt: number;
  now: number;
  /** A renewal: its subscription as read and with this renewal counted (written only if unchanged). */
  subscription?: { before: SubscriptionRecord; after: SubscriptionRecord };
}

const VELOCITY_TTL = 2 * 86400;
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13);

function stageEarning(cs: Changeset, t: Tenant, advocateId: string, earning: ConversionPlan['earning']): void {
  const ledger = redisKeys.advocateLedger(t, advocateId);
  const b = earning.bounds;
  if (b?.monthRewards) cs.guard(ledger, `month:${b.month}`, ...b.monthRewards);
  if (b?.rewardedConversions) cs.guard(ledger, 'conversions', ...b.rewardedConversions);
  if (b && earning.rewarded) {
    cs.incr(ledger, 'conversions', 1).incr(ledger, `month:${b.month}`, 1);
    if (earning.rewarded.tierChanged) cs.hset(ledger, 'tier', earning.rewarded.tier ?? '');
  }
}

/**
 * Records a conversion in one changeset: its record and natural key, the referral (compare-and-set
 * against what was read), the lists, the fraud counters, the ledger within its bounds, the rewards
 * with their indexes and balances, and the analytics. False when something it depends on changed.
 */
export async function recordConversion(redis: Redis, t: Tenant, plan: ConversionPlan): Promise<boolean> {
  const { conversion: c, referral, occurredAt, visitor } = plan;
  const cs = new Changeset()
    .set(redisKeys.conversionByKey(t, plan.key), null, c.id)
    .set(redisKeys.conversion(t, c.id), null, conversionCodec.encode(c))
    .set(
      redisKeys.referral(t, referral.after.id),
      referral.before ? referralReadFrom(referral.before) : null,
      referralCodec.encode(referral.after),
    )
    .zadd(redisKeys.conversions(t, 'all'), 0, c.id)
    .zadd(redisKeys.conversions(t, c.status), 0, c.id)
    .incr(redisKeys.velocity(t, 'advocate', c.advocate_id, hour(occurredAt)), 'n', 1, VELOCITY_TTL);
  if (!referral.before) {
    cs.set(redisKeys.referralByCustomer(t, c.program_id, referral.customer), null, referral.after.id);
    cs.incr(redisKeys.advocateTotals(t, c.advocate_id), 'referrals', 1);
  }
  stageEarning(cs, t, c.advocate_id, plan.earning);
  if (visitor) {
    cs.incr(redisKeys.velocity(t, 'visitor', visitor, hour(occurredAt)), 'n', 1, VELOCITY_TTL);
    cs.incr(redisKeys.velocity(t, 'visitor', visitor, day(occurredAt)), 'n', 1, VELOCITY_TTL);
    if (plan.visitorIsAdvocate) cs.sadd(redisKeys.advocateVisitors(t, c.advocate_id), visitor);
  }
  for (const reward of plan.rewards) stageNewReward(cs, t, reward);
  if (plan.subscription) stageSubscriptionWrite(cs, t, plan.subscription.before, plan.subscription.after);
  // A renewal is not a new order of the referral rate: its invoice counts among renewals only.
  else if (c.type === 'sale') countOrderReported(cs, t, plan.key, plan.now);
  conversionCreatedStats(cs, t, c, !referral.before, plan.rewards, plan.now);
  return (await cs.apply(redis)).ok;
}

type ReadConversion = NonNullable<Awaited<ReturnType<typeof readConversion>>>;

/** Read-compute-apply on one conversion, from a fresh read on each attempt; `missing` when there is none. */
function onConversion<R>(
  redis: Redis,
  t: Tenant,
  id: string,
  what: string,
  step: (read: ReadConversion) => Promise<R | typeof CONFLICT>,
): Promise<R | { kind: 'missing' }> {
  return withRetries(
    null,
    async () => {
      const read = await readConversion(redis, t, id);
      return read ? step(read) : ({ kind: 'missing' } as const);
    },
    what,
  );
}

export interface ReviewRequest {
  decision: 'approve' | 'reject';
  note: string;
  now: number;
  /** The program's hold period: approved rewards wait it out from now. */
  holdDays: number;
}

export type ReviewResult =
  | { kind: 'reviewed'; conversion: Conversion; moved: RewardChange[] }
  | { kind: 'not_held'; conversion: Conversion }
  | { kind: 'missing' };

/**
 * A held conversion after review: approved (its held rewards start their hold period) or rejected
 * (they are voided). The conversion and all its rewards change in one atomic step.
 */
export async function reviewConversion(redis: Redis, t: Tenant, id: string, r: ReviewRequest): Promise<ReviewResult> {
  return onConversion(redis, t, id, 'conversion review', async (read): Promise<ReviewResult | typeof CONFLICT> => {
    const { stored } = read;
    // The referral rides along in the same read: whether this conversion brought the customer in.
    const ids = stored.reward_ids;
    const raws =
      (await redis.mget<(string | null)[]>(
        ...ids.map((x) => redisKeys.reward(t, x)),
        redisKeys.referral(t, stored.referral_id),
      )) ?? [];
    const rewards = decodeRewards(raws.slice(0, ids.length));
    const referral = referralCodec.decodeOrNull(raws[ids.length]);
    if (stored.status !== 'held')
      return {
        kind: 'not_held',
        conversion: conversionView(
          stored,
          rewards.map((x) => x.reward),
        ),
      };

    const next: StoredConversion = { ...stored, status: r.decision === 'approve' ? 'approved' : 'rejected' };
    const cs = new Changeset().set(redisKeys.conversion(t, id), read.raw, conversionCodec.encode(next));
    cs.zrem(redisKeys.conversions(t, 'held'), id).zadd(redisKeys.conversions(t, next.status), 0, id);
    if (next.status === 'rejected') conversionRejectedStats(cs, t, stored, referral?.conversion_ids[0] === id, r.now);
    const move = r.decision === 'approve' ? (r.holdDays === 0 ? 'approve' : 'release') : 'void';
    const moved: RewardChange[] = [];
    const after = rewards.map((x) => {
      const result = x.reward.status === 'held' ? applyMove(x.reward, move, r.note, r.now, r.holdDays) : 'unchanged';
      if (typeof result === 'string') return x.reward;
      stageRewardMove(cs, t, x, result, r.now);
      moved.push({ before: x.reward, after: result });
      return result;
    });
    return (await cs.apply(redis)).ok ? { kind: 'reviewed', conversion: conversionView(next, after), moved } : CONFLICT;
  });
}

export interface RefundRequest {
  /** The refunded part of the order (undefined: the rest). */
  amount: number | undefined;
  now: number;
  /** Bring the refunded total to this figure instead (a redemption's reversals, mirrored). */
  upTo?: number;
}

export type RefundResult =
  | { kind: 'refunded'; conversion: Conversion; refundedBefore: number; changed: RewardChange[]; adjustments: Reward[] }
  | { kind: 'missing' }
  | { kind: 'no_amount' }
  | { kind: 'too_much'; left: number };

/**
 * A refund of part or all of a converted order takes back the same share of every reward of that
 * conversion (shared/core/refund-rewards.ts), in one atomic step with the conversion.
 */
export async function refundConversion(redis: Redis, t: Tenant, id: string, r: RefundRequest): Promise<RefundResult> {
  return onConversion(redis, t, id, 'refund', async (read): Promise<RefundResult | typeof CONFLICT> => {
    const { stored } = read;
    if (!stored.amount) return { kind: 'no_amount' };
    const refundedBefore = stored.refunded_amount;
    const decided = refundTake({ amount: stored.amount, refunded: refundedBefore }, r.amount, r.upTo);
    if (decided.kind === 'too_much') return decided;
    if (decided.kind === 'reached') {
      const conversion = conversionView(stored, await getRewards(redis, t, stored.reward_ids));
      return { kind: 'refunded', conversion, refundedBefore, changed: [], adjustments: [] };
    }
    const next: StoredConversion = { ...stored, refunded_amount: refundedBefore + decided.take };
    const cs = new Changeset();
    const outcome = stageRefund(
      cs,
      t,
      stored,
      next,
      decided.take,
      await readRewards(redis, t, stored.reward_ids),
      r.now,
    );
    // Staged last, once it lists any new adjustments; still only if unchanged since read.
    cs.set(redisKeys.conversion(t, id), read.raw, conversionCodec.encode(next));
    refundStats(cs, t, stored, decided.take, r.now);
    if (!(await cs.apply(redis)).ok) return CONFLICT;
    const conversion = conversionView(next, [...outcome.after, ...outcome.adjustments]);
    return {
      kind: 'refunded',
      conversion,
      refundedBefore,
      changed: outcome.changed,
      adjustments: outcome.adjustments,
    };
  });
}

/** Each reward's share of the refund staged; `next` lists the adjustments made. */
function stageRefund(
  cs: Changeset,
  t: Tenant,
  stored: StoredConversion,
  next: StoredConversion,
  take: number,
  rewards: Awaited<ReturnType<typeof readRewards>>,
  now: number,
) {
  const facts = {
    refunded: next.refunded_amount,
    orderAmount: stored.amount ?? 0,
    note: `refund of ${take} of ${stored.amount} ${stored.currency ?? ''}`.trim(),
    at: new Date(now).toISOString(),
    adjustmentId: () => newId('reward', now),
  };
  const after: Reward[] = [];
  const changed: RewardChange[] = [];
  const adjustments: Reward[] = [];
  for (const read of rewards) {
    const refund = refundReward(read.reward, facts);
    if (!refund) {
      after.push(read.reward);
      continue;
    }
    if (refund.adjustment) {
      const adj = refund.adjustment;
      stageNewReward(cs, t, adj);
      addStats(cs, t, rewardCohort(adj), rewardFields(adj, 'approved', adj.amount, 1), now);
      stageRewardWrite(cs, t, read, refund.after);
      adjustments.push(adj);
      next.reward_ids = [...next.reward_ids, adj.id];
    } else stageRewardMove(cs, t, read, refund.after, now);
    after.push(refund.after);
    changed.push({ before: read.reward, after: refund.after });
  }
  return { after, changed, adjustments };
}
