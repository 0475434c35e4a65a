import * as z from 'zod';
import { AdvocateEnroll, Advocate, AdvocateUpdate, Code, CodeCreate, CodeCreated, CodeUpdate, Enrollment } from '../schemas/advocate.ts';
import { listOf, PaginationQuery } from '../schemas/common.ts';
import { ErrorEnvelope } from '../schemas/error.ts';
import { HealthResponse } from '../schemas/health.ts';
import { ApiKey, KeyCreate, KeyRoll, Merchant, MerchantCreate, MerchantCreated, MerchantUpdate, NewApiKey } from '../schemas/merchant.ts';
import { Program, ProgramCreate, ProgramUpdate } from '../schemas/program.ts';
import { PublicConfig } from '../schemas/public.ts';
import { Redemption, RedemptionCreate, RedemptionReverse, ValidateCode, Validation } from '../schemas/redemption.ts';
import { AttributionQuery, AttributionResponse, ClickStats, ClickStatsQuery } from '../schemas/click.ts';

/**
 * The API contract: every route the Worker serves, with the shared schemas of its input and
 * output. The OpenAPI document and the docs page are generated from this list, and a test
 * checks it against the Worker's router, so nothing ships undocumented.
 */
export type Auth = 'secret' | 'publishable' | 'admin' | 'none';

export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/programs/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  params?: Record<string, string>;
  query?: z.ZodType;
  body?: z.ZodType;
  response: { status: number; description: string; schema: z.ZodType };
  /** Other successful answers (e.g. 200 when an enrollment already existed). */
  alsoReturns?: { status: number; description: string }[];
  /** Error statuses this route may answer besides 400/401/429. */
  errors?: number[];
}

export { ErrorEnvelope };

const ProgramId = 'Program id, `prog_…`.';
const AdvocateId = 'Advocate id, `adv_…`.';
const CodeParam = 'The code, matched case-insensitively.';

export const ROUTES = [
  {
    method: 'get', path: '/health', operationId: 'getHealth', tag: 'Operations', auth: 'none',
    summary: 'Health and version', description: 'Reports the Worker version and whether Redis answers (503 when it does not).',
    response: { status: 200, description: 'Healthy.', schema: HealthResponse }, errors: [503],
  },
  {
    method: 'post', path: '/v1/merchants', operationId: 'createMerchant', tag: 'Operators', auth: 'admin',
    summary: 'Create a merchant', description: 'Operator bootstrap with the ADMIN_TOKEN secret. Returns the merchant and a test-mode key pair, shown once.',
    body: MerchantCreate, response: { status: 201, description: 'Created.', schema: MerchantCreated }, errors: [403, 409],
  },
  {
    method: 'post', path: '/v1/merchants/{id}/keys', operationId: 'issueMerchantKey', tag: 'Operators', auth: 'admin',
    summary: 'Issue a key for a merchant', description: 'Issues a key of any mode (live keys come from here) and revokes the one of that mode and type it replaces.',
    params: { id: 'Merchant id, `mer_…`.' }, body: KeyCreate, response: { status: 201, description: 'The new key, shown once.', schema: NewApiKey }, errors: [403, 404, 409],
  },
  {
    method: 'get', path: '/v1/merchant', operationId: 'getMerchant', tag: 'Account', auth: 'secret',
    summary: 'Your merchant account', response: { status: 200, description: 'The merchant.', schema: Merchant }, errors: [403],
  },
  {
    method: 'patch', path: '/v1/merchant', operationId: 'updateMerchant', tag: 'Account', auth: 'secret',
    summary: 'Update your merchant account', description: 'Name, allowed origins (widget), allowed hosts (destinations) and link domains. A link domain belongs to one merchant only (409 `link_domain_taken`).',
    body: MerchantUpdate, response: { status: 200, description: 'The merchant.', schema: Merchant }, errors: [403, 409],
  },
  {
    method: 'get', path: '/v1/keys', operationId: 'listKeys', tag: 'Account', auth: 'secret',
    summary: "List this mode's API keys", description: 'Metadata only: keys are never shown again after creation.',
    response: { status: 200, description: 'Keys, oldest first.', schema: listOf(ApiKey) }, errors: [403],
  },
  {
    method: 'post', path: '/v1/keys/roll', operationId: 'rollKey', tag: 'Account', auth: 'secret',
    summary: 'Roll a key', description: 'Issues a new key of this mode and type and revokes the old one at once.',
    body: KeyRoll, response: { status: 201, description: 'The new key, shown once.', schema: NewApiKey }, errors: [403, 409],
  },
  {
    method: 'post', path: '/v1/programs', operationId: 'createProgram', tag: 'Programs', auth: 'secret',
    summary: 'Create a program', body: ProgramCreate, response: { status: 201, description: 'Created.', schema: Program }, errors: [403, 409, 422],
  },
  {
    method: 'get', path: '/v1/programs', operationId: 'listPrograms', tag: 'Programs', auth: 'secret',
    summary: 'List programs', query: PaginationQuery, response: { status: 200, description: 'Programs, oldest first.', schema: listOf(Program) }, errors: [403],
  },
  {
    method: 'get', path: '/v1/programs/{id}', operationId: 'getProgram', tag: 'Programs', auth: 'secret',
    summary: 'Get a program', params: { id: ProgramId }, response: { status: 200, description: 'The program.', schema: Program }, errors: [403, 404],
  },
  {
    method: 'patch', path: '/v1/programs/{id}', operationId: 'updateProgram', tag: 'Programs', auth: 'secret',
    summary: 'Update a program', description: 'Send only what changes. `attribution`, `limits` and `widget` merge one level deep; offers and tiers are replaced. Ended programs cannot be reopened.',
    params: { id: ProgramId }, body: ProgramUpdate, response: { status: 200, description: 'The updated program.', schema: Program }, errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/v1/programs/{programId}/advocates', operationId: 'enrollAdvocate', tag: 'Advocates', auth: 'secret',
    summary: 'Enroll a customer as an advocate', description: 'Idempotent on `external_id`: enrolling the same customer again returns the same advocate (200).',
    params: { programId: ProgramId }, body: AdvocateEnroll,
    response: { status: 201, description: 'Enrolled.', schema: Enrollment }, alsoReturns: [{ status: 200, description: 'Already enrolled: the existing advocate.' }],
    errors: [403, 404, 409],
  },
  {
    method: 'get', path: '/v1/programs/{programId}/advocates', operationId: 'listAdvocates', tag: 'Advocates', auth: 'secret',
    summary: "List a program's advocates", params: { programId: ProgramId }, query: PaginationQuery,
    response: { status: 200, description: 'Advocates, oldest first.', schema: listOf(Advocate) }, errors: [403, 404],
  },
  {
    method: 'get', path: '/v1/advocates/{id}', operationId: 'getAdvocate', tag: 'Advocates', auth: 'secret',
    summary: 'Get an advocate', params: { id: AdvocateId }, response: { status: 200, description: 'The advocate.', schema: Advocate }, errors: [403, 404],
  },
  {
    method: 'patch', path: '/v1/advocates/{id}', operationId: 'updateAdvocate', tag: 'Advocates', auth: 'secret',
    summary: 'Update an advocate', description: 'Name, email, metadata, or status (`suspended` stops their codes working).',
    params: { id: AdvocateId }, body: AdvocateUpdate, response: { status: 200, description: 'The updated advocate.', schema: Advocate }, errors: [403, 404],
  },
  {
    method: 'post', path: '/v1/advocates/{id}/codes', operationId: 'addCode', tag: 'Codes', auth: 'secret',
    summary: 'Give an advocate another code', params: { id: AdvocateId }, body: CodeCreate,
    response: { status: 201, description: 'The new code.', schema: CodeCreated }, errors: [403, 404, 409],
  },
  {
    method: 'get', path: '/v1/codes/{code}', operationId: 'getCode', tag: 'Codes', auth: 'secret',
    summary: 'Look up a code', params: { code: CodeParam }, response: { status: 200, description: 'The code.', schema: Code }, errors: [403, 404],
  },
  {
    method: 'patch', path: '/v1/codes/{code}', operationId: 'updateCode', tag: 'Codes', auth: 'secret',
    summary: 'Enable or disable a code', params: { code: CodeParam }, body: CodeUpdate,
    response: { status: 200, description: 'The code.', schema: Code }, errors: [403, 404],
  },
  {
    method: 'post', path: '/v1/codes/{code}/validate', operationId: 'validateCode', tag: 'Checkout', auth: 'secret',
    summary: 'Check a code for an order (dry run)', description: 'Answers whether the code applies and the discount, or why not (`reason.code`). With `reserve`, holds one use for this customer until it expires, is redeemed or released; holds count against limits.',
    params: { code: CodeParam }, body: ValidateCode, response: { status: 200, description: 'The verdict.', schema: Validation }, errors: [403],
  },
  {
    method: 'post', path: '/v1/redemptions', operationId: 'redeemCode', tag: 'Checkout', auth: 'secret',
    summary: 'Redeem a code for an order', description: 'Checks every limit and records the redemption in one atomic step: a code with N uses left redeems exactly N times under any concurrency. The order id is a natural idempotency key (same order: the same redemption back, 200). Business rejections are 422 with `code` such as `usage_limit_reached`.',
    body: RedemptionCreate, response: { status: 201, description: 'Redeemed.', schema: Redemption }, alsoReturns: [{ status: 200, description: 'This order was redeemed before: that redemption.' }], errors: [403, 422],
  },
  {
    method: 'get', path: '/v1/redemptions/{id}', operationId: 'getRedemption', tag: 'Checkout', auth: 'secret',
    summary: 'Get a redemption', params: { id: 'Redemption id, `red_…`.' }, response: { status: 200, description: 'The redemption.', schema: Redemption }, errors: [403, 404],
  },
  {
    method: 'post', path: '/v1/redemptions/{id}/reverse', operationId: 'reverseRedemption', tag: 'Checkout', auth: 'secret',
    summary: 'Reverse a redemption (refund)', description: 'Full (no amount) or partial. Completing the reversal gives the use back to the code.',
    params: { id: 'Redemption id, `red_…`.' }, body: RedemptionReverse, response: { status: 200, description: 'The redemption.', schema: Redemption }, errors: [403, 404, 409, 422],
  },
  {
    method: 'delete', path: '/v1/reservations/{id}', operationId: 'releaseReservation', tag: 'Checkout', auth: 'secret',
    summary: 'Release a held use', params: { id: 'Reservation id, `res_…`.' },
    response: { status: 200, description: 'Released.', schema: z.object({ id: z.string(), object: z.literal('reservation'), released: z.literal(true) }) }, errors: [403, 404],
  },
  {
    method: 'get', path: '/v1/public/config', operationId: 'getPublicConfig', tag: 'Public (browser)', auth: 'publishable',
    summary: 'Widget configuration', description: 'Active programs and their public settings. Publishable key in `Authorization` or `?key=`; answered only to the merchant\u2019s allowed origins (CORS).',
    response: { status: 200, description: 'The configuration.', schema: PublicConfig }, errors: [403],
  },
  {
    method: 'get', path: '/v1/programs/{id}/click-stats', operationId: 'getClickStats', tag: 'Programs', auth: 'secret',
    summary: "A day of a program's clicks", description: 'Clicks, unique visitors (HyperLogLog), clicks by trigger, and hits filtered as bots, prefetches, unfurlers or email scanners, by reason.',
    params: { id: ProgramId }, query: ClickStatsQuery, response: { status: 200, description: 'The counts.', schema: ClickStats }, errors: [403, 404],
  },
  {
    method: 'get', path: '/v1/attribution', operationId: 'getAttribution', tag: 'Public (browser)', auth: 'publishable',
    summary: 'Who referred this visitor', description: 'For the `vouch_click` a visitor arrived with: the code, the referrer\u2019s first name and the friend\u2019s offer. Publishable key; answered only to the merchant\u2019s allowed origins.',
    query: AttributionQuery, response: { status: 200, description: 'The attribution.', schema: AttributionResponse }, errors: [403, 404],
  },
  {
    method: 'get', path: '/v1/openapi.json', operationId: 'getOpenApi', tag: 'Operations', auth: 'none',
    summary: 'This OpenAPI document', response: { status: 200, description: 'OpenAPI 3.1.', schema: z.record(z.string(), z.unknown()) },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
