import { everApproved } from '../../shared/core/reward-moves.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { CreditPublisher as Publisher } from '../credits/credit-events.ts';
import { advocateStore } from '../storage/advocates.ts';
import { pointsStore } from '../storage/points.ts';
import { programStore } from '../storage/programs.ts';
import { publishPointsChanges } from './points-events.ts';

const DAY_MS = 86_400_000;

/** What a `points` reward is worth in points now: its unrefunded amount once approved, 0 once voided. */
function pointsTarget(reward: Reward): number | null {
  if (reward.type !== 'points' || reward.recipient !== 'advocate' || reward.kind !== 'reward') return null;
  if (reward.status === 'approved' || reward.status === 'paid')
    return Math.max(0, reward.original_amount - reward.reversed_amount);
  // A void of a reward never approved: nothing was given, nothing to take back (and no read for it).
  return reward.status === 'voided' && everApproved(reward) ? 0 : null;
}

/**
 * Brings the advocate's points in the reward's program in line with their `points` rewards, after any
 * write that moved them (approval by hand or by the scheduled run, void, refund). Each step is applied
 * once by its reference (the reward id, and the target a refund brought it to), so calling it again
 * after a retry or a lost event changes nothing and publishes the same events. The lot lapses
 * `points.expire_after_days` after the approval.
 */
export async function pointsForRewards(p: Publisher, rewards: Reward[], now: number): Promise<void> {
  const points = pointsStore(p.env);
  for (const reward of rewards) {
    const target = pointsTarget(reward);
    if (target === null) continue;
    const advocate = await advocateStore(p.env).get(p.tenant, reward.advocate_id);
    if (!advocate) continue;
    const owner = { tenant: p.tenant, programId: reward.program_id, externalId: advocate.external_id };
    if (target > 0) {
      const program = await programStore(p.env).get(p.tenant, reward.program_id);
      const days = program?.points.expire_after_days ?? null;
      const expiresAt = days === null ? null : now + days * DAY_MS;
      const earned = await points.earn(owner, { id: reward.id, points: target, expiresAt }, now);
      await publishPointsChanges(p, owner, [...earned.expired, earned.entry]);
    }
    const revoked = await points.revoke(owner, reward.id, target, now);
    await publishPointsChanges(p, owner, [...revoked.expired, revoked.entry]);
  }
}
