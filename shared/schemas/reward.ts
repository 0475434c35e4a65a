import * as z from 'zod';
import { Currency, DisplayText, Livemode, PaginationQuery, Timestamp } from './common.ts';

export const RewardStatus = z
  .enum(['pending', 'held', 'approved', 'paid', 'voided'])
  .describe('pending: waiting out the hold period; held: waiting for fraud review; approved: payable; paid; voided.');
export type RewardStatus = z.infer<typeof RewardStatus>;

const RewardHistoryEntry = z.object({
  status: RewardStatus,
  at: Timestamp,
  note: z.string().describe('Why the reward moved (e.g. `hold period over`, `refund of 2500`).'),
});

export const Reward = z
  .object({
    id: z.string().describe('`rwd_…`'),
    object: z.literal('reward'),
    livemode: Livemode,
    kind: z
      .enum(['reward', 'adjustment'])
      .describe(
        '`adjustment`: a negative entry for a refund of an already paid reward, carried against future rewards.',
      ),
    recipient: z.enum(['advocate', 'friend']),
    program_id: z.string(),
    advocate_id: z.string().describe('The advocate whose referral this is (also on the friend\u2019s reward).'),
    conversion_id: z.string().nullable(),
    referral_id: z.string().nullable(),
    code: z
      .string()
      .nullable()
      .optional()
      .describe(
        'The referral code the conversion was credited through (null for a click ' +
          'without a code record); absent on rewards created before analytics.',
      ),
    type: z
      .string()
      .describe('The reward or offer type, e.g. `fixed_amount`, `percent_of_order`, `points`, `percent`.'),
    amount: z
      .number()
      .int()
      .describe('Current amount in minor units (or points), after refunds. Negative for adjustments.'),
    original_amount: z.number().int().describe('Amount when created.'),
    reversed_amount: z.number().int().describe('Taken back by refunds so far.'),
    currency: Currency.nullable().describe('Null for points.'),
    tier: z.string().nullable().describe('The advocate tier this reward was earned at.'),
    status: RewardStatus,
    approve_after: Timestamp.nullable().describe('When a pending reward is approved by the scheduled run.'),
    fraud_signals: z
      .array(z.string())
      .describe('Signals that fired on the conversion (see the conversion\u2019s `risk`).'),
    history: z.array(RewardHistoryEntry),
    payout_id: z
      .string()
      .nullable()
      .optional()
      .describe('The payout paying this reward (`po_…`) while it is gathered, processing or paid; else null.'),
    reward_code: z
      .object({
        code: z.string(),
        expires_at: Timestamp.nullable(),
      })
      .nullable()
      .optional()
      .describe('On a `reward_code` reward: the single-use code issued to the advocate once approved.'),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Reward' });
export type Reward = z.infer<typeof Reward>;

export const RewardListQuery = PaginationQuery.extend({
  status: RewardStatus.optional().describe('Only rewards in this state.'),
  advocate_id: z.string().max(64).optional().describe('Only this advocate\u2019s rewards.'),
});

export const RewardAction = z.strictObject({
  note: DisplayText(300, { multiline: true }).optional().describe('Kept in the reward\u2019s history.'),
});

const BalanceLine = z.object({
  unit: z.string().describe('A currency code, or `points`.'),
  pending: z.number().int(),
  held: z.number().int(),
  approved: z
    .number()
    .int()
    .describe('Payable now: approved rewards minus adjustments for refunds of paid rewards (can be negative).'),
  paid: z.number().int(),
});

export const Balance = z
  .object({
    object: z.literal('balance'),
    advocate_id: z.string(),
    lines: z.array(BalanceLine).describe('One line per currency (and `points`).'),
  })
  .meta({ id: 'Balance' });
export type Balance = z.infer<typeof Balance>;
