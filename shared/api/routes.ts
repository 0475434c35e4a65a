import * as z from 'zod';
import {
  Advocate,
  AdvocateEnroll,
  AdvocateUpdate,
  Code,
  CodeCreate,
  CodeCreated,
  CodeUpdate,
  Enrollment,
} from '../schemas/advocate.ts';
import { AttributionQuery, AttributionResponse, ClickStats, ClickStatsQuery } from '../schemas/click.ts';
import { listOf, PaginationQuery } from '../schemas/common.ts';
import {
  ConsoleLink,
  ConsoleLinkCreate,
  ConsoleSession,
  ConsoleSessionCreate,
  ConsoleSessionRevoked,
  PublishableKey,
} from '../schemas/console.ts';
import {
  Conversion,
  ConversionCreate,
  ConversionListQuery,
  ConversionRefund,
  ConversionResult,
  ConversionReview,
  Referral,
} from '../schemas/conversion.ts';
import { CreditBalances, CreditSpend, CreditSpendBody } from '../schemas/credit.ts';
import { CustomerErasure, CustomerExport } from '../schemas/customer.ts';
import {
  AdvocateTokensRevoked,
  Pairing,
  PairingConfirm,
  PairingConfirmation,
  PairingLink,
  PairingLinkCreate,
  PairingStart,
  Recognition,
  RecognizeInput,
  TokenExchange,
  TokenExchangeResult,
  WalletEntry,
} from '../schemas/extension.ts';
import { HealthResponse } from '../schemas/health.ts';
import {
  ConnectionProvider,
  Integration,
  PaypalConnect,
  ProviderWebhookReceipt,
  ShopifyConnect,
  StripeConnect,
  TremendousConnect,
} from '../schemas/integration.ts';
import {
  ApiKey,
  KeyCreate,
  KeyRoll,
  Merchant,
  MerchantCreate,
  MerchantCreated,
  MerchantUpdate,
  NewApiKey,
} from '../schemas/merchant.ts';
import { Program, ProgramCreate, ProgramUpdate } from '../schemas/program.ts';
import { PublicConfig } from '../schemas/public.ts';
import { Redemption, RedemptionCreate, RedemptionReverse, ValidateCode, Validation } from '../schemas/redemption.ts';
import { Balance, Reward, RewardAction, RewardListQuery } from '../schemas/reward.ts';
import { ExportQuery, Leaderboard, LeaderboardQuery, Stats, StatsQuery } from '../schemas/stats.ts';
import {
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
  WebhookEndpointUpdate,
} from '../schemas/webhook.ts';
import {
  ConversionHint,
  ConversionHintAccepted,
  EmailEnroll,
  EmailEnrollment,
  Session,
  SessionCreate,
  WidgetEvents,
  WidgetEventsAccepted,
  WidgetSecret,
  WidgetSecretRoll,
  WidgetToken,
  WidgetTokenCreate,
} from '../schemas/widget.ts';
import { ADVOCATE_WALLET_ROUTES } from './routes-advocate-wallet.ts';
import { CHARITY_ROUTES } from './routes-charity.ts';
import { PAYEE_ROUTES } from './routes-payees.ts';
import { PAYOUT_PROVIDER_ROUTES } from './routes-payout-providers.ts';
import { PAYOUT_ROUTES } from './routes-payouts.ts';
import { POINTS_ROUTES } from './routes-points.ts';

/**
 * The API contract: every route the Worker serves, with the shared schemas of its input and
 * output. The OpenAPI document and the docs page are generated from this list, and a test
 * checks it against the Worker's router, so nothing ships undocumented.
 */
export type Auth = 'secret' | 'publishable' | 'admin' | 'advocate' | 'none';

/** The document's tags, in the order the docs page shows them, each with what it covers. */
export const TAGS = {
  Operations: 'Health, version and this document. Limited per IP at the edge, with no API key.',
  Operators:
    'Bootstrap with the ADMIN_TOKEN Worker secret: create merchants and issue their keys (live keys come from here).',
  Account: "Your merchant account and this mode's API keys (secret key).",
  Programs:
    'Referral programs: the friend\u2019s offer, the advocate\u2019s reward and tiers, limits, attribution window ' +
    'and widget settings.',
  Advocates: 'Customers enrolled to share: each gets a code and a link in a program.',
  Codes: 'Referral codes: look up, add, enable or disable.',
  Checkout:
    'Validate and redeem codes at checkout (atomic, exactly N uses under any concurrency), reservations and reversals.',
  Conversions: 'Sales and sign-ups reported by your server: attribution, fraud review, refunds, referrals.',
  Rewards: 'What advocates and friends earn: hold, approve, void, mark paid; balances per advocate.',
  Credits:
    'Store credit: `store_credit` rewards credit the advocate\u2019s balance per currency (by your customer id), ' +
    'spent at checkout, given back when the order is refunded; a ledger per customer.',
  Payouts:
    'Cash payouts of approved rewards to PayPal, Stripe Connect, Tremendous gift cards or your own bank run ' +
    '(manual CSV), on a schedule or on demand; advocates\u2019 payout details and yearly totals for tax forms.',
  Points: 'Points ledgers per customer and the catalog they redeem from (reward codes, store credit, named items).',
  Charity: 'Monthly statements of `charity_donation` rewards: what to give to whom.',
  Analytics: 'Funnels per program, advocate and code, read from counters; leaderboards.',
  Exports: 'Streamed CSV downloads of clicks, conversions and rewards.',
  Webhooks: 'Endpoints that receive signed events (Standard Webhooks), their delivery log and resends.',
  Customers:
    'One person\u2019s data, by your customer id: export it all, or erase it (GDPR, CCPA, Shopify\u2019s privacy ' +
    'webhooks); money records stay, without the person.',
  Integrations:
    'Stripe and Shopify connections: their orders, renewals and refunds arrive by themselves (provider webhooks), ' +
    'and advocates\u2019 codes are created in the checkout (coupon sync).',
  Widget: 'What your server does for the widget: sign customers (widget secret) or issue widget tokens.',
  'Public (browser)': 'Called by the widget from your allowed origins with a publishable key (`pk_…`).',
  Extension: 'The advocate browser extension: pairing, advocate tokens, wallet and recognition of codes and links.',
  Console: 'Sign-in links and sessions of the merchant console.',
  Redirects: 'Referral links (`/r/{code}`): the redirect to the merchant\u2019s site that records the click.',
} as const satisfies Record<string, string>;
export type Tag = keyof typeof TAGS;

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/programs/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  auth: Auth;
  params?: Record<string, string>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** `mediaType` defaults to JSON; a CSV answer's schema is a string. */
  response: { status: number; description: string; schema: z.ZodType; mediaType?: 'application/json' | 'text/csv' };
  /** Other successful answers (e.g. 200 when an enrollment already existed). */
  alsoReturns?: { status: number; description: string }[];
  /** Error statuses this route may answer besides those every route of its kind may (see openapi-responses.ts). */
  errors?: number[];
  /** Body media types besides JSON (sendBeacon sends `text/plain`). */
  alsoAccepts?: readonly 'text/plain'[];
  /** `false`: a write outside the Idempotency-Key middleware (every other keyed write is inside). */
  idempotency?: false;
  /** `false`: answered without Redis or a secret, so never a 503. */
  needsStorage?: false;
}

const ProgramId = 'Program id, `prog_…`.';
const AdvocateId = 'Advocate id, `adv_…`.';
const CodeParam = 'The code, matched case-insensitively.';
const ConversionId = 'Conversion id, `conv_…`.';
const RewardId = 'Reward id, `rwd_…`.';
const WebhookEndpointId = 'Webhook endpoint id, `we_…`.';
const CsvFile = z
  .string()
  .describe(
    'RFC 4180 CSV, UTF-8, a header row first, CRLF line ends. Text cells starting with `=`, `+`, `-`, `@`, tab or CR ' +
      "are prefixed with `'` so spreadsheets read them as text. A download cut short (a storage failure mid-way) " +
      'ends with a network error, never as a shorter file that looks complete.',
  );

export const ROUTES = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    tag: 'Operations',
    auth: 'none',
    summary: 'Health and version',
    description: 'Reports the Worker version and whether Redis answers (503 when it does not).',
    response: { status: 200, description: 'Healthy.', schema: HealthResponse },
    alsoReturns: [
      {
        status: 503,
        description:
          'Degraded: Redis does not answer or, in production, a secret is missing or weak (`status: degraded`).',
      },
    ],
    errors: [429],
  },
  {
    method: 'post',
    path: '/v1/merchants',
    operationId: 'createMerchant',
    tag: 'Operators',
    auth: 'admin',
    summary: 'Create a merchant',
    description:
      'Operator bootstrap with the ADMIN_TOKEN secret. Returns the merchant and a test-mode key pair, shown once.',
    body: MerchantCreate,
    response: { status: 201, description: 'Created.', schema: MerchantCreated },
    errors: [403, 409],
  },
  {
    method: 'post',
    path: '/v1/merchants/{id}/keys',
    operationId: 'issueMerchantKey',
    tag: 'Operators',
    auth: 'admin',
    summary: 'Issue a key for a merchant',
    description:
      'Issues a key of any mode (live keys come from here) and revokes the one of that mode and type it replaces.',
    params: { id: 'Merchant id, `mer_…`.' },
    body: KeyCreate,
    response: { status: 201, description: 'The new key, shown once.', schema: NewApiKey },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/merchant',
    operationId: 'getMerchant',
    tag: 'Account',
    auth: 'secret',
    summary: 'Your merchant account',
    response: { status: 200, description: 'The merchant.', schema: Merchant },
    errors: [403],
  },
  {
    method: 'patch',
    path: '/v1/merchant',
    operationId: 'updateMerchant',
    tag: 'Account',
    auth: 'secret',
    summary: 'Update your merchant account',
    description:
      'Name, allowed origins (widget), allowed hosts (destinations) and link domains. A link domain belongs to one ' +
      'merchant only (409 `link_domain_taken`).',
    body: MerchantUpdate,
    response: { status: 200, description: 'The merchant.', schema: Merchant },
    errors: [403, 409],
  },
  {
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    tag: 'Account',
    auth: 'secret',
    summary: "List this mode's API keys",
    description: 'Metadata only: keys are never shown again after creation.',
    response: { status: 200, description: 'Keys, oldest first.', schema: listOf(ApiKey) },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/keys/roll',
    operationId: 'rollKey',
    tag: 'Account',
    auth: 'secret',
    summary: 'Roll a key',
    description: 'Issues a new key of this mode and type and revokes the old one at once.',
    body: KeyRoll,
    response: { status: 201, description: 'The new key, shown once.', schema: NewApiKey },
    errors: [403, 409],
  },
  {
    method: 'post',
    path: '/v1/programs',
    operationId: 'createProgram',
    tag: 'Programs',
    auth: 'secret',
    summary: 'Create a program',
    body: ProgramCreate,
    response: { status: 201, description: 'Created.', schema: Program },
    errors: [403, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/programs',
    operationId: 'listPrograms',
    tag: 'Programs',
    auth: 'secret',
    summary: 'List programs',
    query: PaginationQuery,
    response: { status: 200, description: 'Programs, oldest first.', schema: listOf(Program) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/programs/{id}',
    operationId: 'getProgram',
    tag: 'Programs',
    auth: 'secret',
    summary: 'Get a program',
    params: { id: ProgramId },
    response: { status: 200, description: 'The program.', schema: Program },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/v1/programs/{id}',
    operationId: 'updateProgram',
    tag: 'Programs',
    auth: 'secret',
    summary: 'Update a program',
    description:
      'Send only what changes. `attribution`, `limits` and `widget` merge one level deep; offers and tiers are ' +
      'replaced. Ended programs cannot be reopened.',
    params: { id: ProgramId },
    body: ProgramUpdate,
    response: { status: 200, description: 'The updated program.', schema: Program },
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/v1/programs/{programId}/advocates',
    operationId: 'enrollAdvocate',
    tag: 'Advocates',
    auth: 'secret',
    summary: 'Enroll a customer as an advocate',
    description: 'Idempotent on `external_id`: enrolling the same customer again returns the same advocate (200).',
    params: { programId: ProgramId },
    body: AdvocateEnroll,
    response: { status: 201, description: 'Enrolled.', schema: Enrollment },
    alsoReturns: [{ status: 200, description: 'Already enrolled: the existing advocate.' }],
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/programs/{programId}/advocates',
    operationId: 'listAdvocates',
    tag: 'Advocates',
    auth: 'secret',
    summary: "List a program's advocates",
    params: { programId: ProgramId },
    query: PaginationQuery,
    response: { status: 200, description: 'Advocates, oldest first.', schema: listOf(Advocate) },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/advocates/{id}',
    operationId: 'getAdvocate',
    tag: 'Advocates',
    auth: 'secret',
    summary: 'Get an advocate',
    params: { id: AdvocateId },
    response: { status: 200, description: 'The advocate.', schema: Advocate },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/v1/advocates/{id}',
    operationId: 'updateAdvocate',
    tag: 'Advocates',
    auth: 'secret',
    summary: 'Update an advocate',
    description: 'Name, email, metadata, or status (`suspended` stops their codes working).',
    params: { id: AdvocateId },
    body: AdvocateUpdate,
    response: { status: 200, description: 'The updated advocate.', schema: Advocate },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/advocates/{id}/codes',
    operationId: 'addCode',
    tag: 'Codes',
    auth: 'secret',
    summary: 'Give an advocate another code',
    params: { id: AdvocateId },
    body: CodeCreate,
    response: { status: 201, description: 'The new code.', schema: CodeCreated },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/codes/{code}',
    operationId: 'getCode',
    tag: 'Codes',
    auth: 'secret',
    summary: 'Look up a code',
    params: { code: CodeParam },
    response: { status: 200, description: 'The code.', schema: Code },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/v1/codes/{code}',
    operationId: 'updateCode',
    tag: 'Codes',
    auth: 'secret',
    summary: 'Enable or disable a code',
    params: { code: CodeParam },
    body: CodeUpdate,
    response: { status: 200, description: 'The code.', schema: Code },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/codes/{code}/validate',
    operationId: 'validateCode',
    tag: 'Checkout',
    auth: 'secret',
    summary: 'Check a code for an order (dry run)',
    description:
      'Answers whether the code applies and the discount, or why not (`reason.code`). With `reserve`, holds one use ' +
      'for this customer until it expires, is redeemed or released; holds count against limits.',
    params: { code: CodeParam },
    body: ValidateCode,
    response: { status: 200, description: 'The verdict.', schema: Validation },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/redemptions',
    operationId: 'redeemCode',
    tag: 'Checkout',
    auth: 'secret',
    summary: 'Redeem a code for an order',
    description:
      'Checks every limit and records the redemption in one atomic step: a code with N uses left redeems exactly N ' +
      'times under any concurrency. The order id is a natural idempotency key (same order: the same redemption back, ' +
      '200). Business rejections are 422 with `code` such as `usage_limit_reached`.',
    body: RedemptionCreate,
    response: { status: 201, description: 'Redeemed.', schema: Redemption },
    alsoReturns: [{ status: 200, description: 'This order was redeemed before: that redemption.' }],
    errors: [403, 422],
  },
  {
    method: 'get',
    path: '/v1/redemptions/{id}',
    operationId: 'getRedemption',
    tag: 'Checkout',
    auth: 'secret',
    summary: 'Get a redemption',
    params: { id: 'Redemption id, `red_…`.' },
    response: { status: 200, description: 'The redemption.', schema: Redemption },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/redemptions/{id}/reverse',
    operationId: 'reverseRedemption',
    tag: 'Checkout',
    auth: 'secret',
    summary: 'Reverse a redemption (refund)',
    description: 'Full (no amount) or partial. Completing the reversal gives the use back to the code.',
    params: { id: 'Redemption id, `red_…`.' },
    body: RedemptionReverse,
    response: { status: 200, description: 'The redemption.', schema: Redemption },
    errors: [403, 404, 409, 422],
  },
  {
    method: 'delete',
    path: '/v1/reservations/{id}',
    operationId: 'releaseReservation',
    tag: 'Checkout',
    auth: 'secret',
    summary: 'Release a held use',
    params: { id: 'Reservation id, `res_…`.' },
    response: {
      status: 200,
      description: 'Released.',
      schema: z.object({ id: z.string(), object: z.literal('reservation'), released: z.literal(true) }),
    },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/conversions',
    operationId: 'createConversion',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'Report a sale or signup',
    description:
      'Attributes to the click (`click_id`, the `vouch_click` the visitor arrived with) and/or the code; when they ' +
      'point to different advocates the program\u2019s model decides (first click: the click; last click: the code) ' +
      'and `attribution.reason` says why. Creates the referral, scores fraud (`risk`: every signal that fired) and ' +
      'creates the rewards of the first sale. Idempotent on `order_id` (a signup without order: on the customer). ' +
      'Nobody to credit: `{attributed: false, reason}` (200), never an empty success.',
    body: ConversionCreate,
    response: { status: 201, description: 'Recorded and attributed.', schema: ConversionResult },
    alsoReturns: [
      {
        status: 200,
        description:
          'This order was reported before (that conversion), or it could not be attributed (`attributed: false`).',
      },
    ],
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/conversions',
    operationId: 'listConversions',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'List conversions',
    description: '`status=held` is the fraud review queue.',
    query: ConversionListQuery,
    response: { status: 200, description: 'Conversions, oldest first.', schema: listOf(Conversion) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/conversions/{id}',
    operationId: 'getConversion',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'Get a conversion',
    params: { id: ConversionId },
    response: { status: 200, description: 'The conversion with its rewards.', schema: Conversion },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/conversions/{id}/review',
    operationId: 'reviewConversion',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'Approve or reject a held conversion',
    description:
      'Approve: its held rewards start their hold period. Reject: they are voided. The same decision again answers ' +
      'the same.',
    params: { id: ConversionId },
    body: ConversionReview,
    response: { status: 200, description: 'The conversion.', schema: Conversion },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/conversions/{id}/refund',
    operationId: 'refundConversion',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'Refund a converted order',
    description:
      'Full (no amount) or partial. Every reward of the conversion loses the same share; a reward already paid gets ' +
      'a negative `adjustment`, netted against the advocate\u2019s next payout.',
    params: { id: ConversionId },
    body: ConversionRefund,
    response: { status: 200, description: 'The conversion.', schema: Conversion },
    errors: [403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/referrals/{id}',
    operationId: 'getReferral',
    tag: 'Conversions',
    auth: 'secret',
    summary: 'Get a referral',
    params: { id: 'Referral id, `ref_…`.' },
    response: { status: 200, description: 'The referral.', schema: Referral },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rewards',
    operationId: 'listRewards',
    tag: 'Rewards',
    auth: 'secret',
    summary: 'List rewards',
    description: 'Filter by `status` (e.g. `approved` to pay out) or `advocate_id`.',
    query: RewardListQuery,
    response: { status: 200, description: 'Rewards, oldest first.', schema: listOf(Reward) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/rewards/{id}',
    operationId: 'getReward',
    tag: 'Rewards',
    auth: 'secret',
    summary: 'Get a reward',
    params: { id: RewardId },
    response: { status: 200, description: 'The reward and its history.', schema: Reward },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rewards/{id}/approve',
    operationId: 'approveReward',
    tag: 'Rewards',
    auth: 'secret',
    summary: 'Approve a reward now',
    description: 'Pending or held rewards only (the scheduled run approves pending ones after the hold period).',
    params: { id: RewardId },
    body: RewardAction,
    response: { status: 200, description: 'The reward.', schema: Reward },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/rewards/{id}/void',
    operationId: 'voidReward',
    tag: 'Rewards',
    auth: 'secret',
    summary: 'Void a reward',
    description: 'Any unpaid reward. Paid rewards are taken back by refunding the conversion instead.',
    params: { id: RewardId },
    body: RewardAction,
    response: { status: 200, description: 'The reward.', schema: Reward },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/rewards/{id}/mark_paid',
    operationId: 'markRewardPaid',
    tag: 'Rewards',
    auth: 'secret',
    summary: 'Mark a reward paid',
    description: 'Approved rewards only (adjustments too: paying out the net balance settles them).',
    params: { id: RewardId },
    body: RewardAction,
    response: { status: 200, description: 'The reward.', schema: Reward },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/advocates/{advocateId}/balance',
    operationId: 'getAdvocateBalance',
    tag: 'Rewards',
    auth: 'secret',
    summary: "An advocate's balance",
    description:
      'Exact sums of their rewards per state and currency (or points); `approved` is what is payable now, net of ' +
      'adjustments.',
    params: { advocateId: AdvocateId },
    response: { status: 200, description: 'The balance.', schema: Balance },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/public/config',
    operationId: 'getPublicConfig',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'Widget configuration',
    description:
      'Active programs and their public settings. Publishable key in `Authorization` or `?key=`; answered only to ' +
      'the merchant\u2019s allowed origins (CORS).',
    response: { status: 200, description: 'The configuration.', schema: PublicConfig },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/programs/{id}/click-stats',
    operationId: 'getClickStats',
    tag: 'Programs',
    auth: 'secret',
    summary: "A day of a program's clicks",
    description:
      'Clicks, unique visitors (HyperLogLog), clicks by trigger, and hits filtered as bots, prefetches, unfurlers or ' +
      'email scanners, by reason.',
    params: { id: ProgramId },
    query: ClickStatsQuery,
    response: { status: 200, description: 'The counts.', schema: ClickStats },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/programs/{programId}/stats',
    operationId: 'getProgramStats',
    tag: 'Analytics',
    auth: 'secret',
    summary: "A program's funnel over time",
    description:
      'Widget impressions, opens and shares, clicks, unique visitors, filtered hits by reason, sign-ups, ' +
      'conversions, referred revenue net of refunds, rewards by state and their cost, redemptions and reversals, per ' +
      'hour (last 8 days), day or week, with totals and derived ratios (definitions in docs/ANALYTICS.md). Read from ' +
      'counters in one Redis round trip.',
    params: { programId: ProgramId },
    query: StatsQuery,
    response: { status: 200, description: 'The series, totals and ratios.', schema: Stats },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/programs/{programId}/leaderboard',
    operationId: 'getProgramLeaderboard',
    tag: 'Analytics',
    auth: 'secret',
    summary: 'Top advocates by conversions or revenue',
    description:
      "Ranked over whole UTC days: the program's contest window when it has one, else the last 30 days, unless " +
      '`from`/`to` say otherwise. Entries are counted from conversions (never clicks); equal figures share a rank.',
    params: { programId: ProgramId },
    query: LeaderboardQuery,
    response: { status: 200, description: 'The ranking.', schema: Leaderboard },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/advocates/{advocateId}/stats',
    operationId: 'getAdvocateStats',
    tag: 'Analytics',
    auth: 'secret',
    summary: "An advocate's funnel over time",
    description: 'The program stats for one advocate (no widget events, no orders reported, days and weeks only).',
    params: { advocateId: AdvocateId },
    query: StatsQuery,
    response: { status: 200, description: 'The series, totals and ratios.', schema: Stats },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/codes/{code}/stats',
    operationId: 'getCodeStats',
    tag: 'Analytics',
    auth: 'secret',
    summary: "A code's funnel over time",
    description: 'The program stats for one code (no widget events, no orders reported, days and weeks only).',
    params: { code: CodeParam },
    query: StatsQuery,
    response: { status: 200, description: 'The series, totals and ratios.', schema: Stats },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/attribution',
    operationId: 'getAttribution',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'Who referred this visitor',
    description:
      'For the `vouch_click` a visitor arrived with: the code, the referrer\u2019s first name and the friend\u2019s ' +
      'offer. Publishable key; answered only to the merchant\u2019s allowed origins.',
    query: AttributionQuery,
    response: { status: 200, description: 'The attribution.', schema: AttributionResponse },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/webhook_endpoints',
    operationId: 'createWebhookEndpoint',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Create a webhook endpoint',
    description:
      'Events of the listed types are POSTed to `url`, signed per Standard Webhooks (`webhook-id`, ' +
      '`webhook-timestamp`, `webhook-signature`). The signing secret is in this answer only. Failed deliveries are ' +
      'retried for about 3 days; redirects are not followed; a 410 answer disables the endpoint.',
    body: WebhookEndpointCreate,
    response: {
      status: 201,
      description: 'Created, with its signing secret (shown once).',
      schema: WebhookEndpointCreated,
    },
    errors: [403, 409],
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints',
    operationId: 'listWebhookEndpoints',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'List webhook endpoints',
    query: PaginationQuery,
    response: { status: 200, description: 'Endpoints, oldest first (no secrets).', schema: listOf(WebhookEndpoint) },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints/{id}',
    operationId: 'getWebhookEndpoint',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Get a webhook endpoint',
    params: { id: WebhookEndpointId },
    response: { status: 200, description: 'The endpoint (no secret).', schema: WebhookEndpoint },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/v1/webhook_endpoints/{id}',
    operationId: 'updateWebhookEndpoint',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Update a webhook endpoint',
    description: 'URL, event types, description, or status (`enabled` re-enables an endpoint disabled by a 410).',
    params: { id: WebhookEndpointId },
    body: WebhookEndpointUpdate,
    response: { status: 200, description: 'The endpoint.', schema: WebhookEndpoint },
    errors: [403, 404],
  },
  {
    method: 'delete',
    path: '/v1/webhook_endpoints/{id}',
    operationId: 'deleteWebhookEndpoint',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Delete a webhook endpoint',
    description: 'Pending deliveries to it are dropped.',
    params: { id: WebhookEndpointId },
    response: {
      status: 200,
      description: 'Deleted.',
      schema: z.object({ id: z.string(), object: z.literal('webhook_endpoint'), deleted: z.literal(true) }),
    },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/webhook_endpoints/{id}/deliveries',
    operationId: 'listWebhookDeliveryAttempts',
    tag: 'Webhooks',
    auth: 'secret',
    summary: "An endpoint's delivery log",
    description:
      'Every attempt, newest first: event, attempt number, status code or error, duration, next attempt. The last ' +
      '100 attempts are kept, for 30 days.',
    params: { id: WebhookEndpointId },
    query: WebhookDeliveryQuery,
    response: { status: 200, description: 'Attempts, newest first.', schema: listOf(WebhookDeliveryAttempt) },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend',
    operationId: 'resendWebhookDelivery',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Resend a delivery now',
    description:
      'A new attempt, sent right after this answer, outside the retry schedule (a success ends the schedule). The ' +
      'delivery id is its event id.',
    params: { id: WebhookEndpointId, delivery_id: 'Delivery id: its event id, `evt_…`.' },
    response: { status: 202, description: 'Queued: the delivery as it is now.', schema: WebhookDelivery },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/widget_secret/roll',
    operationId: 'rollWidgetSecret',
    tag: 'Widget',
    auth: 'secret',
    summary: 'Roll the widget signing secret',
    description:
      'Issues this mode\u2019s `wsec_\u2026` secret, shown once (stored encrypted). Your server signs each customer ' +
      'for the widget with it: hex HMAC-SHA256 of `customer_id.timestamp`, keyed with the whole secret. The previous ' +
      'secret stops working at once.',
    body: WidgetSecretRoll,
    response: { status: 201, description: 'The new secret, shown once.', schema: WidgetSecret },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/widget_tokens',
    operationId: 'createWidgetToken',
    tag: 'Widget',
    auth: 'secret',
    summary: 'Issue a widget token for a customer',
    description:
      'The alternative to signing: a `wtk_\u2026` token valid for one hour that identifies this customer to the ' +
      'widget (`identity: {token}`). Only its hash is stored.',
    body: WidgetTokenCreate,
    response: { status: 201, description: 'The token.', schema: WidgetToken },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/public/session',
    operationId: 'createWidgetSession',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'The signed-in customer\u2019s advocate view',
    description:
      'For an identity your server signed (or a widget token): the customer\u2019s code, link and stats in the ' +
      'program; with `enroll: true` it enrolls them first. A missing, wrong, stale (over 24 h) or future (over 5 ' +
      'min) identity is a 401 (`invalid_identity`, `identity_expired`, `widget_secret_not_set`) that reveals ' +
      'nothing. Merchant\u2019s allowed origins only.',
    body: SessionCreate,
    response: { status: 200, description: 'The session (`advocate: null` when not enrolled).', schema: Session },
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/public/enroll',
    operationId: 'enrollByEmail',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'A visitor joins with an email',
    description:
      'Enrolls an anonymous visitor (external id `email:{normalized email}`) and answers their code and link. An ' +
      'address that is already an advocate answers `already_enrolled` without its code. At most 5 attempts per IP ' +
      'per hour and 3 per email per day (429).',
    body: EmailEnroll,
    response: { status: 201, description: 'Enrolled: the code and link.', schema: EmailEnrollment },
    alsoReturns: [{ status: 200, description: '`already_enrolled`: no code revealed.' }],
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/public/events',
    operationId: 'recordWidgetEvents',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'Widget analytics events',
    description:
      'sendBeacon-friendly: `Content-Type: text/plain` JSON is accepted and the key may be in `?key=`. Counted per ' +
      'program and UTC day after the answer; events naming a program this merchant does not have are dropped.',
    body: WidgetEvents,
    alsoAccepts: ['text/plain'],
    response: { status: 202, description: 'Taken.', schema: WidgetEventsAccepted },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/public/conversion_hints',
    operationId: 'createConversionHint',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'A thank-you page reports an order (unverified)',
    description:
      'Kept 30 days as an unverified hint for reconciliation, once per `order_id`. It never creates a conversion or ' +
      'a reward: only `POST /v1/conversions` from your server does. At most 60 per IP per hour.',
    body: ConversionHint,
    response: { status: 202, description: 'Recorded.', schema: ConversionHintAccepted },
    alsoReturns: [{ status: 200, description: 'This order was hinted before (`accepted: false`).' }],
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/public/pairings/confirm',
    operationId: 'confirmExtensionPairing',
    tag: 'Public (browser)',
    auth: 'publishable',
    summary: 'Confirm the code an advocate\u2019s extension shows',
    description:
      'The widget binds a pending pairing (`user_code`, case and dash optional) to the identified customer\u2019s ' +
      'advocate in the program, once: the same advocate confirming again answers the same; another gets 409 ' +
      '`pairing_already_confirmed`. Unknown code: 404 `pairing_not_found`; expired: 410 `pairing_expired`; not an ' +
      'advocate yet: 422 `not_enrolled` (join first); suspended: 403. Identity checked exactly as for ' +
      '`/v1/public/session`. At most 10 attempts per IP and 600 per merchant per 10 minutes (429).',
    body: PairingConfirm,
    response: {
      status: 200,
      description: 'Confirmed: the extension\u2019s next poll gets its token.',
      schema: PairingConfirmation,
    },
    errors: [403, 404, 409, 410, 422],
  },
  {
    method: 'post',
    path: '/v1/advocates/{id}/pairing_links',
    operationId: 'createPairingLink',
    tag: 'Extension',
    auth: 'secret',
    summary: 'A pairing link for an advocate\u2019s extension',
    description:
      'A single-use link (`{api}/pair#vpl_\u2026`, 24 hours) you send the advocate: opened in a browser with the ' +
      'Vouch extension (or pasted into it), it pairs the extension with this advocate without the widget. Only its ' +
      'hash is stored. Note: with an `Idempotency-Key`, the answer (with the link) is kept 25 h for replays.',
    params: { id: AdvocateId },
    body: PairingLinkCreate,
    response: { status: 201, description: 'The link, shown once.', schema: PairingLink },
    errors: [403, 404, 409],
  },
  {
    method: 'delete',
    path: '/v1/advocates/{id}/extension_tokens',
    operationId: 'revokeExtensionTokens',
    tag: 'Extension',
    auth: 'secret',
    summary: 'Sign an advocate out of every extension',
    description:
      'Revokes every advocate token of this advocate at once; their extensions get 401 `invalid_advocate_token` from ' +
      'then on. Outstanding grants die with them: a confirmed but unexchanged pairing or an unused pairing link ' +
      'issued until now is refused (410 `pairing_revoked`); links issued afterwards work. Revoking again answers ' +
      '`revoked: 0`.',
    params: { id: AdvocateId },
    response: { status: 200, description: 'How many tokens were revoked.', schema: AdvocateTokensRevoked },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/extension/pairings',
    operationId: 'startExtensionPairing',
    tag: 'Extension',
    auth: 'none',
    summary: 'Start pairing an extension',
    description:
      'Device-flow style: show `user_code` to the advocate (they confirm it in the merchant\u2019s widget), keep ' +
      '`device_code` secret and poll `POST /v1/extension/tokens` every `interval` seconds until it answers the ' +
      'token. Expires in 10 minutes. At most 20 per IP per hour (429). Browser extensions\u2019 origins only (CORS).',
    body: PairingStart,
    response: { status: 201, description: 'The pairing.', schema: Pairing },
    errors: [403, 429],
  },
  {
    method: 'post',
    path: '/v1/extension/tokens',
    operationId: 'exchangeExtensionToken',
    tag: 'Extension',
    auth: 'none',
    summary: 'Poll a pairing, or redeem a pairing link, for an advocate token',
    description:
      'With `device_code`: `pending` until the advocate confirms, then `paired` with the `vat_\u2026` token and the ' +
      'wallet entry (a retry within 60 s answers the same token). Polling faster than `interval`: 429 `slow_down`. ' +
      'With `pairing_link`: `paired` at once. Unknown or used: 404 `pairing_not_found`; expired: 410 ' +
      '`pairing_expired`; bound before the merchant revoked all of the advocate\u2019s extension tokens: 410 ' +
      '`pairing_revoked`; advocate suspended: 403.',
    body: TokenExchange,
    response: { status: 200, description: 'Pending, or paired with the token.', schema: TokenExchangeResult },
    errors: [403, 404, 410, 429],
  },
  {
    method: 'delete',
    path: '/v1/extension/tokens/current',
    operationId: 'revokeCurrentExtensionToken',
    tag: 'Extension',
    auth: 'advocate',
    summary: 'Sign this extension out',
    description: 'Revokes the presented advocate token; revoking it again answers `revoked: 0`.',
    response: { status: 200, description: 'Revoked.', schema: AdvocateTokensRevoked },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/extension/wallet',
    operationId: 'getExtensionWallet',
    tag: 'Extension',
    auth: 'advocate',
    summary: 'The wallet entry of an advocate token',
    description:
      'The merchant (name, site origins), program (offers), and the advocate\u2019s code, link and stats, fresh. ' +
      'Revoked or unknown token: 401 `invalid_advocate_token`; suspended advocate: 403 `advocate_suspended`.',
    response: { status: 200, description: 'The entry.', schema: WalletEntry },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/extension/recognize',
    operationId: 'recognizeCodes',
    tag: 'Extension',
    auth: 'none',
    summary: 'Which of these codes and links are live Vouch referrals',
    description:
      'Up to 50 candidates: codes, `/r/{code}[/path]` links of this API, merchants\u2019 link-domain links, or URLs ' +
      'with `?ref=`/`?via=`. A code is recognized when its link works now; the answer names the merchant, program ' +
      'and friend\u2019s offer, never the advocate. At most 60 calls per IP per minute (429).',
    body: RecognizeInput,
    response: { status: 200, description: 'One result per candidate, in order.', schema: Recognition },
    errors: [403, 429],
  },
  {
    method: 'get',
    path: '/v1/exports/clicks.csv',
    operationId: 'exportClicks',
    tag: 'Exports',
    auth: 'secret',
    summary: 'Clicks of a period as CSV',
    description:
      'Every hit recorded for a person (counted or not, with the reason), oldest first: id, at, program_id, ' +
      'advocate_id, code, trigger, counted, reason, country, device, referrer_host. Streamed; at most 366 days.',
    query: ExportQuery,
    response: { status: 200, description: 'A CSV download.', schema: CsvFile, mediaType: 'text/csv' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/exports/conversions.csv',
    operationId: 'exportConversions',
    tag: 'Exports',
    auth: 'secret',
    summary: 'Conversions of a period as CSV',
    description:
      'Attributed conversions recorded in the period (by created_at), oldest first, with attribution, risk decision ' +
      'and signals, and their reward ids. No customer emails (conversions keep only a hash). Streamed; at most 366 ' +
      'days.',
    query: ExportQuery,
    response: { status: 200, description: 'A CSV download.', schema: CsvFile, mediaType: 'text/csv' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/exports/rewards.csv',
    operationId: 'exportRewards',
    tag: 'Exports',
    auth: 'secret',
    summary: 'Rewards of a period as CSV',
    description:
      'Rewards and adjustments created in the period (by created_at), oldest first, in their current state: ' +
      'recipient, type, amount (after refunds), unit (currency or points), status, tier. Streamed; at most 366 days.',
    query: ExportQuery,
    response: { status: 200, description: 'A CSV download.', schema: CsvFile, mediaType: 'text/csv' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/keys/publishable',
    operationId: 'getPublishableKey',
    tag: 'Account',
    auth: 'secret',
    summary: 'The active publishable key',
    description:
      'Publishable keys are public (every page with the widget shows one), so the active one of this mode can be ' +
      'read again, for the widget snippet. Keys issued before this existed answer 404 `publishable_key_unavailable`: ' +
      'roll the publishable key once.',
    response: { status: 200, description: 'The key.', schema: PublishableKey },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/console_links',
    operationId: 'createConsoleLink',
    tag: 'Console',
    auth: 'secret',
    summary: 'A sign-in link for the merchant console',
    description:
      'A single-use link `{origin}/console#link=csl_…`, valid 15 minutes, that opens the console as this merchant ' +
      'and mode. With a secret key: for its own merchant and mode. Operators may use the admin token instead, with ' +
      '`merchant_id` (and `mode`, default `test`). Console sessions cannot mint links (403). Only its hash is ' +
      'stored; with an `Idempotency-Key` the answer (with the link) is kept 25 h for replays.',
    body: ConsoleLinkCreate,
    response: { status: 201, description: 'The link, shown once.', schema: ConsoleLink },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/console_sessions',
    operationId: 'createConsoleSession',
    tag: 'Console',
    auth: 'none',
    summary: 'Exchange a console link for a session',
    description:
      'Uses the link up (it works once) and answers a `cst_…` session token valid 8 hours, which acts as the ' +
      'merchant’s secret key of that mode (`Authorization: Bearer cst_…`), rate limited like a key. Only its hash is ' +
      'stored. Unknown, used or expired links: 404 `console_link_invalid`. Limited per IP at the edge.',
    body: ConsoleSessionCreate,
    response: { status: 201, description: 'The session token, shown once.', schema: ConsoleSession },
    errors: [404, 429],
  },
  {
    method: 'delete',
    path: '/v1/console_sessions/current',
    operationId: 'revokeConsoleSession',
    tag: 'Console',
    auth: 'secret',
    summary: 'Sign this console session out',
    description:
      'Revokes the presented `cst_…` session at once. A secret key here is a 400 `not_a_console_session` (roll keys ' +
      'instead).',
    response: { status: 200, description: 'Revoked.', schema: ConsoleSessionRevoked },
    errors: [400],
    idempotency: false,
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'Operations',
    auth: 'none',
    summary: 'This OpenAPI document',
    response: { status: 200, description: 'OpenAPI 3.1.', schema: z.record(z.string(), z.unknown()) },
    errors: [429],
    needsStorage: false,
  },
  {
    method: 'get',
    path: '/v1/integrations',
    operationId: 'listIntegrations',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'List connections',
    description:
      'Stripe, Shopify, PayPal and Tremendous connections of this mode, with their webhook URL and the last events ' +
      'received.',
    response: { status: 200, description: 'The connections (never their secrets).', schema: listOf(Integration) },
    errors: [403],
  },
  {
    method: 'put',
    path: '/v1/integrations/stripe',
    operationId: 'connectStripe',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Connect Stripe',
    description:
      'Stores the webhook endpoint\u2019s signing secret (and, for coupon sync, a restricted API key), sealed: they ' +
      'are never shown again. Create the endpoint in Stripe with the answered `webhook_url` and the listed `events`. ' +
      'For Stripe Connect payouts, create a second endpoint with the same `webhook_url` for events from connected ' +
      'accounts (the listed `connect_events`) and send its own signing secret as `connect_webhook_secret`. ' +
      'Sending it again replaces the secrets (a rotation) and keeps the log.',
    body: StripeConnect,
    response: { status: 200, description: 'The connection.', schema: Integration },
    errors: [403],
  },
  {
    method: 'put',
    path: '/v1/integrations/shopify',
    operationId: 'connectShopify',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Connect Shopify',
    description:
      'Stores the app\u2019s API secret (Shopify signs webhooks with it) and, for coupon sync, an Admin API access ' +
      'token, sealed. Subscribe the listed `events` to the answered `webhook_url` (JSON format).',
    body: ShopifyConnect,
    response: { status: 200, description: 'The connection.', schema: Integration },
    errors: [403],
  },
  {
    method: 'put',
    path: '/v1/integrations/paypal',
    operationId: 'connectPaypal',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Connect PayPal Payouts',
    description:
      'Stores the REST app\u2019s client secret sealed (never shown again) with its client id, the webhook id and ' +
      'the environment. Vouch pays `paypal` payouts through PayPal Payouts with them (the app needs the Payouts ' +
      'feature). Create a webhook in the app with the answered `webhook_url` and the listed `events`, then send ' +
      'its id here: deliveries are verified with PayPal. Sending it again replaces the settings.',
    body: PaypalConnect,
    response: { status: 200, description: 'The connection.', schema: Integration },
    errors: [403],
  },
  {
    method: 'put',
    path: '/v1/integrations/tremendous',
    operationId: 'connectTremendous',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Connect Tremendous',
    description:
      'Stores the API key and the webhook private key sealed, with the funding source and campaign gift cards ' +
      'are ordered from. Vouch pays `tremendous` payouts as Tremendous orders. Create the webhook with the ' +
      'answered `webhook_url` (Tremendous has one webhook per organization) and send its private key here.',
    body: TremendousConnect,
    response: { status: 200, description: 'The connection.', schema: Integration },
    errors: [403],
  },
  {
    method: 'delete',
    path: '/v1/integrations/{provider}',
    operationId: 'disconnectIntegration',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Disconnect',
    description:
      'Forgets the secrets: deliveries to the webhook URL are refused from then on (404 `integration_not_found`). ' +
      'Orders already recorded stay.',
    params: { provider: '`stripe`, `shopify`, `paypal` or `tremendous`.' },
    response: {
      status: 200,
      description: 'Disconnected.',
      schema: z.object({ object: z.literal('integration'), provider: ConnectionProvider, deleted: z.literal(true) }),
    },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/hooks/stripe/{merchant}/{mode}',
    operationId: 'receiveStripeEvent',
    tag: 'Integrations',
    auth: 'none',
    summary: 'Stripe webhook (paste into Stripe)',
    description:
      'Verified by `Stripe-Signature` (HMAC-SHA-256 of `{t}.{body}`, 5 minutes\u2019 tolerance, any of several `v1` ' +
      'signatures during a secret rotation): a bad or stale signature answers 400 `invalid_signature` and changes ' +
      'nothing. Applied once per event id (a redelivery answers `duplicate`; one arriving while the same event is ' +
      'being applied answers 409 and Stripe retries). Unknown event types answer 200 `ignored`.',
    params: { merchant: 'Your merchant id, `mer_…`.', mode: '`test` or `live`.' },
    response: { status: 200, description: 'Received.', schema: ProviderWebhookReceipt },
    errors: [400, 404, 409],
    idempotency: false,
  },
  {
    method: 'post',
    path: '/hooks/shopify/{merchant}/{mode}',
    operationId: 'receiveShopifyEvent',
    tag: 'Integrations',
    auth: 'none',
    summary: 'Shopify webhook (paste into Shopify)',
    description:
      'Verified by `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA-256 of the raw body with the app\u2019s API secret) and ' +
      '`X-Shopify-Shop-Domain`; applied once per `X-Shopify-Topic` and `X-Shopify-Event-Id`. A bad signature ' +
      'answers 400 `invalid_signature` and changes nothing. After app/uninstalled (status `disconnected`) only ' +
      'the privacy topics (customers/data_request, customers/redact, shop/redact) are applied, others answer 404; ' +
      'after DELETE /v1/integrations/shopify every delivery answers 404 `integration_not_found`.',
    params: { merchant: 'Your merchant id, `mer_…`.', mode: '`test` or `live`.' },
    response: { status: 200, description: 'Received.', schema: ProviderWebhookReceipt },
    errors: [400, 404, 409],
    idempotency: false,
  },
  {
    method: 'get',
    path: '/v1/customers/{external_id}/export',
    operationId: 'exportCustomer',
    tag: 'Customers',
    auth: 'secret',
    summary: 'Export a person\u2019s data',
    description:
      'Everything this mode holds about one person, as an advocate (records in every program, codes, click counts, ' +
      'the conversions they referred without their friends\u2019 ids, rewards, balances, paired extensions: ' +
      'metadata only) and as a referred friend (referrals, conversions, redemptions), plus widget tokens still ' +
      'stored. Answered with `Cache-Control: no-store`. A person never seen (or erased) gets empty lists.',
    params: { external_id: 'Your customer id (1-128 characters), URL-encoded.' },
    response: { status: 200, description: 'The export.', schema: CustomerExport },
    errors: [403],
  },
  {
    method: 'delete',
    path: '/v1/customers/{external_id}',
    operationId: 'eraseCustomer',
    tag: 'Customers',
    auth: 'secret',
    summary: 'Erase a person\u2019s data',
    description:
      'Removes their personal data everywhere it is stored: advocate records keep their ids and counters but lose ' +
      'email, name, metadata and customer id (replaced by `erased_as`; the advocate is suspended and their codes ' +
      'disabled, the code text kept); conversions, referrals and redemptions keep amounts, statuses and rewards ' +
      'with the person replaced; widget tokens and paired extensions are revoked; stored webhook events, ' +
      'idempotent answers and integration logs are scrubbed; lookups by their id go, so a later enrollment starts ' +
      'clean. Aggregates (stats, leaderboards) stay. The erasure is logged under a keyed hash of the id. Again: ' +
      'the same answer with zero counts. About someone Vouch holds nothing about: zero counts, nothing written.',
    params: { external_id: 'Your customer id (1-128 characters), URL-encoded.' },
    response: { status: 200, description: 'What was erased.', schema: CustomerErasure },
    errors: [403],
  },
  {
    method: 'get',
    path: '/v1/credits/{external_id}',
    operationId: 'getCredit',
    tag: 'Credits',
    auth: 'secret',
    summary: 'Get a customer\u2019s store credit',
    description:
      'Balances per currency (only those above zero) and the ledger, newest first, paged with `starting_after`. ' +
      'A customer with no credit gets no balances and an empty ledger.',
    params: { external_id: 'Your customer id (1-128 characters), URL-encoded: the advocate\u2019s `external_id`.' },
    query: PaginationQuery,
    response: { status: 200, description: 'Balances and a page of the ledger.', schema: CreditBalances },
    errors: [403],
  },
  {
    method: 'post',
    path: '/v1/credits/{external_id}/spend',
    operationId: 'spendCredit',
    tag: 'Credits',
    auth: 'secret',
    summary: 'Spend store credit on an order',
    description:
      'Takes at most the balance in that currency (a partial spend when it is smaller: `spent` says how much, ' +
      '`remaining` what is left). Idempotent on `order_id`: the same order again answers the same spend. ' +
      'Exact under any concurrency: concurrent spends never take more than the balance. No balance: 409 ' +
      '`insufficient_credit`, nothing recorded.',
    params: { external_id: 'Your customer id (1-128 characters), URL-encoded.' },
    body: CreditSpendBody,
    response: { status: 200, description: 'The spend.', schema: CreditSpend },
    errors: [403, 409],
  },
  {
    method: 'post',
    path: '/v1/credits/{external_id}/spend/{order_id}/refund',
    operationId: 'refundCreditSpend',
    tag: 'Credits',
    auth: 'secret',
    summary: 'Give an order\u2019s spent credit back',
    description: 'The order was refunded: what it spent returns to the balance, once (again: the same answer).',
    params: {
      external_id: 'Your customer id (1-128 characters), URL-encoded.',
      order_id: 'The order id the credit was spent on, URL-encoded.',
    },
    response: { status: 200, description: 'The spend, `restored: true`.', schema: CreditSpend },
    errors: [403, 404],
  },
  ...PAYOUT_ROUTES,
  ...PAYOUT_PROVIDER_ROUTES,
  ...PAYEE_ROUTES,
  ...POINTS_ROUTES,
  ...CHARITY_ROUTES,
  ...ADVOCATE_WALLET_ROUTES,
] as const satisfies readonly RouteSpec[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
