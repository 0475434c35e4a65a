import * as z from 'zod';
import { Currency, Livemode } from './common.ts';
import { PayoutDetailsUpdate, TaxFormStatus } from './payout.ts';
import { Identity } from './widget.ts';

/**
 * Payees (issue 16): what advocates give from the widget, the manual provider's files and the paid
 * list coming back, and the yearly totals for tax forms.
 */

const ProgramId = z.string().max(64).optional().describe('Default: the oldest running program.');

/** POST /v1/public/payout_details: the signed-in advocate sets (or, with no field, reads) their details. */
export const PublicPayoutDetailsUpdate = z.strictObject({
  identity: Identity,
  program_id: ProgramId,
  method: z
    .enum(['paypal', 'stripe_connect'])
    .optional()
    .describe('How they want to be paid (default: `paypal` once they give a PayPal email).'),
  paypal_email: PayoutDetailsUpdate.shape.paypal_email,
  country: PayoutDetailsUpdate.shape.country,
});
export type PublicPayoutDetailsUpdate = z.infer<typeof PublicPayoutDetailsUpdate>;

const OnboardingReturn = z
  .url()
  .max(2048)
  .describe('Where Stripe sends the advocate back (and where an expired link restarts): on your allowed hosts.');

/** POST /v1/public/payout_details/stripe_onboarding. */
export const PublicStripeOnboardingCreate = z.strictObject({
  identity: Identity,
  program_id: ProgramId,
  return_url: OnboardingReturn,
});
export type PublicStripeOnboardingCreate = z.infer<typeof PublicStripeOnboardingCreate>;

const ManualCsvFormat = z
  .enum(['paypal', 'wise'])
  .describe(
    '`paypal`: a PayPal Payouts (mass pay) file: email, amount, currency, unique id, note, no header. `wise`: a ' +
      'Wise batch transfer file with its columns (name, recipientEmail, amount, currency, paymentReference, ...).',
  );

export const ManualCsvQuery = z.strictObject({
  format: ManualCsvFormat.default('paypal'),
  currency: Currency.optional().describe(
    'Only payouts in this currency. A PayPal file holds one currency: needed when pending payouts have several.',
  ),
});

/** POST /v1/payouts/manual/import. */
export const ManualImport = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(60_000)
    .describe(
      'A header row, then one row per payout: `payout_id,status,reason,reference` (status `paid` or `failed`; ' +
        'reason for `failed`), or a PayPal Payouts result file (its `Unique Id`/`Sender Item Id`, `Status`, ' +
        '`Transaction Id` columns). The request body is at most 64 KiB: import a longer file in parts.',
    ),
});
export type ManualImport = z.infer<typeof ManualImport>;

export const ManualImportRow = z.object({
  line: z.number().int().describe('The row\u2019s line in the file (the header is line 1).'),
  payout_id: z.string().nullable(),
  outcome: z
    .enum(['paid', 'failed', 'unchanged', 'skipped', 'error'])
    .describe(
      '`paid` / `failed`: applied now; `unchanged`: the payout was already finished (a row applied twice); ' +
        '`skipped`: a status still in flight (PayPal `PENDING`, `UNCLAIMED`...); `error`: see `message`.',
    ),
  message: z.string().nullable(),
});

export const ManualImportResult = z
  .object({
    object: z.literal('manual_import'),
    livemode: Livemode,
    rows: z.array(ManualImportRow),
    paid: z.number().int().min(0),
    failed: z.number().int().min(0),
  })
  .meta({ id: 'ManualImportResult' });
export type ManualImportResult = z.infer<typeof ManualImportResult>;

export const TaxReportQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).describe('Calendar year (UTC) of `paid_at`.'),
});

/** One row of the tax report (the CSV's columns, in this order). */
export const TaxReportRow = z.object({
  advocate_id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  country: z.string().nullable(),
  tax_form: TaxFormStatus,
  currency: Currency,
  paid_total: z.number().int(),
  payouts: z.number().int(),
  needs_1099: z.boolean(),
});
export type TaxReportRow = z.infer<typeof TaxReportRow>;
