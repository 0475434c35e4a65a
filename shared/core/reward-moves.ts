import type { Reward, RewardStatus } from '../schemas/reward.ts';

/**
 * The ledger's state machine: pending -> approved -> paid, held -> pending|approved|voided,
 * anything unpaid -> voided.
 */
export type RewardMove = 'approve' | 'void' | 'mark_paid' | 'release';

export const MOVES: Record<RewardMove, { from: RewardStatus[]; to: RewardStatus }> = {
  approve: { from: ['pending', 'held'], to: 'approved' },
  void: { from: ['pending', 'held', 'approved'], to: 'voided' },
  mark_paid: { from: ['approved'], to: 'paid' },
  // A held reward cleared by review starts its hold period.
  release: { from: ['held'], to: 'pending' },
};

/** The reward after `move` at time `now`, or why not. */
export function applyMove(
  reward: Reward,
  move: RewardMove,
  note: string,
  now: number,
  holdDays = 0,
): Reward | 'unchanged' | 'not_allowed' {
  const { from, to } = MOVES[move];
  if (reward.status === to) return 'unchanged';
  if (!from.includes(reward.status)) return 'not_allowed';
  const at = new Date(now).toISOString();
  return {
    ...reward,
    status: to,
    approve_after: to === 'pending' ? new Date(now + holdDays * 86400_000).toISOString() : null,
    history: [...reward.history, { status: to, at, note }],
    updated_at: at,
  };
}

/**
 * A reward in a payout (its `payout_id` set) moves only with the payout: voiding it would take back
 * money already on its way, marking it paid by hand would pay it twice. A refund becomes an adjustment.
 */
export function blockedByPayout(reward: Reward, move: RewardMove): boolean {
  return Boolean(reward.payout_id) && (move === 'void' || move === 'mark_paid');
}

/**
 * Whether the reward was ever approved (or paid): only then did Vouch give anything for it (store
 * credit, points, a charity count), so a void of one that never was takes nothing back and needs no
 * read. Every history starts with the reward's first state, so this is exact.
 */
export function everApproved(reward: Reward): boolean {
  return reward.history.some((h) => h.status === 'approved' || h.status === 'paid');
}
