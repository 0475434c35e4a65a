import * as z from 'zod';
import { Advocate, CodeStatus } from './advocate.ts';
import { Currency, Livemode, MinorUnits, Timestamp } from './common.ts';
import { Conversion, Referral } from './conversion.ts';
import { CreditEntry } from './credit.ts';
import { IntegrationProvider } from './integration.ts';
import { PayoutDetails } from './payout.ts';
import { PointsEntry } from './points.ts';
import { Redemption } from './redemption.ts';
import { Balance, Reward } from './reward.ts';

/** A customer as the merchant names them: the `external_id` used at enrollment and in conversions. */
export const CustomerExternalId = z.string().min(1).max(128);

/**
 * A conversion the person referred, as their export shows it: the friend's id stays out (it is
 * another person's data, and a data request returns only the requester's own).
 */
const ReferredConversion = Conversion.omit({ customer_external_id: true, rewards: true });

const AdvocateExport = z.object({
  advocate: Advocate,
  codes: z.array(z.object({ code: z.string(), status: CodeStatus, created_at: Timestamp })),
  clicks: z.object({
    counted: z.number().int().describe('Clicks on their links counted so far (all time).'),
    credited_click_ids: z.array(z.string()).describe('Clicks credited in the conversions they referred.'),
  }),
  referrals: z.number().int().describe('Friends they referred.'),
  referred_conversions: z.array(ReferredConversion),
  rewards: z.array(Reward),
  balance: Balance,
  extension_tokens: z
    .array(z.object({ program_id: z.string(), created_at: z.string() }))
    .describe('Paired browser extensions (metadata only: a token is never stored in clear).'),
  payout_details: PayoutDetails.nullable().describe('How they are paid (the PayPal email masked); null without.'),
});

/** A subscription of theirs at a billing provider, remembered because its first payment was referred. */
const FriendSubscription = z.object({
  provider: IntegrationProvider,
  subscription_id: z.string().describe("The provider's id (Stripe `sub_…`)."),
  program_id: z.string(),
  advocate_id: z.string().describe('The advocate its renewals are credited to.'),
  referral_id: z.string(),
  conversion_id: z.string().describe('The conversion of its first paid invoice.'),
  customer_external_id: z.string(),
  code: z.string().nullable(),
  source: z.enum(['click', 'code', 'click_and_code']).describe('How its first payment was attributed.'),
  started_at: Timestamp,
  ended_at: Timestamp.nullable(),
  renewals: z.number().int().describe('Renewals recorded so far (each is a conversion in `conversions`).'),
});

/** A referred subscription of theirs still in its free trial: no conversion until its first payment. */
const FriendTrial = z.object({
  provider: IntegrationProvider,
  subscription_id: z.string().describe("The provider's id (Stripe `sub_…`)."),
  email: z.string().nullable(),
  click_id: z.string().nullable().describe('The referral it came from: a click, a code or a promotion code.'),
  code: z.string().nullable(),
  promotion_code_id: z.string().nullable(),
  started_at: Timestamp,
});

export const CustomerExport = z
  .object({
    object: z.literal('customer_export'),
    livemode: Livemode,
    external_id: z.string(),
    generated_at: Timestamp,
    as_advocate: z.array(AdvocateExport).describe('One entry per program they are enrolled in.'),
    as_friend: z.object({
      referrals: z.array(Referral),
      conversions: z.array(Conversion),
      redemptions: z.array(Redemption),
      subscriptions: z.array(FriendSubscription),
      trials: z.array(FriendTrial),
    }),
    store_credit: z
      .object({
        balances: z.array(z.object({ currency: Currency, amount: MinorUnits })).describe('One line per currency held.'),
        ledger: z.array(CreditEntry).describe('Every change of their store credit, newest first.'),
      })
      .describe('Their store credit, whether or not they are an advocate.'),
    points: z
      .array(z.object({ program_id: z.string(), balance: z.number().int(), ledger: z.array(PointsEntry) }))
      .describe('Their points per program: the balance and every change, newest first.'),
    widget_tokens: z
      .array(z.object({ email: z.string().nullable(), name: z.string().nullable(), expires_at: z.string() }))
      .describe('Widget tokens issued for them and still stored (they live 2 hours).'),
  })
  .meta({ id: 'CustomerExport' });
export type CustomerExport = z.infer<typeof CustomerExport>;

/** How many records of each kind an erasure changed or removed. */
export const ErasureCounts = z.object({
  advocates: z.number().int(),
  codes_disabled: z.number().int(),
  extension_tokens: z.number().int(),
  conversions: z.number().int(),
  referrals: z.number().int(),
  redemptions: z.number().int(),
  indexes: z.number().int().describe('Lookups by their id, email or digest removed.'),
  widget_tokens: z.number().int(),
  reservations: z.number().int().describe('Uses held for them at checkout (an hour at most).'),
  webhook_events: z.number().int(),
  idempotency_records: z.number().int(),
  integration_events: z.number().int(),
  subscriptions: z.number().int().describe('Referred subscriptions: kept (their renewals still credit), without them.'),
  credits: z
    .number()
    .int()
    .describe('Store credit ledger entries moved from their id to `erased_as` (kept: money the merchant owes).'),
  points: z.number().int().describe('Points ledger entries moved from their id to `erased_as` (kept, like credit).'),
});
export type ErasureCounts = z.infer<typeof ErasureCounts>;

export const CustomerErasure = z
  .object({
    object: z.literal('customer_erasure'),
    livemode: Livemode,
    erased_as: z
      .string()
      .describe('`erased_…`: what now stands for the person in the records kept (a keyed hash, not reversible).'),
    first_erased_at: Timestamp.describe('When this person was first erased (a repeat erases what arrived since).'),
    erased_at: Timestamp,
    counts: ErasureCounts.describe('What this request changed: all zeros when there was nothing left to erase.'),
  })
  .meta({ id: 'CustomerErasure' });
export type CustomerErasure = z.infer<typeof CustomerErasure>;

/** The `customer.erased` event's payload: which records lost the person (ids only: no personal field). */
export const CustomerErased = z
  .object({
    object: z.literal('customer_erasure'),
    erased_as: z.string().describe('What stands for the person in the records kept (`erased_…`).'),
    erased_at: Timestamp,
    advocate_ids: z.array(z.string()).describe('Advocates erased: suspended, codes disabled, ids and counters kept.'),
    referral_ids: z.array(z.string()),
    conversion_ids: z.array(z.string()).describe('Conversions whose `customer_external_id` is now `erased_as`.'),
    redemption_ids: z.array(z.string()),
  })
  .meta({ id: 'CustomerErased' });
export type CustomerErased = z.infer<typeof CustomerErased>;
