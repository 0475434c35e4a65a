import * as z from 'zod';
import { listOf } from '../schemas/common.ts';
import {
  Payout,
  PayoutCreate,
  PayoutDetails,
  PayoutDetailsUpdate,
  PayoutFail,
  PayoutListQuery,
  PayoutRun,
  StripeOnboarding,
  UpcomingPayout,
} from '../schemas/payout.ts';
import type { RouteSpec } from './routes.ts';

const PayoutId = 'Payout id, `po_…`.';
const AdvocateId = 'Advocate id, `adv_…`.';

/** Cash payouts and the advocates' payout details (issue 16). */
export const PAYOUT_ROUTES = [
  {
    method: 'post',
    path: '/v1/payouts',
    operationId: 'createPayouts',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Gather approved cash rewards into payouts',
    description:
      'For each advocate and currency: their `approved` cash rewards (`fixed_amount`, `percent_of_order`, ' +
      '`gift_card`) past the program\u2019s payout hold, minus adjustments for refunds of rewards already paid, ' +
      'become one `pending` payout when the sum reaches the program\u2019s `payouts.minimum_amount`. Each ' +
      'payout is then sent to its provider (the advocate\u2019s payout method; `manual` otherwise). A reward is ' +
      'never in two payouts, under concurrent runs and retries. Nothing due: `created` is empty. One run at a ' +
      'time per account: a run while another is under way answers 409 `payout_run_in_progress`.',
    body: PayoutCreate,
    response: { status: 200, description: 'What this run gathered and what it left, and why.', schema: PayoutRun },
    errors: [403, 409],
  },
  {
    method: 'get',
    path: '/v1/payouts',
    operationId: 'listPayouts',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'List payouts',
    description: 'Newest first, paged with `starting_after`; filter by `status` or `advocate_id`.',
    query: PayoutListQuery,
    response: { status: 200, description: 'A page of payouts.', schema: listOf(Payout) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/payouts/upcoming',
    operationId: 'listUpcomingPayouts',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'What the next payout run would pay',
    description:
      'Per advocate and currency: approved cash rewards not yet in a payout, their sum, the provider and whether ' +
      'the next run pays them (or why not). Largest first; at most 500 lines.',
    query: z.strictObject({ program_id: z.string().max(64).optional() }),
    response: { status: 200, description: 'The lines.', schema: listOf(UpcomingPayout) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/payouts/{id}',
    operationId: 'getPayout',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Get a payout',
    params: { id: PayoutId },
    response: { status: 200, description: 'The payout.', schema: Payout },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/payouts/{id}/mark_paid',
    operationId: 'markPayoutPaid',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Mark a manual payout paid',
    description:
      'You paid it yourself (the `manual` provider): the payout becomes `paid` and its rewards `paid`, once. ' +
      'A payout of another provider follows that provider and answers 409 `payout_not_manual`.',
    params: { id: PayoutId },
    response: { status: 200, description: 'The payout, `paid`.', schema: Payout },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/payouts/{id}/fail',
    operationId: 'failPayout',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Mark a manual payout failed',
    description: 'Your payment did not go through: its rewards return to `approved`, with your reason.',
    params: { id: PayoutId },
    body: PayoutFail,
    response: { status: 200, description: 'The payout, `failed`.', schema: Payout },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/payouts/{id}/retry',
    operationId: 'retryPayout',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Retry a failed payout',
    description:
      'Gathers the failed payout\u2019s advocate and currency again, ignoring the minimum (after the advocate ' +
      'fixed their payout details, say): a new payout of their rewards that are `approved` now.',
    params: { id: PayoutId },
    response: { status: 200, description: 'The run (one payout, or why none).', schema: PayoutRun },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/advocates/{id}/payout_details',
    operationId: 'getPayoutDetails',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'An advocate\u2019s payout details',
    description: 'How they are paid, their country and tax-form flag; the PayPal email masked.',
    params: { id: AdvocateId },
    response: { status: 200, description: 'The details.', schema: PayoutDetails },
    errors: [403, 404],
  },
  {
    method: 'put',
    path: '/v1/advocates/{id}/payout_details',
    operationId: 'updatePayoutDetails',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'Set an advocate\u2019s payout details',
    description: 'Fields sent replace those stored; the PayPal email is stored encrypted and answered masked.',
    params: { id: AdvocateId },
    body: PayoutDetailsUpdate,
    response: { status: 200, description: 'The details.', schema: PayoutDetails },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/advocates/{id}/payout_details/stripe_onboarding',
    operationId: 'createStripeOnboarding',
    tag: 'Payouts',
    auth: 'secret',
    summary: 'A Stripe Connect onboarding link',
    description:
      'Creates the advocate\u2019s Express connected account once (by an idempotency key) and answers a fresh ' +
      'Account Link to Stripe\u2019s hosted onboarding. Needs the Stripe connection\u2019s API key (409 ' +
      '`provider_not_connected` without it).',
    params: { id: AdvocateId },
    body: z.strictObject({
      return_url: z.url().max(2048).describe('Where Stripe sends the advocate back; on your allowed hosts.'),
    }),
    response: { status: 200, description: 'The link.', schema: StripeOnboarding },
    errors: [403, 404, 409],
  },
] as const satisfies readonly RouteSpec[];
