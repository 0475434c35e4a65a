import { refundedShare } from '../../shared/core/refunds.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from '../storage/client.ts';
import { Changeset, CONFLICT, withRetries } from '../storage/changeset.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { addToLedger, indexReward } from './ledger-ops.ts';
import { refundStats } from '../analytics/record-conversion.ts';
import { addStats, moveRewardStats, rewardCohort, rewardFields } from '../storage/stats-counters.ts';
import type { RewardChange } from './publish-outcomes.ts';
import { conversionView, getRewards, parse, type StoredConversion } from './records.ts';

export type RefundResult =
  | { kind: 'refunded'; conversion: Conversion; refundedBefore: number; changed: RewardChange[]; adjustments: Reward[] }
  | { kind: 'missing' }
  | { kind: 'no_amount' }
  | { kind: 'too_much'; left: number };

/**
 * A refund of part or all of a converted order takes back the same share of every reward of that
 * conversion. Unpaid rewards shrink (and are voided at zero); a reward already paid keeps its
 * status and the share comes back as a negative `adjustment`, approved, so it is netted against
 * the advocate's next payout. Shares are computed on the running total (not per refund), so
 * several partial refunds add up exactly to a full one. One atomic step with the conversion.
 */
export async function refundConversion(
  redis: Redis,
  t: Tenant,
  id: string,
  amount: number | undefined,
  now: number,
  options: { upTo?: number } = {},
): Promise<RefundResult> {
  return withRetries(async () => {
    const raw = await redis.get<string>(redisKeys.conversion(t, id));
    const stored = parse<StoredConversion>(raw);
    if (!raw || !stored) return { kind: 'missing' } as RefundResult;
    if (!stored.amount) return { kind: 'no_amount' } as RefundResult;
    const left = stored.amount - stored.refunded_amount;
    const refundedBefore = stored.refunded_amount;
    // `upTo`: bring the refunded total to this figure (a refund mirrored from a redemption's
    // reversals: repeating it changes nothing, so a retry after a partial failure heals).
    if (options.upTo !== undefined && options.upTo <= stored.refunded_amount) {
      const conversion = conversionView(stored, await getRewards(redis, t, stored.reward_ids));
      return { kind: 'refunded', conversion, refundedBefore, changed: [], adjustments: [] } as RefundResult;
    }
    const take = options.upTo !== undefined ? Math.min(options.upTo - stored.refunded_amount, left) : (amount ?? left);
    if (take > left || take <= 0) return { kind: 'too_much', left } as RefundResult;
    const refunded = stored.refunded_amount + take;
    const at = new Date(now).toISOString();
    const rewardRaws = stored.reward_ids.length
      ? ((await redis.mget<(string | null)[]>(...stored.reward_ids.map((r) => redisKeys.reward(t, r)))) ?? [])
      : [];
    const next: StoredConversion = { ...stored, refunded_amount: refunded };
    const cs = new Changeset();
    const after: Reward[] = [];
    const changed: RewardChange[] = [];
    const adjustments: Reward[] = [];
    rewardRaws.forEach((rewardRaw) => {
      const reward = parse<Reward>(rewardRaw);
      if (!reward) return;
      const target = refundedShare(reward.original_amount, refunded, stored.amount!);
      const delta = target - reward.reversed_amount;
      if (delta <= 0 || reward.status === 'voided') {
        after.push(reward);
        return;
      }
      const note = `refund of ${take} of ${stored.amount} ${stored.currency ?? ''}`.trim();
      let updated: Reward;
      if (reward.status === 'paid') {
        updated = {
          ...reward,
          reversed_amount: target,
          history: [...reward.history, { status: 'paid', at, note: `${note}: ${delta} taken back by adjustment` }],
          updated_at: at,
        };
        const adjustment: Reward = {
          ...reward,
          id: newId('reward', now),
          kind: 'adjustment',
          amount: -delta,
          original_amount: -delta,
          reversed_amount: 0,
          status: 'approved',
          approve_after: null,
          history: [{ status: 'approved', at, note: `${note}: paid reward ${reward.id} reduced by ${delta}` }],
          created_at: at,
          updated_at: at,
        };
        cs.set(redisKeys.reward(t, adjustment.id), null, JSON.stringify(adjustment));
        indexReward(cs, t, adjustment, null);
        addToLedger(cs, t, adjustment, 'approved', adjustment.amount);
        addStats(cs, t, rewardCohort(adjustment), rewardFields(adjustment, 'approved', adjustment.amount, 1), now);
        adjustments.push(adjustment);
        next.reward_ids = [...next.reward_ids, adjustment.id];
      } else {
        const remaining = reward.original_amount - target;
        const status = remaining <= 0 ? 'voided' : reward.status;
        updated = {
          ...reward,
          amount: remaining,
          reversed_amount: target,
          status,
          approve_after: status === 'voided' ? null : reward.approve_after,
          history: [...reward.history, { status, at, note: `${note}: reward reduced by ${delta}` }],
          updated_at: at,
        };
        addToLedger(cs, t, reward, reward.status, -reward.amount);
        addToLedger(cs, t, updated, updated.status, updated.amount);
        indexReward(cs, t, updated, reward.status);
        moveRewardStats(cs, t, reward, updated, now);
      }
      cs.set(redisKeys.reward(t, reward.id), rewardRaw!, JSON.stringify(updated));
      after.push(updated);
      changed.push({ before: reward, after: updated });
    });
    // Staged last, once it lists any new adjustments; still only if unchanged since read.
    cs.set(redisKeys.conversion(t, id), raw, JSON.stringify(next));
    refundStats(cs, t, stored, take, now);
    const applied = await cs.apply(redis);
    if (!applied.ok) return CONFLICT;
    const conversion = conversionView(next, [...after, ...adjustments]);
    return { kind: 'refunded', conversion, refundedBefore, changed, adjustments } as RefundResult;
  }, 'refund');
}
