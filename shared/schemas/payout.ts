import * as z from 'zod';
import { Currency, Livemode, MinorUnits, PaginationQuery, Timestamp } from './common.ts';

/**
 * Cash payouts: approved cash rewards (`fixed_amount`, `percent_of_order`, `gift_card`) of one advocate
 * and currency gathered into one payout, sent through one provider, and marked paid only when the
 * provider says so. A reward is in at most one unfinished payout (its `payout_id`).
 */
export const PayoutProvider = z
  .enum(['paypal', 'stripe_connect', 'tremendous', 'manual'])
  .describe(
    '`paypal`: PayPal Payouts to the advocate\u2019s PayPal email; `stripe_connect`: a Stripe transfer to their ' +
      'connected account; `tremendous`: a Tremendous gift card (for `gift_card` rewards); `manual`: you pay, ' +
      'from a PayPal mass-pay or Wise bulk CSV, and import the paid list back.',
  );
export type PayoutProvider = z.infer<typeof PayoutProvider>;

export const PayoutStatus = z
  .enum(['pending', 'processing', 'paid', 'failed'])
  .describe(
    '`pending`: gathered, not yet accepted by the provider (or waiting for your manual payment); `processing`: ' +
      'the provider accepted it; `paid`: the provider paid it, its rewards are `paid`; `failed`: the provider ' +
      'refused or returned it, its rewards are back to `approved` (see `failure_reason`).',
  );
export type PayoutStatus = z.infer<typeof PayoutStatus>;

const PayoutHistoryEntry = z.object({ status: PayoutStatus, at: Timestamp, note: z.string() });

export const Payout = z
  .object({
    id: z.string().describe('`po_…`, time-sortable; also the provider\u2019s idempotency key.'),
    object: z.literal('payout'),
    livemode: Livemode,
    advocate_id: z.string(),
    program_id: z.string(),
    provider: PayoutProvider,
    status: PayoutStatus,
    amount: MinorUnits.describe('What is paid: the rewards\u2019 amounts minus adjustments for refunds, minor units.'),
    currency: Currency,
    reward_ids: z.array(z.string()).describe('The rewards (and adjustments) this payout pays.'),
    provider_reference: z
      .string()
      .nullable()
      .describe('The provider\u2019s id: PayPal payout batch id, Stripe transfer id, Tremendous order id.'),
    failure_reason: z.string().nullable().describe('The provider\u2019s reason, on `failed`.'),
    history: z.array(PayoutHistoryEntry),
    created_at: Timestamp,
    updated_at: Timestamp,
    paid_at: Timestamp.nullable(),
  })
  .meta({ id: 'Payout' });
export type Payout = z.infer<typeof Payout>;

export const PayoutCreate = z.strictObject({
  program_id: z.string().max(64).optional().describe('Only this program\u2019s advocates (default: every program).'),
  advocate_id: z.string().max(64).optional().describe('Only this advocate.'),
  ignore_minimum: z
    .boolean()
    .default(false)
    .describe('Pay amounts below the program\u2019s `payouts.minimum_amount` too.'),
});
export type PayoutCreate = z.infer<typeof PayoutCreate>;

export const PayoutRun = z
  .object({
    object: z.literal('payout_run'),
    created: z.array(Payout).describe('The payouts gathered by this run (empty when nothing was due).'),
    skipped: z
      .array(
        z.object({
          advocate_id: z.string(),
          currency: Currency,
          amount: z.number().int(),
          reason: z.enum(['below_minimum', 'no_payout_details', 'not_positive', 'on_hold']),
        }),
      )
      .describe('Advocates with approved rewards not paid now, and why.'),
  })
  .meta({ id: 'PayoutRun' });
export type PayoutRun = z.infer<typeof PayoutRun>;

export const UpcomingPayout = z
  .object({
    advocate_id: z.string(),
    program_id: z.string(),
    currency: Currency,
    amount: z.number().int().describe('Approved cash rewards minus adjustments, minor units.'),
    rewards: z.number().int().min(0).describe('How many rewards and adjustments make it up.'),
    provider: PayoutProvider.nullable().describe('How it would be paid now; null without payout details.'),
    payable: z.boolean().describe('Whether the next run pays it.'),
    reason: z
      .enum(['below_minimum', 'no_payout_details', 'not_positive', 'on_hold'])
      .nullable()
      .describe('Why not, when not payable.'),
    eligible_at: Timestamp.nullable().describe('When the last of its rewards is past the payout hold.'),
  })
  .meta({ id: 'UpcomingPayout' });
export type UpcomingPayout = z.infer<typeof UpcomingPayout>;

export const PayoutListQuery = PaginationQuery.extend({
  status: PayoutStatus.optional(),
  advocate_id: z.string().max(64).optional(),
});

export const PayoutFail = z.strictObject({
  reason: z.string().trim().min(1).max(300).describe('Why it failed, kept on the payout and its event.'),
});

/** Program setting: when and how much is paid out. */
export const PayoutSettings = z
  .strictObject({
    minimum_amount: MinorUnits.describe('Smallest payout, minor units; smaller sums wait for the next run.'),
    hold_days: z
      .number()
      .int()
      .min(0)
      .max(365)
      .describe('Days an approved reward waits before it can be paid out (on top of the program\u2019s hold).'),
    schedule: z
      .enum(['manual', 'weekly', 'monthly'])
      .describe(
        '`manual`: only `POST /v1/payouts`; `weekly`: Mondays; `monthly`: the 1st (UTC), by the scheduled run.',
      ),
  })
  .describe('When approved cash rewards are gathered into payouts.')
  .meta({ id: 'PayoutSettings' });
export type PayoutSettings = z.infer<typeof PayoutSettings>;

export const TaxFormStatus = z
  .enum(['not_needed', 'missing', 'w9_received', 'w8_received'])
  .describe('US payees need a W-9, non-US payees of US merchants a W-8; `missing` blocks nothing, it is a flag.');

/** An advocate's payout details as answered: the PayPal email masked, nothing secret. */
export const PayoutDetails = z
  .object({
    object: z.literal('payout_details'),
    advocate_id: z.string(),
    method: PayoutProvider.nullable().describe('How this advocate is paid; null until they give details.'),
    paypal_email: z.string().nullable().describe('Masked, e.g. `a***e@example.com`; stored encrypted.'),
    stripe_account_id: z.string().nullable().describe('Their connected account `acct_…`.'),
    stripe_onboarding_complete: z.boolean(),
    country: z.string().length(2).nullable().describe('ISO 3166-1 alpha-2.'),
    tax_form: TaxFormStatus,
    updated_at: Timestamp.nullable(),
  })
  .meta({ id: 'PayoutDetails' });
export type PayoutDetails = z.infer<typeof PayoutDetails>;

const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code such as US or DE.')
  .describe('ISO 3166-1 alpha-2.');

/** What an advocate gives from the widget (or you on their behalf). */
export const PayoutDetailsUpdate = z
  .strictObject({
    method: PayoutProvider.optional(),
    paypal_email: z.email().max(254).optional(),
    country: Country.optional(),
    tax_form: TaxFormStatus.optional().describe('Set by you once the form is received (not from the widget).'),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' });
export type PayoutDetailsUpdate = z.infer<typeof PayoutDetailsUpdate>;

export const StripeOnboarding = z
  .object({
    object: z.literal('stripe_onboarding'),
    url: z.string().describe('Stripe\u2019s hosted onboarding page (an Account Link, valid a few minutes).'),
    stripe_account_id: z.string(),
    expires_at: Timestamp,
  })
  .meta({ id: 'StripeOnboarding' });
