import type { Context } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import {
  ManualCsvQuery,
  ManualImport,
  PublicPayoutDetailsUpdate,
  PublicStripeOnboardingCreate,
  TaxReportQuery,
} from '../../shared/schemas/payee.ts';
import { PayoutDetailsUpdate } from '../../shared/schemas/payout.ts';
import { checkDestination } from '../../shared/urls.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { requireKey } from '../middleware/auth/auth.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { type OnboardingResult, startStripeOnboarding } from '../payee-onboarding/stripe-onboarding.ts';
import { changePayoutDetails, readPayoutDetails } from '../payees/payout-details.ts';
import { importPaidList } from '../payout-files/import-paid-list.ts';
import { manualPayoutsCsv } from '../payout-files/manual-csv.ts';
import { taxReportCsv, taxReportRows } from '../payout-files/tax-report.ts';
import { merchantStore } from '../storage/merchants.ts';
import { signedAdvocate } from '../wallet/signed-advocate.ts';
import { secretApi } from './secret-api.ts';

const OnboardingBody = z.strictObject({ return_url: PublicStripeOnboardingCreate.shape.return_url });

/** The merchant's allowed hosts only: Stripe sends the advocate there with their account in hand. */
function assertReturnUrl(c: Context<AppEnv>, merchant: Pick<Merchant, 'allowed_hosts'>, url: string): void {
  const verdict = checkDestination(url, merchant.allowed_hosts, { testMode: c.get('auth').tenant.mode === 'test' });
  if (!verdict.ok) {
    const hosts = merchant.allowed_hosts.join(', ') || 'none';
    throw new ApiError(
      'invalid_request_error',
      'return_url_not_allowed',
      `return_url must be an https URL on your allowed hosts (${hosts}).`,
      { param: 'return_url' },
    );
  }
}

function onboardingBody(result: OnboardingResult) {
  if (result.kind === 'ok') return result.onboarding;
  if (result.kind === 'not_found') throw notFound('advocate');
  if (result.kind === 'provider_not_connected') {
    throw new ApiError(
      'conflict_error',
      'provider_not_connected',
      'Connect Stripe with an API key first (PUT /v1/integrations/stripe with api_key).',
    );
  }
  if (result.kind === 'refused') throw new ApiError('conflict_error', 'provider_refused', result.message);
  throw new ApiError('api_error', 'provider_unavailable', `${result.message} Try again shortly.`, {
    status: 503,
    headers: { 'Retry-After': '30' },
  });
}

/** /v1/advocates/{id}/payout_details: how an advocate is paid, set by the merchant. */
export const payoutDetails = secretApi();

payoutDetails.get('/', async (c) => {
  const advocateId = pathId(c, 'id', 'advocate');
  const details = await readPayoutDetails(c.env, c.get('auth').tenant, advocateId);
  if (!details) throw notFound('advocate');
  return c.json(details);
});

payoutDetails.put('/', async (c) => {
  const advocateId = pathId(c, 'id', 'advocate');
  const change = await parseBody(c, PayoutDetailsUpdate);
  const details = await changePayoutDetails(c.env, c.get('auth').tenant, advocateId, change, new Date());
  if (!details) throw notFound('advocate');
  return c.json(details);
});

payoutDetails.post('/stripe_onboarding', async (c) => {
  const advocateId = pathId(c, 'id', 'advocate');
  const { return_url } = await parseBody(c, OnboardingBody);
  const { tenant } = c.get('auth');
  const merchant = await merchantStore(c.env).get(tenant.merchantId);
  if (merchant) assertReturnUrl(c, merchant, return_url);
  return c.json(onboardingBody(await startStripeOnboarding(c.env, tenant, advocateId, return_url, new Date())));
});

/** /v1/public/payout_details: the signed-in advocate's own details, from the widget. */
export const publicPayoutDetails = new Hono<AppEnv>();
publicPayoutDetails.use('*', publicCors(), idempotency());

publicPayoutDetails.post('/', async (c) => {
  const { identity, program_id, ...change } = await parseBody(c, PublicPayoutDetailsUpdate);
  const { tenant } = c.get('auth');
  const { advocateId } = await signedAdvocate(c.env, tenant, identity, program_id);
  const hasChange = Object.values(change).some((v) => v !== undefined);
  const details = hasChange
    ? await changePayoutDetails(c.env, tenant, advocateId, change, new Date())
    : await readPayoutDetails(c.env, tenant, advocateId);
  if (!details) throw notFound('advocate');
  c.header('Cache-Control', 'no-store');
  return c.json(details);
});

publicPayoutDetails.post('/stripe_onboarding', async (c) => {
  const input = await parseBody(c, PublicStripeOnboardingCreate);
  assertReturnUrl(c, c.get('merchant'), input.return_url);
  const { tenant } = c.get('auth');
  const { advocateId } = await signedAdvocate(c.env, tenant, input.identity, input.program_id);
  const result = await startStripeOnboarding(c.env, tenant, advocateId, input.return_url, new Date());
  c.header('Cache-Control', 'no-store');
  return c.json(onboardingBody(result));
});

function csvResponse(c: Context<AppEnv>, csv: string, filename: string): Response {
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * Files of /v1/payouts (mounted before the payouts routes): each route carries its own key check, so
 * the payouts routes beside them are not authenticated twice.
 */
export const payeeFiles = new Hono<AppEnv>();

payeeFiles.get('/manual.csv', requireKey('secret'), async (c) => {
  const { format, currency } = parseQuery(c, ManualCsvQuery);
  const { tenant } = c.get('auth');
  const file = await manualPayoutsCsv(c.env, tenant, format, currency);
  if (file.kind === 'multiple_currencies') {
    const which = file.currencies.join(', ');
    throw new ApiError(
      'invalid_request_error',
      'currency_required',
      `A PayPal file holds one currency: pass currency (one of ${which}).`,
      { param: 'currency' },
    );
  }
  c.header('X-Vouch-Left-Out', file.left_out.join(',').slice(0, 4000));
  return csvResponse(c, file.csv, `vouch-manual-payouts-${format}.csv`);
});

payeeFiles.post('/manual/import', requireKey('secret'), idempotency(), async (c) => {
  const { csv } = await parseBody(c, ManualImport);
  const outcome = await importPaidList(c.env, c.get('auth').tenant, csv, Date.now());
  if (outcome.kind === 'invalid')
    throw new ApiError('invalid_request_error', 'invalid_csv', outcome.message, { param: 'csv' });
  return c.json(outcome.result);
});

payeeFiles.get('/tax_report.csv', requireKey('secret'), async (c) => {
  const { year } = parseQuery(c, TaxReportQuery);
  const rows = await taxReportRows(c.env, c.get('auth').tenant, year);
  return csvResponse(c, taxReportCsv(rows), `vouch-tax-report-${year}.csv`);
});
