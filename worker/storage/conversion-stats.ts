import { unitOf } from '../../shared/core/rewards.ts';
import type { Conversion } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { Changeset } from './changeset.ts';
import type { Redis } from './client.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { statsDay, statsHour } from './stats-buckets.ts';
import { addStats, addToLeaderboard, type Cohort, rewardCohort, rewardFields } from './stats-counters.ts';

/*
 * What a conversion, a rejection in review and a refund count in the analytics (docs/ANALYTICS.md),
 * staged on the changeset that records them; orders reported once per order.
 */

type Counted = Pick<
  Conversion,
  | 'type'
  | 'program_id'
  | 'advocate_id'
  | 'code'
  | 'click_id'
  | 'created_at'
  | 'amount'
  | 'currency'
  | 'status'
  | 'refunded_amount'
  | 'recurring'
>;

const cohortOf = (c: Counted): Cohort => ({
  programId: c.program_id,
  advocateId: c.advocate_id,
  code: c.code,
  at: Date.parse(c.created_at),
});
/**
 * The one counter a conversion counts in: `conversions` (sales) or `signups` when it followed a
 * click on the advocate's link, `code_only:sale` or `code_only:signup` when a code alone credited
 * it. Kept apart so the conversion rate divides only what clicks brought (metricsOf adds them back
 * into the totals); one field either way, so no extra command per conversion.
 */
const countField = (c: Counted) =>
  c.click_id === null ? `code_only:${c.type}` : c.type === 'sale' ? 'conversions' : 'signups';
const orderOf = (c: Counted) =>
  c.type === 'sale' && c.amount !== null && c.currency !== null ? { amount: c.amount, currency: c.currency } : null;

/**
 * What a counted conversion adds (sign 1) or takes back (-1, with `revenue` what is left of it):
 * a renewal of a subscription counts apart, in `renewals` and `renewal_revenue:{CUR}` (recurring
 * revenue is not a new referred order: the conversion rate, average order and ranking leave it out).
 */
function countedFields(c: Counted, sign: 1 | -1, revenue: number): Record<string, number> {
  const order = orderOf(c);
  if (c.recurring) return order ? { renewals: sign, [`renewal_revenue:${order.currency}`]: sign * revenue } : {};
  const fields: Record<string, number> = { [countField(c)]: sign };
  if (order)
    Object.assign(fields, { [`orders:${order.currency}`]: sign, [`revenue:${order.currency}`]: sign * revenue });
  return fields;
}

/** A renewal's advocate rewards as issued, counted apart (their state moves are in the `rewards:` fields). */
function renewalRewardFields(rewards: Reward[]): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const r of rewards) {
    if (r.recipient !== 'advocate' || r.kind !== 'reward') continue;
    const unit = `renewal_rewards:${unitOf(r)}`;
    fields['renewal_rewards:count'] = (fields['renewal_rewards:count'] ?? 0) + 1;
    fields[unit] = (fields[unit] ?? 0) + r.amount;
  }
  return fields;
}

/**
 * Every sale reported counts once in the tenant's `orders_reported` (the denominator of the
 * referral rate), attributed or not: the count goes with claiming the order's marker, so a
 * retried or concurrent report of the same order (first unattributed, then with a code) cannot
 * count twice.
 */
export function countOrderReported(cs: Changeset, t: Tenant, orderDigest: string, now: number): void {
  cs.incrOnce(redisKeys.orderReported(t, orderDigest), STATS_TTL_SECONDS.day, [
    [redisKeys.tenantStats(t, statsDay(now)), 'orders_reported', 1, STATS_TTL_SECONDS.day],
    [redisKeys.tenantStats(t, statsHour(now)), 'orders_reported', 1, STATS_TTL_SECONDS.hour],
  ]);
}

/** An order nobody is credited for: only its count. */
export async function recordUnattributedOrder(
  redis: Redis,
  t: Tenant,
  orderDigest: string,
  now: number,
): Promise<void> {
  const cs = new Changeset();
  countOrderReported(cs, t, orderDigest, now);
  await cs.apply(redis);
}

/** A new conversion: counted unless rejected by the fraud checks; its rewards in their first state. */
export function conversionCreatedStats(
  cs: Changeset,
  t: Tenant,
  c: Counted,
  newReferral: boolean,
  rewards: Reward[],
  now: number,
): void {
  const cohort = cohortOf(c);
  const order = orderOf(c);
  if (c.status === 'rejected') addStats(cs, t, cohort, { rejected: 1 }, now);
  else {
    const fields = countedFields(c, 1, order?.amount ?? 0);
    if (newReferral) fields.new_customers = 1;
    if (c.recurring) Object.assign(fields, renewalRewardFields(rewards));
    addStats(cs, t, cohort, fields, now);
    if (c.type === 'sale' && !c.recurring) addToLeaderboard(cs, t, cohort, 1, order, now);
  }
  for (const r of rewards) addStats(cs, t, rewardCohort(r), rewardFields(r, r.status, r.amount, 1), now);
}

/**
 * A held conversion rejected in review leaves the figures it was counted in (what is left of its
 * revenue after refunds, so the refunds already recorded still net to zero). Its rewards move
 * to voided separately, like any reward move.
 */
export function conversionRejectedStats(
  cs: Changeset,
  t: Tenant,
  c: Counted,
  hadNewReferral: boolean,
  now: number,
): void {
  const cohort = cohortOf(c);
  const order = orderOf(c);
  const left = order ? order.amount - c.refunded_amount : 0;
  const fields: Record<string, number> = { ...countedFields(c, -1, left), rejected: 1 };
  if (hadNewReferral) fields.new_customers = -1;
  addStats(cs, t, cohort, fields, now);
  if (c.type === 'sale' && !c.recurring)
    addToLeaderboard(cs, t, cohort, -1, order ? { currency: order.currency, amount: -left } : null, now);
}

/** A refund of a counted conversion: recorded apart (net revenue = revenue - refunded), the ranking's revenue down. */
export function refundStats(cs: Changeset, t: Tenant, c: Counted, take: number, now: number): void {
  if (c.status === 'rejected' || c.currency === null) return;
  const cohort = cohortOf(c);
  // A renewal's refund is recurring revenue given back: counted apart, and renewals are not ranked.
  if (c.recurring) addStats(cs, t, cohort, { renewal_refunds: 1, [`renewal_refunded:${c.currency}`]: take }, now);
  else {
    addStats(cs, t, cohort, { refunds: 1, [`refunded:${c.currency}`]: take }, now);
    addToLeaderboard(cs, t, cohort, 0, { currency: c.currency, amount: -take }, now);
  }
}
