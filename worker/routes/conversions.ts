import {
  ConversionCreate,
  ConversionListQuery,
  ConversionRefund,
  ConversionReview,
  type Conversion,
} from '../../shared/schemas/conversion.ts';
import {
  conversionEvents,
  currentEvents,
  publish,
  refundedEvents,
  refundEvents,
  rewardEvents,
} from '../conversions/publish-outcomes.ts';
import { createConversion, UNATTRIBUTED_MESSAGES } from '../conversions/create-conversion.ts';
import {
  conversionView,
  getConversion,
  getRewards,
  getReferral,
  parse,
  type StoredConversion,
} from '../conversions/records.ts';
import { refundConversion } from '../conversions/refund-conversion.ts';
import { reviewConversion } from '../conversions/review-conversion.ts';
import { ApiError } from '../errors/api-error.ts';
import { getRedis } from '../storage/client.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { listBody, pageOfIds } from '../storage/paginate.ts';
import { getProgram } from '../storage/programs.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { secretApi } from './secret-api.ts';

/** /v1/conversions: sales and signups reported by the merchant's backend, attributed and scored. */
export const conversions = secretApi();

conversions.post('/', async (c) => {
  const input = await parseBody(c, ConversionCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const result = await createConversion(redis, tenant, input, Date.now());
  if (result.kind === 'unattributed') {
    return c.json({
      object: 'conversion',
      attributed: false,
      reason: { code: result.reason, message: UNATTRIBUTED_MESSAGES[result.reason] },
    });
  }
  const view = conversionView(result.conversion, result.rewards);
  const referral = result.kind === 'created' ? result.referral : await getReferral(redis, tenant, view.referral_id);
  await publish(
    { env: c.env, ctx: c.executionCtx, tenant },
    conversionEvents(view, referral, result.kind === 'created' ? result.tierChange : null),
  );
  return c.json(view, result.kind === 'created' ? 201 : 200);
});

conversions.get('/', async (c) => {
  const query = parseQuery(c, ConversionListQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const page = await pageOfIds(
    redis,
    redisKeys.conversions(tenant, query.status ?? 'all'),
    query.limit,
    cursor('conversion', query.starting_after),
  );
  const raws = page.ids.length
    ? ((await redis.mget<(string | null)[]>(...page.ids.map((id) => redisKeys.conversion(tenant, id)))) ?? [])
    : [];
  const stored = raws.map((r) => parse<StoredConversion>(r)).filter((r): r is StoredConversion => r !== null);
  const rewards = await getRewards(
    redis,
    tenant,
    stored.flatMap((s) => s.reward_ids),
  );
  const byId = new Map(rewards.map((r) => [r.id, r]));
  const data: Conversion[] = stored.map((s) =>
    conversionView(
      s,
      s.reward_ids.flatMap((id) => byId.get(id) ?? []),
    ),
  );
  return c.json(listBody(data, page.hasMore));
});

conversions.get('/:id', async (c) => {
  const found = await getConversion(getRedis(c.env), c.get('auth').tenant, pathId(c, 'id', 'conversion'));
  if (!found) throw notFound('conversion');
  return c.json(found.view);
});

const reviewed = (data: Conversion) =>
  ({ type: 'conversion.reviewed', key: `conversion.reviewed:${data.id}`, data }) as const;

conversions.post('/:id/review', async (c) => {
  const id = pathId(c, 'id', 'conversion');
  const { decision, note } = await parseBody(c, ConversionReview);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const found = await getConversion(redis, tenant, id);
  if (!found) throw notFound('conversion');
  const program = await getProgram(redis, tenant, found.view.program_id);
  const result = await reviewConversion(
    redis,
    tenant,
    id,
    decision,
    note ?? (decision === 'approve' ? 'approved in review' : 'rejected in review'),
    Date.now(),
    program?.hold_days ?? 0,
  );
  if (result.kind === 'missing') throw notFound('conversion');
  const publisher = { env: c.env, ctx: c.executionCtx, tenant };
  if (result.kind === 'not_held') {
    // The same decision again (a retry) answers the same; a different one is a conflict.
    const same = (decision === 'approve' ? 'approved' : 'rejected') === result.conversion.status;
    if (same) {
      // Held, so reviewed before: its events again, same keys (what a failure after the review lost goes out now).
      const events = [reviewed(result.conversion), ...currentEvents(result.conversion.rewards)];
      if (result.conversion.risk.decision === 'hold') await publish(publisher, events);
      return c.json(result.conversion);
    }
    throw new ApiError(
      'conflict_error',
      'not_held',
      `This conversion is ${result.conversion.status}, not held for review.`,
    );
  }
  await publish(publisher, [reviewed(result.conversion), ...rewardEvents(result.moved)]);
  return c.json(result.conversion);
});

conversions.post('/:id/refund', async (c) => {
  const id = pathId(c, 'id', 'conversion');
  const { amount } = await parseBody(c, ConversionRefund);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const result = await refundConversion(redis, tenant, id, amount, Date.now());
  if (result.kind === 'missing') throw notFound('conversion');
  if (result.kind === 'no_amount')
    throw new ApiError('invalid_request_error', 'no_amount', 'This conversion has no amount to refund (a signup).', {
      status: 422,
    });
  if (result.kind === 'too_much') {
    if (result.left === 0) {
      // A retried full refund: send again what a failure after the refund may have lost (same keys, sent once).
      const found = await getConversion(redis, tenant, id);
      if (found) await publish({ env: c.env, ctx: c.executionCtx, tenant }, refundedEvents(found.view));
      throw new ApiError('conflict_error', 'already_refunded', 'This conversion has been fully refunded already.');
    }
    throw new ApiError(
      'invalid_request_error',
      'amount_exceeds_remaining',
      `Only ${result.left} can still be refunded.`,
      { status: 422, param: 'amount' },
    );
  }
  await publish({ env: c.env, ctx: c.executionCtx, tenant }, refundEvents(result));
  return c.json(result.conversion);
});

/** GET /v1/referrals/{id}: a referred customer and their conversions. */
export const referrals = secretApi();

referrals.get('/:id', async (c) => {
  const referral = await getReferral(getRedis(c.env), c.get('auth').tenant, pathId(c, 'id', 'referral'));
  if (!referral) throw notFound('referral');
  return c.json(referral);
});
