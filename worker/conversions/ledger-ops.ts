import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import type { Changeset } from '../storage/changeset.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { unitOf } from '../../shared/core/rewards.ts';

/**
 * The indexes and balances that follow a reward's state, changed in the same changeset as the
 * reward itself: balances are sums kept exact by construction (every move of a reward moves its
 * amount between two balance fields in the same atomic step).
 */
const BALANCED: ReadonlySet<RewardStatus> = new Set(['pending', 'held', 'approved', 'paid']);

export function dueMember(t: Tenant, rewardId: string): string {
  return `${t.mode}:${t.merchantId}:${rewardId}`;
}

/** Lists and the scheduled-approval queue for a reward now in `reward.status` (was `before`). */
export function indexReward(cs: Changeset, t: Tenant, reward: Reward, before: RewardStatus | null): void {
  if (before === null) {
    cs.zadd(redisKeys.rewards(t, 'all'), 0, reward.id).zadd(
      redisKeys.advocateRewards(t, reward.advocate_id),
      0,
      reward.id,
    );
  } else if (before !== reward.status) {
    cs.zrem(redisKeys.rewards(t, before), reward.id);
  }
  cs.zadd(redisKeys.rewards(t, reward.status), 0, reward.id);
  if (reward.status === 'pending' && reward.approve_after)
    cs.zadd(redisKeys.rewardsDue(), Date.parse(reward.approve_after), dueMember(t, reward.id));
  else if (before === 'pending') cs.zrem(redisKeys.rewardsDue(), dueMember(t, reward.id));
}

/** Adds `amount` to the advocate's balance field for `status` (no-op for voided and friends' rewards). */
export function addToLedger(
  cs: Changeset,
  t: Tenant,
  reward: Pick<Reward, 'advocate_id' | 'currency' | 'recipient'>,
  status: RewardStatus,
  amount: number,
): void {
  if (reward.recipient === 'advocate' && BALANCED.has(status))
    cs.incr(redisKeys.advocateBalance(t, reward.advocate_id), `${status}:${unitOf(reward)}`, amount);
}
