import type { Reward } from '../../shared/schemas/reward.ts';
import { countCharityRewards } from '../charity/count-charity.ts';
import type { CreditPublisher as Publisher } from '../credits/credit-events.ts';
import { creditRewards } from '../credits/reward-credit.ts';
import { pointsForRewards } from '../points/reward-points.ts';
import { fulfilRewardCodes } from '../reward-codes/fulfil-reward-codes.ts';

/**
 * What Vouch itself gives for rewards that moved (created, approved by hand or by the scheduled run,
 * voided, refunded): store credit, reward codes, points, charity totals. Each part follows the
 * reward's state and is applied once by its own reference, so calling this again after a retry or a
 * lost step changes nothing and publishes the same events. One call site per write path; each part
 * adds its line here.
 */
export async function fulfilRewards(p: Publisher, rewards: Reward[], now: number): Promise<void> {
  await creditRewards(p, rewards, now);
  await fulfilRewardCodes(p, rewards, now);
  await pointsForRewards(p, rewards, now);
  await countCharityRewards(p.env, p.tenant, rewards);
}
