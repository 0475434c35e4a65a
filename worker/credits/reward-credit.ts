import { everApproved } from '../../shared/core/reward-moves.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { advocateStore } from '../storage/advocates.ts';
import { creditStore } from '../storage/credits.ts';
import { type CreditPublisher as Publisher, publishCreditChange } from './credit-events.ts';

/** What a `store_credit` reward is worth in credit now: its unrefunded amount once approved, 0 once voided. */
function creditTarget(reward: Reward): number | null {
  if (reward.type !== 'store_credit' || reward.recipient !== 'advocate' || reward.kind !== 'reward') return null;
  if (reward.status === 'approved' || reward.status === 'paid')
    return Math.max(0, reward.original_amount - reward.reversed_amount);
  // A void of a reward never approved: nothing was given, nothing to take back (and no read for it).
  return reward.status === 'voided' && everApproved(reward) ? 0 : null;
}

/**
 * Brings the advocate's store credit in line with their `store_credit` rewards, after any write that
 * moved them (approval by hand or by the scheduled run, void, refund). Each step is applied once by its
 * reference (the reward id, and the target a refund brought it to), so calling it again after a retry
 * or a lost event changes nothing and publishes the same events.
 */
export async function creditRewards(p: Publisher, rewards: Reward[], now: number): Promise<void> {
  const credits = creditStore(p.env);
  for (const reward of rewards) {
    const target = creditTarget(reward);
    if (target === null || reward.currency === null) continue;
    const advocate = await advocateStore(p.env).get(p.tenant, reward.advocate_id);
    if (!advocate) continue;
    const externalId = advocate.external_id;
    if (target > 0) {
      const granted = await credits.grant(
        p.tenant,
        externalId,
        { id: reward.id, amount: target, currency: reward.currency },
        now,
      );
      await publishCreditChange(p, externalId, granted.entry);
    }
    const revoked = await credits.revoke(p.tenant, externalId, reward.id, target, now);
    await publishCreditChange(p, externalId, revoked.entry);
  }
}
