import { parseCode } from '../../shared/codes.ts';
import {
  ConversionCreate,
  ConversionListQuery,
  ConversionRefund,
  ConversionReview,
} from '../../shared/schemas/conversion.ts';
import { createConversion, UNATTRIBUTED_MESSAGES } from '../conversions/create-conversion.ts';
import { refundConversion } from '../conversions/refund-conversion.ts';
import { reviewConversion } from '../conversions/review-conversion.ts';
import { ApiError } from '../errors/api-error.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { bodyCode, codeReadAlong } from '../middleware/auth/read-along.ts';
import { conversionStore } from '../storage/conversions.ts';
import { listBody } from '../storage/paginate.ts';
import { secretApi } from './secret-api.ts';

/**
 * /v1/conversions: sales and signups reported by the merchant's backend, attributed and scored. A
 * report's code is read with the key.
 */
export const conversions = secretApi(bodyCode);

conversions.post('/', async (c) => {
  const input = await parseBody(c, ConversionCreate);
  const { tenant } = c.get('auth');
  const readAlong = codeReadAlong(c, input.code === undefined ? null : parseCode(input.code));
  const result = await createConversion({ env: c.env, ctx: c.executionCtx, tenant }, input, Date.now(), { readAlong });
  if (result.kind === 'unattributed') {
    return c.json({
      object: 'conversion',
      attributed: false,
      reason: { code: result.reason, message: UNATTRIBUTED_MESSAGES[result.reason] },
    });
  }
  return c.json(result.conversion, result.kind === 'created' ? 201 : 200);
});

conversions.get('/', async (c) => {
  const query = parseQuery(c, ConversionListQuery);
  const { tenant } = c.get('auth');
  const after = cursor('conversion', query.starting_after);
  const page = await conversionStore(c.env).list(tenant, query.status, query.limit, after);
  return c.json(listBody(page.conversions, page.hasMore));
});

conversions.get('/:id', async (c) => {
  const found = await conversionStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'conversion'));
  if (!found) throw notFound('conversion');
  return c.json(found.view);
});

conversions.post('/:id/review', async (c) => {
  const id = pathId(c, 'id', 'conversion');
  const { decision, note } = await parseBody(c, ConversionReview);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  const result = await reviewConversion(publisher, id, decision, note, Date.now());
  if (result.kind === 'missing') throw notFound('conversion');
  // The same decision again (a retry) answers the same; a different one is a conflict.
  if (result.kind === 'not_held' && !result.repeated)
    throw new ApiError(
      'conflict_error',
      'not_held',
      `This conversion is ${result.conversion.status}, not held for review.`,
    );
  return c.json(result.conversion);
});

conversions.post('/:id/refund', async (c) => {
  const id = pathId(c, 'id', 'conversion');
  const { amount } = await parseBody(c, ConversionRefund);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  const result = await refundConversion(publisher, id, amount, Date.now());
  if (result.kind === 'missing') throw notFound('conversion');
  if (result.kind === 'no_amount')
    throw new ApiError('invalid_request_error', 'no_amount', 'This conversion has no amount to refund (a signup).', {
      status: 422,
    });
  if (result.kind === 'too_much') {
    if (result.left === 0)
      throw new ApiError('conflict_error', 'already_refunded', 'This conversion has been fully refunded already.');
    throw new ApiError(
      'invalid_request_error',
      'amount_exceeds_remaining',
      `Only ${result.left} can still be refunded.`,
      { status: 422, param: 'amount' },
    );
  }
  return c.json(result.conversion);
});

/** GET /v1/referrals/{id}: a referred customer and their conversions. */
export const referrals = secretApi();

referrals.get('/:id', async (c) => {
  const referral = await conversionStore(c.env).referral(c.get('auth').tenant, pathId(c, 'id', 'referral'));
  if (!referral) throw notFound('referral');
  return c.json(referral);
});
