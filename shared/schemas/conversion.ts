import * as z from 'zod';
import { MAX_CLICK_ID_LENGTH } from '../ids.ts';
import { Currency, DisplayText, Livemode, MinorUnits, PaginationQuery, Timestamp } from './common.ts';
import { Reward } from './reward.ts';

const ConversionCustomer = z
  .strictObject({
    external_id: z.string().trim().min(1).max(128).describe('Your customer id.'),
    email: z
      .email()
      .max(254)
      .optional()
      .describe('Used for self-referral and disposable-address checks; stored only as a hash.'),
  })
  .describe('The converting (referred) customer.');

export const ConversionCreate = z
  .strictObject({
    type: z
      .enum(['sale', 'signup'])
      .describe('`sale` earns rewards (the first sale of each referred customer); `signup` records the referral.'),
    order_id: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .optional()
      .describe('Your order id: reporting the same order again returns the same conversion. Required for sales.'),
    customer: ConversionCustomer,
    amount: MinorUnits.optional().describe('Order total, minor units. Required for sales.'),
    currency: Currency.optional(),
    click_id: z
      .string()
      .max(MAX_CLICK_ID_LENGTH)
      .optional()
      .describe('The `vouch_click` the visitor arrived with (a signed id of up to 320 characters: keep it whole).'),
    code: z.string().max(64).optional().describe('A referral code used at checkout.'),
    occurred_at: Timestamp.optional().describe(
      'When it happened (default: now); attribution windows are measured to this time.',
    ),
  })
  .superRefine((c, ctx) => {
    if (c.type === 'sale') {
      if (c.order_id === undefined)
        ctx.addIssue({ code: 'custom', path: ['order_id'], message: 'A sale needs an order_id.' });
      if (c.amount === undefined)
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A sale needs an amount.' });
    }
    if ((c.amount === undefined) !== (c.currency === undefined))
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Send amount and currency together.' });
  });
export type ConversionCreate = z.infer<typeof ConversionCreate>;

export const RiskSignal = z.object({
  code: z.enum([
    'self_referral_customer_id',
    'self_referral_email',
    'self_referral_visitor',
    'disposable_email',
    'advocate_velocity',
    'visitor_velocity',
    'repeat_visitor_conversions',
    'click_to_conversion_too_fast',
    'ad_click_id',
  ]),
  weight: z.number().int().describe('Points this signal adds to the score.'),
  message: z.string(),
});
export type RiskSignal = z.infer<typeof RiskSignal>;

export const RiskAssessment = z
  .object({
    score: z.number().int(),
    decision: z
      .enum(['approve', 'hold', 'reject'])
      .describe('By the program\u2019s `fraud_strictness`: the score thresholds are in the docs.'),
    signals: z.array(RiskSignal).describe('Every signal that fired, with its reason: nothing is decided without one.'),
  })
  .meta({ id: 'RiskAssessment' });
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const UnattributedReason = z
  .enum([
    'no_click_or_code',
    'click_not_found',
    'click_expired',
    'code_not_found',
    'program_inactive',
    'advocate_suspended',
  ])
  .describe('Why nobody was credited.');
export type UnattributedReason = z.infer<typeof UnattributedReason>;

export const Conversion = z
  .object({
    id: z.string().describe('`conv_…`'),
    object: z.literal('conversion'),
    livemode: Livemode,
    attributed: z.literal(true),
    type: z.enum(['sale', 'signup']),
    order_id: z.string().nullable(),
    customer_external_id: z.string(),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    program_id: z.string(),
    advocate_id: z.string(),
    referral_id: z.string(),
    click_id: z
      .string()
      .nullable()
      .describe('The click credited (under first-click attribution, the visitor\u2019s first click).'),
    code: z.string().nullable(),
    attribution: z.object({
      source: z.enum(['click', 'code', 'click_and_code']),
      model: z.enum(['first_click', 'last_click']),
      reason: z.string().describe('Why this advocate was credited, in words.'),
    }),
    risk: RiskAssessment,
    status: z
      .enum(['approved', 'held', 'rejected'])
      .describe('`held`: waiting for review (POST /v1/conversions/{id}/review).'),
    rewards: z.array(Reward),
    reward_note: z
      .string()
      .nullable()
      .describe('Why no advocate reward was created, when none was (repeat purchase, monthly cap, signup…).'),
    refunded_amount: z.number().int(),
    recurring: z
      .object({
        subscription_id: z.string().describe('The subscription at the billing provider (Stripe `sub_…`).'),
        renewal: z.number().int().min(1).describe('1 for the first renewal after the first payment, then 2, 3…'),
      })
      .nullable()
      .describe(
        'A renewal of a referred customer\u2019s subscription (recurring commissions: the program\u2019s ' +
          '`referrer_reward.recurring`); null for every other conversion.',
      ),
    occurred_at: Timestamp,
    created_at: Timestamp,
  })
  .meta({ id: 'Conversion' });
export type Conversion = z.infer<typeof Conversion>;

const Unattributed = z
  .object({
    object: z.literal('conversion'),
    attributed: z.literal(false),
    reason: z.object({ code: UnattributedReason, message: z.string() }),
  })
  .meta({ id: 'Unattributed' });

export const ConversionResult = z.union([Conversion, Unattributed]);

export const ConversionRefund = z.strictObject({
  amount: MinorUnits.min(1).optional().describe('Refunded part of the order; omit to refund the rest.'),
});

export const ConversionReview = z.strictObject({
  decision: z
    .enum(['approve', 'reject'])
    .describe('approve: held rewards go pending (hold period from now); reject: they are voided.'),
  note: DisplayText(300, { multiline: true }).optional(),
});

export const ConversionListQuery = PaginationQuery.extend({
  status: z.enum(['approved', 'held', 'rejected']).optional().describe('`held` is the review queue.'),
});

export const Referral = z
  .object({
    id: z.string().describe('`ref_…`'),
    object: z.literal('referral'),
    livemode: Livemode,
    program_id: z.string(),
    advocate_id: z.string(),
    customer_external_id: z.string(),
    conversion_ids: z.array(z.string()),
    rewarded: z.boolean().describe('Whether this referral has earned its rewards (its first sale).'),
    created_at: Timestamp,
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof Referral>;
