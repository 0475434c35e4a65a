import { unitOf } from '../../shared/core/rewards.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { idTime } from '../lib/ids.ts';
import type { Changeset } from './changeset.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { bucketAlive, DAY_MS, HOUR_MS, statsDay, statsHour } from './stats-buckets.ts';

/**
 * The analytics counters a conversion, refund, review or reward move changes, staged on the same
 * changeset as the records themselves: they apply once, with the write, or not at all (a retried
 * changeset is recognised by its applied marker, a conflicting one applies nothing).
 *
 * Everything about a conversion lives in the buckets of the conversion's creation (a cohort):
 * its revenue, its refunds, its rewards in their current state and their adjustments. So a
 * day's reward cost and ROI describe the orders referred that day, and the figures of past
 * buckets change as rewards are approved, paid, voided or refunded.
 */
export interface Cohort {
  programId: string;
  advocateId: string;
  code: string | null;
  /** When the conversion was created (ms). */
  at: number;
}

/** The hashes of a cohort: program, advocate and code per day, program per hour; expired ones left alone. */
export function cohortKeys(t: Tenant, c: Cohort, now: number): [key: string, ttl: number][] {
  const out: [string, number][] = [];
  const day = Math.floor(c.at / DAY_MS) * DAY_MS;
  if (bucketAlive('day', day, now)) {
    const d = statsDay(c.at);
    out.push(
      [redisKeys.stats(t, d, 'program', c.programId), STATS_TTL_SECONDS.day],
      [redisKeys.stats(t, d, 'advocate', c.advocateId), STATS_TTL_SECONDS.day],
    );
    if (c.code) out.push([redisKeys.stats(t, d, 'code', c.code), STATS_TTL_SECONDS.day]);
  }
  if (bucketAlive('hour', Math.floor(c.at / HOUR_MS) * HOUR_MS, now))
    out.push([redisKeys.stats(t, statsHour(c.at), 'program', c.programId), STATS_TTL_SECONDS.hour]);
  return out;
}

export function addStats(cs: Changeset, t: Tenant, c: Cohort, fields: Record<string, number>, now: number): void {
  for (const [key, ttl] of cohortKeys(t, c, now))
    for (const [field, by] of Object.entries(fields)) cs.incr(key, field, by, ttl);
}

/** Day rankings of advocates per program: attributed sales, net revenue per currency. */
export function addToLeaderboard(
  cs: Changeset,
  t: Tenant,
  c: Cohort,
  conversions: number,
  revenue: { currency: string; amount: number } | null,
  now: number,
): void {
  if (!bucketAlive('day', Math.floor(c.at / DAY_MS) * DAY_MS, now)) return;
  const day = statsDay(c.at);
  cs.zincr(redisKeys.leaderboard(t, day, c.programId, 'conversions'), c.advocateId, conversions, STATS_TTL_SECONDS.day);
  if (revenue)
    cs.zincr(
      redisKeys.leaderboard(t, day, c.programId, `revenue:${revenue.currency}`),
      c.advocateId,
      revenue.amount,
      STATS_TTL_SECONDS.day,
    );
}

/** A reward's cohort: its conversion's creation (adjustments made later still belong to it). */
export function rewardCohort(
  r: Pick<Reward, 'program_id' | 'advocate_id' | 'conversion_id' | 'created_at' | 'code'>,
): Cohort {
  const fromId = r.conversion_id ? idTime(r.conversion_id) : NaN;
  return {
    programId: r.program_id,
    advocateId: r.advocate_id,
    code: r.code ?? null,
    at: Number.isFinite(fromId) ? fromId : Date.parse(r.created_at),
  };
}

/**
 * A reward counted (sign 1) or uncounted (-1) in `status` with `amount`: rewards by count and
 * amount per unit, adjustments (negative entries for refunds of paid rewards) by amount only.
 */
export function rewardFields(
  r: Pick<Reward, 'kind' | 'currency'>,
  status: RewardStatus,
  amount: number,
  sign: 1 | -1,
): Record<string, number> {
  const unit = unitOf(r);
  if (r.kind === 'adjustment') return { [`adjustments:${status}:${unit}`]: sign * amount };
  return { [`rewards:${status}:count`]: sign, [`rewards:${status}:${unit}`]: sign * amount };
}

/** A reward moving from one state (and amount) to another, in its cohort. */
export function moveRewardStats(cs: Changeset, t: Tenant, before: Reward, after: Reward, now: number): void {
  const fields: Record<string, number> = {};
  for (const [f, v] of [
    ...Object.entries(rewardFields(before, before.status, before.amount, -1)),
    ...Object.entries(rewardFields(after, after.status, after.amount, 1)),
  ])
    fields[f] = (fields[f] ?? 0) + v;
  addStats(cs, t, rewardCohort(before), fields, now);
}
