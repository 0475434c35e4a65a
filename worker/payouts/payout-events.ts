import type { Payout } from '../../shared/schemas/payout.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { currentEvents, rewardEvents } from '../conversions/publish-outcomes.ts';
import type { PayoutMoveResult } from '../storage/payouts.ts';
import type { EventInput } from '../webhooks/publish-events.ts';

/** payout.created, keyed by the payout: a retried run publishes it again harmlessly. */
export function payoutCreatedEvent(p: Payout): EventInput {
  return { type: 'payout.created', key: `payout.created:${p.id}`, data: p };
}

/** The event of a finished payout (none for processing), keyed by the payout: sent once however often retried. */
function finishedEvent(p: Payout, before?: Payout): EventInput[] {
  const previous = before ? { status: before.status } : undefined;
  if (p.status === 'paid') return [{ type: 'payout.paid', key: `payout.paid:${p.id}`, data: p, previous }];
  if (p.status === 'failed') return [{ type: 'payout.failed', key: `payout.failed:${p.id}`, data: p, previous }];
  return [];
}

/** What a payout move changed: its event, then its rewards' (reward.paid for each reward a paid payout paid). */
export function payoutMoveEvents(moved: Extract<PayoutMoveResult, { kind: 'moved' }>): EventInput[] {
  return [...finishedEvent(moved.payout, moved.previous), ...rewardEvents(moved.rewards)];
}

/** For a retried move (unchanged): the events again, same keys, so one lost after the write goes out now. */
export function payoutAgainEvents(p: Payout, rewards: Reward[]): EventInput[] {
  const paid = p.status === 'paid' ? rewards.filter((r) => r.payout_id === p.id && r.status === 'paid') : [];
  return [...finishedEvent(p), ...currentEvents(paid).filter((e) => e.type === 'reward.paid')];
}
