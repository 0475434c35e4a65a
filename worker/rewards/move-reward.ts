import { applyMove, MOVES, type RewardMove } from '../../shared/core/reward-moves.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { addToLedger, indexReward } from '../conversions/ledger-ops.ts';
import { parse } from '../conversions/records.ts';
import type { Redis } from '../storage/client.ts';
import { moveRewardStats } from '../storage/stats-counters.ts';
import { Changeset, CONFLICT, withRetries } from '../storage/changeset.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

export type { RewardMove };

export type MoveResult =
  | { kind: 'moved'; reward: Reward; previous: Reward }
  | { kind: 'unchanged'; reward: Reward }
  | { kind: 'not_allowed'; reward: Reward; allowedFrom: RewardStatus[] }
  | { kind: 'missing' };

/** Adds a reward's move to a changeset: the record (compare-and-set), its indexes, the balances and the analytics of its cohort. */
export function stageMove(cs: Changeset, t: Tenant, raw: string, before: Reward, after: Reward, now: number): void {
  cs.set(redisKeys.reward(t, after.id), raw, JSON.stringify(after));
  indexReward(cs, t, after, before.status);
  addToLedger(cs, t, before, before.status, -before.amount);
  addToLedger(cs, t, after, after.status, after.amount);
  moveRewardStats(cs, t, before, after, now);
}

/** Moves one reward, atomically with its balances; retried on a concurrent change. Idempotent. */
export async function moveReward(
  redis: Redis,
  t: Tenant,
  id: string,
  move: RewardMove,
  note: string,
  now: number,
  holdDays = 0,
): Promise<MoveResult> {
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
    return applied.ok ? ({ kind: 'moved', reward: after, previous: reward } as MoveResult) : CONFLICT;
  }, 'reward move');
}
