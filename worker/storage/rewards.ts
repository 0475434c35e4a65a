import { applyMove, blockedByPayout, MOVES, type RewardMove } from '../../shared/core/reward-moves.ts';
import { unitOf } from '../../shared/core/rewards.ts';
import { type Balance, Reward, type RewardStatus } from '../../shared/schemas/reward.ts';
import { CONFLICT, withRetries } from '../lib/retry.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { hashFields } from './hash-reply.ts';
import { pageOfIds } from './paginate.ts';
import { type Mode, redisKeys, type Tenant } from './redis-keys.ts';
import { moveRewardStats } from './stats-counters.ts';
import { defineStore } from './store.ts';

/** A reward (or adjustment) as stored: the API shape. */
export const rewardCodec = defineCodec({ name: 'reward', schema: Reward });

export type MoveResult =
  | { kind: 'moved'; reward: Reward; previous: Reward }
  | { kind: 'unchanged'; reward: Reward }
  | { kind: 'not_allowed'; reward: Reward; allowedFrom: RewardStatus[] }
  /** In a payout (`reward.payout_id`): it moves with the payout. */
  | { kind: 'in_payout'; reward: Reward }
  | { kind: 'missing' };

/** A reward's change: what it was and what it is now (same id). */
export interface RewardChange {
  before: Reward;
  after: Reward;
}

/** A reward read with the stored text it was decoded from (what a compare-and-set writes over). */
export interface ReadReward {
  raw: string;
  reward: Reward;
}

/**
 * The indexes and balances that follow a reward's state, changed in the same changeset as the
 * reward itself: balances are sums kept exact by construction (every move of a reward moves its
 * amount between two balance fields in the same atomic step).
 */
const BALANCED: ReadonlySet<RewardStatus> = new Set(['pending', 'held', 'approved', 'paid']);

const dueMember = (t: Tenant, rewardId: string) => `${t.mode}:${t.merchantId}:${rewardId}`;

/** Lists and the scheduled-approval queue for a reward now in `reward.status` (was `before`). */
function indexReward(cs: Changeset, t: Tenant, reward: Reward, before: RewardStatus | null): void {
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
function addToLedger(cs: Changeset, t: Tenant, reward: Reward, status: RewardStatus, amount: number): void {
  if (reward.recipient === 'advocate' && BALANCED.has(status))
    cs.incr(redisKeys.advocateBalance(t, reward.advocate_id), `${status}:${unitOf(reward)}`, amount);
}

/** A new reward (or adjustment): its record, indexes and balance; its stats are the caller's. */
export function stageNewReward(cs: Changeset, t: Tenant, reward: Reward): void {
  cs.set(redisKeys.reward(t, reward.id), null, rewardCodec.encode(reward));
  indexReward(cs, t, reward, null);
  addToLedger(cs, t, reward, reward.status, reward.amount);
}

/** A reward's record rewritten (compare-and-set) with no change of state or amount: a paid reward's refund note. */
export function stageRewardWrite(cs: Changeset, t: Tenant, read: ReadReward, after: Reward): void {
  cs.set(redisKeys.reward(t, after.id), read.raw, rewardCodec.encode(after));
}

/** A reward's change: the record (compare-and-set), its indexes, the balances and the analytics of its cohort. */
export function stageRewardMove(cs: Changeset, t: Tenant, read: ReadReward, after: Reward, now: number): void {
  const before = read.reward;
  stageRewardWrite(cs, t, read, after);
  indexReward(cs, t, after, before.status);
  addToLedger(cs, t, before, before.status, -before.amount);
  addToLedger(cs, t, after, after.status, after.amount);
  moveRewardStats(cs, t, before, after, now);
}

/** Rewards by id with their stored text, in id order; missing ones left out. */
export async function readRewards(redis: Redis, t: Tenant, ids: string[]): Promise<ReadReward[]> {
  if (ids.length === 0) return [];
  const raws = (await redis.mget<(string | null)[]>(...ids.map((id) => redisKeys.reward(t, id)))) ?? [];
  return decodeRewards(raws);
}

export function decodeRewards(raws: (string | null)[]): ReadReward[] {
  return raws.flatMap((raw) => (raw ? [{ raw, reward: rewardCodec.decode(raw) }] : []));
}

export async function getRewards(redis: Redis, t: Tenant, ids: string[]): Promise<Reward[]> {
  return (await readRewards(redis, t, ids)).map((r) => r.reward);
}

/** Moves one reward by the state machine (shared/core/reward-moves.ts), atomically with its balances. Idempotent. */
async function moveReward(redis: Redis, t: Tenant, id: string, move: RewardMove, note: string, now: number, hold = 0) {
  return withRetries(
    null,
    async (): Promise<MoveResult | typeof CONFLICT> => {
      const [read] = await readRewards(redis, t, [id]);
      if (!read) return { kind: 'missing' };
      if (blockedByPayout(read.reward, move)) return { kind: 'in_payout', reward: read.reward };
      const after = applyMove(read.reward, move, note, now, hold);
      if (after === 'unchanged') return { kind: 'unchanged', reward: read.reward };
      if (after === 'not_allowed') return { kind: 'not_allowed', reward: read.reward, allowedFrom: MOVES[move].from };
      const cs = new Changeset();
      stageRewardMove(cs, t, read, after, now);
      return (await cs.apply(redis)).ok ? { kind: 'moved', reward: after, previous: read.reward } : CONFLICT;
    },
    'reward move',
  );
}

/** Records the code issued for a `reward_code` reward, once: a reward that has one keeps it. Null when missing. */
async function setRewardCode(redis: Redis, t: Tenant, id: string, code: NonNullable<Reward['reward_code']>) {
  return withRetries(
    null,
    async (): Promise<Reward | null | typeof CONFLICT> => {
      const [read] = await readRewards(redis, t, [id]);
      if (!read) return null;
      if (read.reward.reward_code) return read.reward;
      const after = { ...read.reward, reward_code: code };
      const cs = new Changeset();
      stageRewardWrite(cs, t, read, after);
      return (await cs.apply(redis)).ok ? after : CONFLICT;
    },
    'reward code',
  );
}

const STATES = ['pending', 'held', 'approved', 'paid'] as const;

/** The advocate's balance lines from the `{status}:{unit}` sums kept by every reward move. */
async function readBalance(redis: Redis, t: Tenant, advocateId: string): Promise<Balance> {
  const entries = Object.entries(hashFields(await redis.hgetall(redisKeys.advocateBalance(t, advocateId))));
  const lines = new Map<string, Balance['lines'][number]>();
  for (const [field, value] of entries) {
    const sep = field.indexOf(':');
    const state = field.slice(0, sep) as (typeof STATES)[number];
    const unit = field.slice(sep + 1);
    if (!STATES.includes(state)) continue;
    const line = lines.get(unit) ?? { unit, pending: 0, held: 0, approved: 0, paid: 0 };
    line[state] += Number(value);
    lines.set(unit, line);
  }
  return {
    object: 'balance',
    advocate_id: advocateId,
    lines: [...lines.values()].sort((a, b) => a.unit.localeCompare(b.unit)),
  };
}

/** A pending reward whose hold period is over, as the scheduled-approval queue names it. */
export interface DueReward {
  tenant: Tenant;
  rewardId: string;
}

async function dueRewards(redis: Redis, now: number, limit: number): Promise<DueReward[]> {
  const members = (await redis.zrange(redisKeys.rewardsDue(), '-inf', now, {
    byScore: true,
    offset: 0,
    count: limit,
  })) as string[];
  return members.map((member) => {
    const [mode, merchantId, rewardId] = member.split(':') as [Mode, string, string];
    return { tenant: { mode, merchantId }, rewardId };
  });
}

/** Rewards and balances of a tenant; the scheduled-approval queue (global). */
export const rewardStore = defineStore((redis) => ({
  get: async (t: Tenant, id: string) => (await getRewards(redis, t, [id]))[0] ?? null,
  getMany: (t: Tenant, ids: string[]) => getRewards(redis, t, ids),
  /** A page of an advocate's rewards, or of the tenant's (all or one status); `ids` is the page before any filter. */
  page: async (t: Tenant, of: { advocateId?: string; status?: RewardStatus }, limit: number, after?: string) => {
    const index = of.advocateId
      ? redisKeys.advocateRewards(t, of.advocateId)
      : redisKeys.rewards(t, of.status ?? 'all');
    const page = await pageOfIds(redis, index, limit, after);
    return { ...page, rewards: await getRewards(redis, t, page.ids) };
  },
  move: (t: Tenant, id: string, move: RewardMove, note: string, now: number, holdDays = 0) =>
    moveReward(redis, t, id, move, note, now, holdDays),
  balance: (t: Tenant, advocateId: string) => readBalance(redis, t, advocateId),
  /** Records a reward code's code on its reward, once (reward-codes/). */
  setRewardCode: (t: Tenant, id: string, code: NonNullable<Reward['reward_code']>) => setRewardCode(redis, t, id, code),
  /** Up to `limit` pending rewards due at `now`, oldest due first. */
  due: (now: number, limit: number) => dueRewards(redis, now, limit),
  /** Back in the queue, due now: its approval's event was lost, the next run sends it. */
  dueAgain: async (d: DueReward, now: number) => {
    await redis.zadd(redisKeys.rewardsDue(), { score: now, member: dueMember(d.tenant, d.rewardId) });
  },
  /** Out of the queue: not pending any more, or gone. */
  notDue: async (d: DueReward) => {
    await redis.zrem(redisKeys.rewardsDue(), dueMember(d.tenant, d.rewardId));
  },
}));
export type RewardStore = ReturnType<typeof rewardStore>;
