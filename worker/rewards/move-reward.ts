import type { RewardMove } from '../../shared/core/reward-moves.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { currentEvents, type Publisher, publish, rewardEvents } from '../conversions/publish-outcomes.ts';
import { fulfilRewards } from '../fulfilment/fulfil-rewards.ts';
import { withRewardCodes } from '../reward-codes/fulfil-reward-codes.ts';
import { type MoveResult, rewardStore } from '../storage/rewards.ts';

export type { MoveResult, RewardMove };

/**
 * A merchant's move of one reward (approve, void, mark paid), atomic with its balances and
 * idempotent; then what Vouch gives for it, then its event (carrying a reward code issued by the
 * approval). A retry (unchanged) publishes the reward's events again: one a failure after the move
 * lost goes out now.
 */
export async function moveReward(
  p: Publisher,
  id: string,
  move: RewardMove,
  note: string,
  now: number,
): Promise<MoveResult> {
  const result = await rewardStore(p.env).move(p.tenant, id, move, note, now);
  if (result.kind !== 'moved' && result.kind !== 'unchanged') return result;
  // A store_credit reward's credit follows its state (applied once: a retry completes a lost step).
  await fulfilRewards(p, [result.reward], now);
  const [reward] = (await withRewardCodes(p, [result.reward])) as [Reward];
  if (result.kind === 'moved') {
    await publish(p, rewardEvents([{ before: result.previous, after: reward }]));
    return { ...result, reward };
  }
  await publish(p, currentEvents([reward]));
  return { ...result, reward };
}
