import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { addToLedger, indexReward } from '../conversions/ledger-ops.ts';
import { parse } from '../conversions/records.ts';
import type { Redis } from '../lib/redis.ts';
import { moveRewardStats } from '../analytics/record-stats.ts';
import { Changeset, CONFLICT, withRetries } from '../storage/changeset.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

/** The ledger's state machine: pending -> approved -> paid, held -> pending|approved|voided, anything unpaid -> voided. */
export type RewardMove = 'approve' | 'void' | 'mark_paid' | 'release';

const MOVES: Record<RewardMove, { from: RewardStatus[]; to: RewardStatus }> = {
  approve: { from: ['pending', 'held'], to: 'approved' },
  void: { from: ['pending', 'held', 'approved'], to: 'voided' },
  mark_paid: { from: ['approved'], to: 'paid' },
  // A held reward cleared by review starts its hold period.
  release: { from: ['held'], to: 'pending' },
};

export type MoveResult =
  | { kind: 'moved'; reward: Reward; previous: Reward }
  | { kind: 'unchanged'; reward: Reward }
  | { kind: 'not_allowed'; reward: Reward; allowedFrom: RewardStatus[] }
  | { kind: 'missing' };

/** The reward after `move`, or why not (without writing). */
export function applyMove(reward: Reward, move: RewardMove, note: string, now: number, holdDays = 0): Reward | 'unchanged' | 'not_allowed' {
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

/** Adds a reward's move to a changeset: the record (compare-and-set), its indexes, the balances and the analytics of its cohort. */
export function stageMove(cs: Changeset, t: Tenant, raw: string, before: Reward, after: Reward, now: number): void {
  cs.set(redisKeys.reward(t, after.id), raw, JSON.stringify(after));
  indexReward(cs, t, after, before.status);
  addToLedger(cs, t, before, before.status, -before.amount);
  addToLedger(cs, t, after, after.status, after.amount);
  moveRewardStats(cs, t, before, after, now);
}

/** Moves one reward, atomically with its balances; retried on a concurrent change. Idempotent. */
export async function moveReward(redis: Redis, t: Tenant, id: string, move: RewardMove, note: string, now: number, holdDays = 0): Promise<MoveResult> {
  return withRetries(async () => {
    const raw = await redis.get<string>(redisKeys.reward(t, id));
    const reward = parse<Reward>(raw);
    if (!raw || !reward) return { kind: 'missing' } as MoveResult;
    const after = applyMove(reward, move, note, now, holdDays);
    if (after === 'unchanged') return { kind: 'unchanged', reward } as MoveResult;
    if (after === 'not_allowed') return { kind: 'not_allowed', reward, allowedFrom: MOVES[move].from } as MoveResult;
    const cs = new Changeset();
    stageMove(cs, t, raw, reward, after, now);
    const applied = await cs.apply(redis);
    return applied.ok ? { kind: 'moved', reward: after, previous: reward } as MoveResult : CONFLICT;
  }, 'reward move');
}
