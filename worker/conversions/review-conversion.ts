import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import { conversionRejectedStats } from '../analytics/record-conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { Redis } from '../storage/client.ts';
import { applyMove } from '../../shared/core/reward-moves.ts';
import { stageMove } from '../rewards/move-reward.ts';
import { Changeset, CONFLICT, withRetries } from '../storage/changeset.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import type { RewardChange } from './publish-outcomes.ts';
import { conversionView, parse, type StoredConversion } from './records.ts';

export type ReviewResult =
  | { kind: 'reviewed'; conversion: Conversion; moved: RewardChange[] }
  | { kind: 'not_held'; conversion: Conversion }
  | { kind: 'missing' };

/**
 * A held conversion after review: approved (its held rewards start their hold period) or rejected
 * (they are voided). The conversion and all its rewards change in one atomic step.
 */
export async function reviewConversion(
  redis: Redis,
  t: Tenant,
  id: string,
  decision: 'approve' | 'reject',
  note: string,
  now: number,
  holdDays: number,
): Promise<ReviewResult> {
  return withRetries(async () => {
    const raw = await redis.get<string>(redisKeys.conversion(t, id));
    const stored = parse<StoredConversion>(raw);
    if (!raw || !stored) return { kind: 'missing' } as ReviewResult;
    // The referral rides along in the same read: whether this conversion brought the customer in.
    const raws =
      (await redis.mget<(string | null)[]>(
        ...stored.reward_ids.map((r) => redisKeys.reward(t, r)),
        redisKeys.referral(t, stored.referral_id),
      )) ?? [];
    const rewardRaws = raws.slice(0, stored.reward_ids.length);
    const referral = parse<Referral>(raws[stored.reward_ids.length]);
    const rewards = rewardRaws.map((r) => parse<Reward>(r)).filter((r): r is Reward => r !== null);
    if (stored.status !== 'held')
      return { kind: 'not_held', conversion: conversionView(stored, rewards) } as ReviewResult;

    const next: StoredConversion = { ...stored, status: decision === 'approve' ? 'approved' : 'rejected' };
    const cs = new Changeset().set(redisKeys.conversion(t, id), raw, JSON.stringify(next));
    cs.zrem(redisKeys.conversions(t, 'held'), id).zadd(redisKeys.conversions(t, next.status), 0, id);
    if (next.status === 'rejected') conversionRejectedStats(cs, t, stored, referral?.conversion_ids[0] === id, now);
    const after: Reward[] = [];
    const moved: RewardChange[] = [];
    rewards.forEach((reward, i) => {
      const result =
        reward.status === 'held'
          ? applyMove(
              reward,
              decision === 'approve' ? (holdDays === 0 ? 'approve' : 'release') : 'void',
              note,
              now,
              holdDays,
            )
          : 'unchanged';
      if (typeof result === 'string') {
        after.push(reward);
        return;
      }
      stageMove(cs, t, rewardRaws[i]!, reward, result, now);
      after.push(result);
      moved.push({ before: reward, after: result });
    });
    const applied = await cs.apply(redis);
    return applied.ok
      ? ({ kind: 'reviewed', conversion: conversionView(next, after), moved } as ReviewResult)
      : CONFLICT;
  }, 'conversion review');
}
