import * as z from 'zod';
import { Timestamp } from './common.ts';

/**
 * Analytics (issue 8): the whole funnel from widget impression to reward cost, per program,
 * advocate or code, read from counters the write paths keep (never from raw events).
 * Amounts are integer minor units keyed by currency (or `points`): money in different currencies
 * is never added together.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DateOrTime = z
  .string()
  .refine(
    (v) => (DAY.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success) && !Number.isNaN(Date.parse(v)),
    'Must be a date (YYYY-MM-DD, UTC) or an ISO 8601 date-time.',
  )
  .describe('A UTC date `YYYY-MM-DD` or an ISO 8601 date-time; buckets are UTC.');

export const StatsInterval = z.enum(['hour', 'day', 'week']).describe('Bucket size; weeks start on Monday (UTC).');
export type StatsInterval = z.infer<typeof StatsInterval>;

/** The longest range per interval: what keeps a request bounded. */
export const MAX_BUCKETS: Record<StatsInterval, number> = { hour: 168, day: 366, week: 106 };

/**
 * GET …/stats query. `to` is inclusive for dates (exclusive for a date-time); the default range is
 * the last 30 days (the last 24 hours with interval=hour). Hourly figures exist for programs only
 * and are kept 8 days; daily ones 400 days.
 */
export const StatsQuery = z.strictObject({
  from: DateOrTime.optional().describe(
    'Start (inclusive; the bucket containing it is the first). Default: ' +
      '30 days before `to` (24 hours with interval=hour).',
  ),
  to: DateOrTime.optional().describe(
    'End (inclusive for a date, exclusive for a date-time). Default: the ' +
      'end of the current day (hour with interval=hour), UTC.',
  ),
  interval: StatsInterval.default('day'),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

/** `{ USD: 1250, EUR: 300 }` or `{ points: 500 }`: never summed across units. */
export const Amounts = z.record(z.string(), z.number().int()).describe('Minor units per currency code (or `points`).');
export type Amounts = z.infer<typeof Amounts>;

const RewardState = z.enum(['pending', 'held', 'approved', 'paid', 'voided']);

/** One bucket's figures (and the totals, with the same shape). */
export const Metrics = z
  .object({
    widget: z
      .object({
        impressions: z.number().int(),
        opens: z.number().int(),
        copies: z.number().int(),
        shares: z.number().int(),
        shares_by_channel: z
          .record(z.string(), z.number().int())
          .describe('native, whatsapp, telegram, x, facebook, linkedin, email, sms, qr, copy.'),
        filtered_by_reason: z
          .record(z.string(), z.number().int())
          .describe(
            'Events sent by bots or prefetched pages (bot, prefetch, ' +
              'unfurler, …) → events: counted apart, never above.',
          ),
      })
      .nullable()
      .describe(
        'Widget events (program level only: widget events carry no advocate; null for advocate and code stats).',
      ),
    clicks: z.number().int().describe('Counted (human, not duplicate) clicks on referral links.'),
    unique_visitors: z.number().int().describe('Distinct visitors (HyperLogLog, ~0.8% standard error).'),
    filtered_clicks: z.number().int().describe('Hits redirected but not counted.'),
    filtered_by_reason: z.record(z.string(), z.number().int()).describe('bot, duplicate, prefetch, … → hits.'),
    signups: z.number().int().describe('Attributed conversions without an order (sign-ups), not rejected as fraud.'),
    conversions: z
      .number()
      .int()
      .describe('Attributed conversions with an order (referred orders), not rejected as fraud.'),
    code_only_conversions: z
      .number()
      .int()
      .describe(
        'Of `conversions` and `signups`: those credited by a code alone, with no click on the advocate\u2019s link ' +
          'before (a code typed at checkout). Not in `conversion_rate`, which divides what clicks brought.',
      ),
    rejected_conversions: z
      .number()
      .int()
      .describe(
        'Attributed conversions and sign-ups rejected by the fraud ' +
          'checks (at once or in review): counted nowhere else.',
      ),
    orders_reported: z
      .number()
      .int()
      .nullable()
      .describe(
        'Every order reported to POST /v1/conversions, attributed or not ' +
          '(program level; null for advocates and codes).',
      ),
    referred_orders_by_currency: z
      .record(z.string(), z.number().int())
      .describe(
        'Referred orders per order currency (`conversions` split by currency: the average order value divides by it).',
      ),
    referred_revenue: Amounts.describe('Order totals of referred orders, net of refunds.'),
    refunds: z.number().int().describe('Refunds recorded (partial or full) of the referred orders of the bucket.'),
    refunded_revenue: Amounts.describe('What those refunds gave back, per currency.'),
    new_referred_customers: z.number().int().describe('Referrals: customers referred for the first time.'),
    rewards: z
      .record(RewardState, z.object({ count: z.number().int(), amount: Amounts }))
      .describe(
        'Rewards (advocate and friend) of the conversions of the bucket, by their current ' +
          'state, with their current amounts; adjustments are not counted here.',
      ),
    reward_cost: Amounts.describe(
      'Rewards of the conversions of the bucket now approved or paid (what the ' +
        'program costs), net of adjustments for refunds of paid rewards.',
    ),
    redemptions: z.number().int(),
    reversals: z.number().int(),
    recurring: z
      .object({
        renewals: z
          .number()
          .int()
          .describe('Paid renewal invoices of referred subscriptions (not rejected): never in `conversions`.'),
        revenue: Amounts.describe('What those renewals paid, net of their refunds (never in `referred_revenue`).'),
        refunds: z.number().int().describe('Refunds recorded of those renewals.'),
        refunded_revenue: Amounts.describe('What those refunds gave back, per currency.'),
        rewards: z
          .object({ count: z.number().int(), amount: Amounts })
          .describe(
            'Advocate rewards issued on renewals, as issued (their current state and cost are counted ' +
              'with every other reward in `rewards` and `reward_cost`).',
          ),
      })
      .describe('Recurring commissions (renewals of referred customers\u2019 subscriptions), counted apart.'),
  })
  .meta({ id: 'Metrics' });
export type Metrics = z.infer<typeof Metrics>;

/** Ratios with their definitions in docs/ANALYTICS.md; null where the denominator is 0. */
export const DerivedMetrics = z
  .object({
    share_rate: z.number().nullable().describe('widget shares ÷ widget opens.'),
    click_through: z.number().nullable().describe('clicks ÷ shares (clicks each share brought; program level).'),
    conversion_rate: z
      .number()
      .nullable()
      .describe(
        '(conversions + signups − code_only_conversions) ÷ clicks: conversions that followed a click, per click.',
      ),
    code_only_share: z
      .number()
      .nullable()
      .describe('code_only_conversions ÷ (conversions + signups): the part of conversions no click brought.'),
    referral_rate: z.number().nullable().describe('referred orders ÷ all orders reported (program level).'),
    average_order_value: Amounts.describe('referred revenue ÷ referred orders, per currency.'),
    reward_cost_per_customer: Amounts.describe('reward cost ÷ new referred customers, per unit.'),
    roi: z
      .record(z.string(), z.number())
      .describe(
        '(referred revenue + recurring revenue) ÷ reward cost, per currency present in both (the cost ' +
          'includes renewal rewards).',
      ),
    repeat_advocates: z
      .number()
      .int()
      .nullable()
      .describe('Advocates with ≥ 2 conversions in the range (program level).'),
  })
  .meta({ id: 'DerivedMetrics' });
export type DerivedMetrics = z.infer<typeof DerivedMetrics>;

export const Stats = z
  .object({
    object: z.literal('stats'),
    scope: z.object({ type: z.enum(['program', 'advocate', 'code']), id: z.string() }),
    interval: StatsInterval,
    from: Timestamp,
    to: Timestamp.describe('Exclusive end of the last bucket.'),
    series: z.array(z.object({ start: Timestamp, metrics: Metrics })),
    totals: Metrics,
    derived: DerivedMetrics,
  })
  .meta({ id: 'Stats' });
export type Stats = z.infer<typeof Stats>;

/** GET /v1/programs/{id}/leaderboard: top advocates by conversions or referred revenue. */
export const LeaderboardQuery = z.strictObject({
  from: DateOrTime.optional().describe(
    'Default: the contest window when the program has a contest, else the last 30 days.',
  ),
  to: DateOrTime.optional(),
  by: z
    .enum(['conversions', 'revenue'])
    .optional()
    .describe('Default: the contest\u2019s `by` when the program has a contest, else `conversions`.'),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'Must be a 3-letter currency code.')
    .optional()
    .describe(
      'Which currency\u2019s revenue ranks (`by=revenue`) or is shown (default: the ' +
        'program\u2019s reward currency; required with `by=revenue` for a points reward).',
    ),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>;

export const Leaderboard = z
  .object({
    object: z.literal('leaderboard'),
    program_id: z.string(),
    by: z.enum(['conversions', 'revenue']),
    currency: z.string().nullable(),
    from: Timestamp,
    to: Timestamp,
    contest: z.object({ name: z.string(), prize: z.string(), starts_at: Timestamp, ends_at: Timestamp }).nullable(),
    entries: z.array(
      z.object({
        rank: z.number().int(),
        advocate_id: z.string(),
        name: z.string().nullable().describe('The advocate\u2019s display name (first name), never the email.'),
        code: z.string().nullable(),
        conversions: z.number().int(),
        revenue: z
          .number()
          .int()
          .describe('Minor units of `currency` (0 when ranking by conversions without a currency).'),
      }),
    ),
  })
  .meta({ id: 'Leaderboard' });
export type Leaderboard = z.infer<typeof Leaderboard>;

/** GET /v1/exports/{kind}.csv query: a period of raw records, streamed as CSV. */
export const ExportKind = z.enum(['clicks', 'conversions', 'rewards']);
export const ExportQuery = z.strictObject({
  from: DateOrTime,
  to: DateOrTime,
  program_id: z.string().max(64).optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;
