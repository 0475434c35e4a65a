import type { Reward } from '../schemas/reward.ts';
import { refundedShare } from './refunds.ts';

/** How much a refund request takes from an order, or why it takes nothing. */
export type RefundTake = { kind: 'take'; take: number } | { kind: 'reached' } | { kind: 'too_much'; left: number };

/**
 * The part of an order of `amount` (`refunded` so far) a refund takes: `requested`, or the rest
 * when omitted; `upTo` brings the refunded total to that figure instead (a refund mirrored from a
 * redemption's reversals: asked again it takes nothing, `reached`). Nothing, or more than is left,
 * is `too_much`.
 */
export function refundTake(
  order: { amount: number; refunded: number },
  requested: number | undefined,
  upTo?: number,
): RefundTake {
  const left = order.amount - order.refunded;
  if (upTo !== undefined && upTo <= order.refunded) return { kind: 'reached' };
  const take = upTo !== undefined ? Math.min(upTo - order.refunded, left) : (requested ?? left);
  if (take > left || take <= 0) return { kind: 'too_much', left };
  return { kind: 'take', take };
}

/** What a refund does to one reward: its new state, and the adjustment that takes a paid reward's share back. */
export interface RewardRefund {
  after: Reward;
  adjustment: Reward | null;
}

export interface RefundFacts {
  /** The order's refunded total after this refund, and its amount. */
  refunded: number;
  orderAmount: number;
  /** Why, in the rewards' history (`refund of 2500 of 10000 USD`). */
  note: string;
  at: string;
  /** Mints the id of an adjustment (only called when one is made). */
  adjustmentId: () => string;
}

/**
 * A reward after a refund: it gives back the same share as the order (refundedShare, on the running
 * total, so partial refunds sum to the whole). An unpaid reward shrinks (voided at zero); a paid one
 * keeps its status and amount, and the share comes back as a negative `adjustment`, approved, netted
 * against the next payout. Null when this refund takes nothing more from it (or it is voided).
 */
export function refundReward(reward: Reward, f: RefundFacts): RewardRefund | null {
  const target = refundedShare(reward.original_amount, f.refunded, f.orderAmount);
  const delta = target - reward.reversed_amount;
  if (delta <= 0 || reward.status === 'voided') return null;
  // A reward in a payout not yet finished is settled like a paid one: the amount sent never changes.
  if (reward.status === 'paid' || (reward.status === 'approved' && reward.payout_id)) {
    const note = `${f.note}: ${delta} taken back by adjustment`;
    const after: Reward = {
      ...reward,
      reversed_amount: target,
      history: [...reward.history, { status: reward.status, at: f.at, note }],
      updated_at: f.at,
    };
    const what = reward.status === 'paid' ? 'paid reward' : `reward in payout ${reward.payout_id}`;
    const adjustment: Reward = {
      ...reward,
      id: f.adjustmentId(),
      kind: 'adjustment',
      payout_id: null,
      amount: -delta,
      original_amount: -delta,
      reversed_amount: 0,
      status: 'approved',
      approve_after: null,
      history: [{ status: 'approved', at: f.at, note: `${f.note}: ${what} ${reward.id} reduced by ${delta}` }],
      created_at: f.at,
      updated_at: f.at,
    };
    return { after, adjustment };
  }
  const remaining = reward.original_amount - target;
  const status = remaining <= 0 ? 'voided' : reward.status;
  const after: Reward = {
    ...reward,
    amount: remaining,
    reversed_amount: target,
    status,
    approve_after: status === 'voided' ? null : reward.approve_after,
    history: [...reward.history, { status, at: f.at, note: `${f.note}: reward reduced by ${delta}` }],
    updated_at: f.at,
  };
  return { after, adjustment: null };
}
