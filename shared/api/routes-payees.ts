import * as z from 'zod';
import {
  ManualCsvQuery,
  ManualImport,
  ManualImportResult,
  PublicPayoutDetailsUpdate,
  PublicStripeOnboardingCreate,
  TaxReportQuery,
} from '../schemas/payee.ts';
import { PayoutDetails, StripeOnboarding } from '../schemas/payout.ts';
import type { RouteSpec } from './routes.ts';

const Csv = z
  .string()
  .describe("RFC 4180 CSV, UTF-8, CRLF line ends; text cells starting with `=`, `+`, `-`, `@` are prefixed with `'`.");
const IdentityErrors =
  'A missing, wrong or stale identity is a 401 (`invalid_identity`, `identity_expired`, `widget_secret_not_set`), ' +
  'as for `POST /v1/public/session`; a customer who is not an advocate of the program is a 404 `not_enrolled`.';

/** Payout details from the widget, manual payouts (CSV out, paid list in) and yearly payee totals (issue 16). */
export const PAYEE_ROUTES = [
  {
    method: 'post',
    path: '/v1/public/payout_details',
    operationId: 'updatePublicPayoutDetails',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'The signed-in advocate\u2019s payout details',
    description:
      'Sets the fields sent (a PayPal email, the country, the method) and answers the details, the email masked; ' +
      `with no field it only answers them. ${IdentityErrors} Merchant\u2019s allowed origins only.`,
    body: PublicPayoutDetailsUpdate,
    response: { status: 200, description: 'The details.', schema: PayoutDetails },
    errors: [404],
  },
  {
    method: 'post',
    path: '/v1/public/payout_details/stripe_onboarding',
    operationId: 'createPublicStripeOnboarding',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'A Stripe Connect onboarding link for the signed-in advocate',
    description:
      'As `POST /v1/advocates/{id}/payout_details/stripe_onboarding`, for the identified customer: their Express ' +
      'account is created once, the link is fresh. `return_url` must be on your allowed hosts (400). ' +
      IdentityErrors,
    body: PublicStripeOnboardingCreate,
    response: { status: 200, description: 'The link.', schema: StripeOnboarding },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/payouts/manual.csv',
    operationId: 'exportManualPayouts',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Pending manual payouts as a PayPal or Wise bulk file',
    description:
      'Every `pending` payout of the `manual` provider (at most 5,000, oldest first) with its payee\u2019s PayPal ' +
      'email (or their email; payouts with neither are left out and named in `X-Vouch-Left-Out`): upload it to ' +
      'PayPal Payouts or Wise batch transfers, then import the paid list ' +
      'with `POST /v1/payouts/manual/import`. The payout id is each row\u2019s unique id / payment reference.',
    query: ManualCsvQuery,
    response: { status: 200, description: 'A CSV download.', schema: Csv, mediaType: 'text/csv' },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/payouts/manual/import',
    operationId: 'importManualPayouts',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Import the paid list of manual payouts',
    description:
      'Each row marks a `manual` payout `paid` (its rewards `paid`) or `failed` (its rewards back to `approved`), ' +
      'once: a row applied again, or a payout already finished, is `unchanged`. A bad row is reported, the others ' +
      'still apply.',
    body: ManualImport,
    response: { status: 200, description: 'What each row did.', schema: ManualImportResult },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/payouts/tax_report.csv',
    operationId: 'exportTaxReport',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Yearly totals per payee, for tax forms (1099-NEC)',
    description:
      'One row per payee and currency with the `paid` payouts whose `paid_at` is in the year (UTC): ' +
      '`advocate_id,name,email,country,tax_form,currency,paid_total,payouts,needs_1099` (`paid_total` in minor ' +
      'units; `needs_1099`: a US payee paid in USD at least the year\u2019s 1099-NEC threshold, 600.00 USD through ' +
      '2025 and 2,000.00 USD from 2026). No taxpayer id is stored: collect W-9s yourself.',
    query: TaxReportQuery,
    response: { status: 200, description: 'A CSV download.', schema: Csv, mediaType: 'text/csv' },
    errors: [403],
  },
] as const satisfies readonly RouteSpec[];
