import { applyPayoutMove, type PayoutMove } from '../../shared/core/payouts.ts';
import { applyMove } from '../../shared/core/reward-moves.ts';
import { Payout, type PayoutStatus } from '../../shared/schemas/payout.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { CONFLICT, type Retry, withRetries } from '../lib/retry.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { pageOfIds } from './paginate.ts';
import { type Mode, redisKeys, type Tenant } from './redis-keys.ts';
import {
  decodeRewards,
  type ReadReward,
  type RewardChange,
  readRewards,
  stageRewardMove,
  stageRewardWrite,
} from './rewards.ts';
import { defineStore } from './store.ts';

/** A payout as stored: the API shape. */
export const payoutCodec = defineCodec({ name: 'payout', schema: Payout });

interface ReadPayout {
  raw: string;
  payout: Payout;
}

/** A pending payout the scheduled run sends (again), as the due queue names it. */
export interface DuePayout {
  tenant: Tenant;
  payoutId: string;
}

/** The payouts a gather makes of the rewards as read (each naming its rewards), and when each is sent. */
export type GatherPlan = { payout: Payout; dueAt: number | null }[];

export type PayoutMoveResult =
  | { kind: 'moved'; payout: Payout; previous: Payout; rewards: RewardChange[] }
  | { kind: 'unchanged'; payout: Payout }
  | { kind: 'not_allowed'; payout: Payout }
  | { kind: 'missing' };

// Payouts written per changeset: one round trip for many, a script call of bounded size.
const BATCH = 50;
// A run that died keeps others out this long at most.
const RUN_LOCK_SECONDS = 60;

const member = (t: Tenant, id: string) => `${t.mode}:${t.merchantId}:${id}`;

function parseMember(m: string): { tenant: Tenant; id: string } {
  const [mode, merchantId, id] = m.split(':') as [Mode, string, string];
  return { tenant: { mode, merchantId }, id };
}

async function readPayout(redis: Redis, t: Tenant, id: string): Promise<ReadPayout | null> {
  const raw = await redis.get<string>(redisKeys.payout(t, id));
  return raw ? { raw, payout: payoutCodec.decode(raw) } : null;
}

function indexStatus(cs: Changeset, t: Tenant, id: string, from: PayoutStatus | null, to: PayoutStatus): void {
  if (from) cs.zrem(redisKeys.payouts(t, from), id);
  cs.zadd(redisKeys.payouts(t, to), 0, id);
}

// The stored text of a reward in a payout holds this (JSON escapes quotes inside strings, so no note can):
// such records are skipped before decoding, which keeps repeated and concurrent runs cheap.
const IN_PAYOUT = '"payout_id":"po_';
const PAGE = 1000;

/** Approved rewards in no payout (all, or one advocate's, whatever their state), with their stored text. */
async function readUnpaid(redis: Redis, t: Tenant, advocateId: string | undefined): Promise<ReadReward[]> {
  const index = advocateId ? redisKeys.advocateRewards(t, advocateId) : redisKeys.rewards(t, 'approved');
  const out: ReadReward[] = [];
  for (let after: string | undefined; ; ) {
    const page = await pageOfIds(redis, index, PAGE, after);
    if (page.ids.length === 0) return out;
    const raws = (await redis.mget<(string | null)[]>(...page.ids.map((id) => redisKeys.reward(t, id)))) ?? [];
    out.push(...decodeRewards(raws.map((raw) => (raw && !raw.includes(IN_PAYOUT) ? raw : null))));
    if (!page.hasMore) return out;
    after = page.ids.at(-1);
  }
}

/** Stages new payouts and claims their rewards (compare-and-set on the text read); false if one was taken. */
function stageGathered(cs: Changeset, t: Tenant, planned: GatherPlan, reads: Map<string, ReadReward>): boolean {
  for (const { payout, dueAt } of planned) {
    cs.set(redisKeys.payout(t, payout.id), null, payoutCodec.encode(payout));
    cs.zadd(redisKeys.payouts(t, 'all'), 0, payout.id);
    cs.zadd(redisKeys.advocatePayouts(t, payout.advocate_id), 0, payout.id);
    indexStatus(cs, t, payout.id, null, payout.status);
    for (const id of payout.reward_ids) {
      const read = reads.get(id);
      if (!read || read.reward.payout_id) return false;
      stageRewardWrite(cs, t, read, { ...read.reward, payout_id: payout.id });
    }
    if (dueAt !== null) cs.zadd(redisKeys.payoutsDue(), dueAt, member(t, payout.id));
  }
  return true;
}

/**
 * A payout run: reads the approved rewards in no payout, asks `plan` for payouts of them, and writes
 * them BATCH at a time, each batch ONE changeset that also compare-and-sets every reward's record
 * with its `payout_id`. A reward another run took meanwhile fails its batch: the run reads again and
 * plans again what is left. So no reward is ever in two payouts, whatever runs concurrently.
 */
async function gatherPayouts(
  redis: Redis,
  t: Tenant,
  advocateId: string | undefined,
  plan: (rewards: Reward[]) => Promise<GatherPlan>,
  lock: string | null,
): Promise<Payout[]> {
  const run = await withRetries(
    [] as Payout[],
    async (done): Promise<{ created: Payout[]; released: boolean } | Retry<Payout[]>> => {
      const reads = new Map((await readUnpaid(redis, t, advocateId)).map((r) => [r.reward.id, r]));
      const planned = await plan([...reads.values()].map((r) => r.reward));
      const created = [...done];
      for (let i = 0; i < planned.length; i += BATCH) {
        const batch = planned.slice(i, i + BATCH);
        const cs = new Changeset();
        // The run's lock goes with its last write (a round trip saved); whoever holds it, it only spares work.
        if (lock && i + BATCH >= planned.length) cs.set(redisKeys.payoutRunLock(t), '*', null);
        if (!stageGathered(cs, t, batch, reads) || !(await cs.apply(redis)).ok) return { retry: created };
        created.push(...batch.map((p) => p.payout));
      }
      return { created, released: planned.length > 0 };
    },
    'payout gather',
  );
  if (lock && !run.released) await unlockRun(redis, t, lock);
  return run.created;
}

async function unlockRun(redis: Redis, t: Tenant, token: string): Promise<void> {
  await new Changeset().set(redisKeys.payoutRunLock(t), token, null).apply(redis);
}

/** What a finished payout does to one of its rewards: paid, or back to the approved pool with the reason. */
function rewardAfter(r: Reward, p: Payout, now: number): Reward | null {
  if (r.payout_id !== p.id || r.status !== 'approved') return null;
  if (p.status === 'paid') {
    const paid = applyMove(r, 'mark_paid', `paid by payout ${p.id}`, now);
    return typeof paid === 'string' ? null : paid;
  }
  if (p.status !== 'failed') return null;
  const at = new Date(now).toISOString();
  const note = `payout ${p.id} failed: ${p.failure_reason}`;
  return { ...r, payout_id: null, history: [...r.history, { status: 'approved', at, note }], updated_at: at };
}

/**
 * One payout move, compare-and-set, with its rewards in the same changeset: paid moves them to
 * `paid` (balances approved -> paid), failed clears their `payout_id`. The same move again is `unchanged`.
 */
async function movePayout(redis: Redis, t: Tenant, id: string, move: PayoutMove, now: number) {
  return withRetries(
    null,
    async (): Promise<PayoutMoveResult | typeof CONFLICT> => {
      const read = await readPayout(redis, t, id);
      if (!read) return { kind: 'missing' };
      const after = applyPayoutMove(read.payout, move, now);
      if (after === 'unchanged') return { kind: 'unchanged', payout: read.payout };
      if (after === 'not_allowed') return { kind: 'not_allowed', payout: read.payout };
      const cs = new Changeset();
      cs.set(redisKeys.payout(t, id), read.raw, payoutCodec.encode(after));
      indexStatus(cs, t, id, read.payout.status, after.status);
      if (after.status !== 'pending') cs.zrem(redisKeys.payoutsDue(), member(t, id));
      const rewards: RewardChange[] = [];
      if (after.status === 'paid' || after.status === 'failed') {
        for (const r of await readRewards(redis, t, after.reward_ids)) {
          const next = rewardAfter(r.reward, after, now);
          if (!next) continue;
          if (after.status === 'paid') stageRewardMove(cs, t, r, next, now);
          else stageRewardWrite(cs, t, r, next);
          rewards.push({ before: r.reward, after: next });
        }
      }
      if (!(await cs.apply(redis)).ok) return CONFLICT;
      return { kind: 'moved', payout: after, previous: read.payout, rewards };
    },
    'payout move',
  );
}

/** A pending payout the provider asked to send again: noted in its history, due again at `at`. */
async function sendLater(redis: Redis, t: Tenant, id: string, reason: string, at: number, now: number) {
  return withRetries(
    null,
    async (): Promise<Payout | null | typeof CONFLICT> => {
      const read = await readPayout(redis, t, id);
      if (read?.payout.status !== 'pending') return read?.payout ?? null;
      const stamp = new Date(now).toISOString();
      const entry = { status: 'pending' as const, at: stamp, note: `send again: ${reason}` };
      const after: Payout = { ...read.payout, history: [...read.payout.history, entry], updated_at: stamp };
      const cs = new Changeset();
      cs.set(redisKeys.payout(t, id), read.raw, payoutCodec.encode(after));
      cs.zadd(redisKeys.payoutsDue(), at, member(t, id));
      return (await cs.apply(redis)).ok ? after : CONFLICT;
    },
    'payout send later',
  );
}

async function getPayouts(redis: Redis, t: Tenant, ids: string[]): Promise<Payout[]> {
  if (ids.length === 0) return [];
  const raws = (await redis.mget<(string | null)[]>(...ids.map((id) => redisKeys.payout(t, id)))) ?? [];
  return raws.flatMap((raw) => (raw ? [payoutCodec.decode(raw)] : []));
}

async function duePayouts(redis: Redis, now: number, limit: number): Promise<DuePayout[]> {
  const members = (await redis.zrange(redisKeys.payoutsDue(), '-inf', now, {
    byScore: true,
    offset: 0,
    count: limit,
  })) as string[];
  return members.map((m) => {
    const { tenant, id } = parseMember(m);
    return { tenant, payoutId: id };
  });
}

/** A scheduled program's period: its start (`YYYY-MM-DD`) and the schedule it belongs to. */
export interface SchedulePeriod {
  kind: 'weekly' | 'monthly';
  period: string;
}

const PERIOD_LENGTH = 'YYYY-MM-DD'.length;

/** The schedule a stored run was claimed under (`{period} {kind}`; a bare period from before kinds: none). */
const kindOf = (run: string) => run.slice(PERIOD_LENGTH + 1) || null;

/** Payouts of a tenant, their moves with their rewards, the due queue and the scheduled programs (global). */
export const payoutStore = defineStore((redis) => ({
  get: async (t: Tenant, id: string) => (await readPayout(redis, t, id))?.payout ?? null,
  /** A page newest first (ids are time-sortable), of all payouts, one status or one advocate's. */
  page: async (t: Tenant, of: { advocateId?: string; status?: PayoutStatus }, limit: number, before?: string) => {
    const index = of.advocateId
      ? redisKeys.advocatePayouts(t, of.advocateId)
      : redisKeys.payouts(t, of.status ?? 'all');
    const max: '+' | `(${string}` = before ? `(${before}` : '+';
    const ids = (await redis.zrange(index, max, '-', {
      byLex: true,
      rev: true,
      offset: 0,
      count: limit + 1,
    })) as string[];
    return { payouts: await getPayouts(redis, t, ids.slice(0, limit)), hasMore: ids.length > limit };
  },
  /**
   * Takes the tenant's payout-run lock (false: another run holds it). Only spares concurrent runs
   * the work: exactly-once comes from the compare-and-set of every reward, lock or not.
   */
  lockRun: async (t: Tenant, token: string) =>
    (await redis.set(redisKeys.payoutRunLock(t), token, { nx: true, ex: RUN_LOCK_SECONDS })) === 'OK',
  unlockRun: (t: Tenant, token: string) => unlockRun(redis, t, token),
  /** The approved rewards in no payout (the upcoming view). */
  unpaid: async (t: Tenant) => (await readUnpaid(redis, t, undefined)).map((r) => r.reward),
  /** A payout run: `plan` makes payouts of the approved rewards in no payout (all, or one advocate's). */
  /** With `lock` (the token of lockRun): the lock is released with the run's last write. */
  gather: (
    t: Tenant,
    advocateId: string | undefined,
    plan: (rewards: Reward[]) => Promise<GatherPlan>,
    lock: string | null = null,
  ) => gatherPayouts(redis, t, advocateId, plan, lock),
  move: (t: Tenant, id: string, move: PayoutMove, now: number) => movePayout(redis, t, id, move, now),
  sendLater: (t: Tenant, id: string, reason: string, at: number, now: number) =>
    sendLater(redis, t, id, reason, at, now),
  /** Up to `limit` pending payouts due at `now`, oldest due first. */
  due: (now: number, limit: number) => duePayouts(redis, now, limit),
  /** Out of the due queue (gone, finished, or waiting for the merchant). */
  notDue: async (d: DuePayout) => {
    await redis.zrem(redisKeys.payoutsDue(), member(d.tenant, d.payoutId));
  },
  /**
   * The program's payouts run on a schedule (`period`: the current one of that `kind`) or not (null).
   * A program new to the schedule, or moved to another kind, starts with the NEXT period: the current
   * one is recorded as run, in one changeset with the membership (monthly -> weekly mid-week does not
   * gather this week because last month's period sorts before it). The same kind again changes nothing.
   */
  schedule: async (t: Tenant, programId: string, next: SchedulePeriod | null) => {
    if (next === null) {
      await redis.srem(redisKeys.payoutSchedules(), member(t, programId));
      return;
    }
    const key = redisKeys.payoutScheduleRun(t, programId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const [last, isMember] = await Promise.all([
        redis.get<string>(key),
        redis.sismember(redisKeys.payoutSchedules(), member(t, programId)),
      ]);
      const lastRun = last === null ? null : String(last);
      if (isMember && lastRun !== null && kindOf(lastRun) === next.kind) return;
      const cs = new Changeset();
      cs.set(key, lastRun, `${next.period} ${next.kind}`);
      cs.sadd(redisKeys.payoutSchedules(), member(t, programId));
      if ((await cs.apply(redis)).ok) return;
    }
    throw new Error('payout schedule: too many concurrent changes');
  },
  scheduled: async () => {
    const members = (await redis.smembers(redisKeys.payoutSchedules())) as string[];
    return members.map((m) => {
      const { tenant, id } = parseMember(m);
      return { tenant, programId: id };
    });
  },
  /** Claims the program's run of `period` once: false when another run already claimed it. */
  claimPeriod: async (t: Tenant, programId: string, next: SchedulePeriod) => {
    const key = redisKeys.payoutScheduleRun(t, programId);
    const raw = await redis.get<string>(key);
    const last = raw === null ? null : String(raw);
    if (last !== null && last.slice(0, PERIOD_LENGTH) >= next.period) return false;
    const cs = new Changeset();
    cs.set(key, last, `${next.period} ${next.kind}`);
    return (await cs.apply(redis)).ok;
  },
}));
export type PayoutStore = ReturnType<typeof payoutStore>;
