import { parseCode } from '../../shared/codes.ts';
import { isId } from '../../shared/ids.ts';
import {
  RedemptionCreate,
  RedemptionReverse,
  ValidateCode,
  type Redemption,
  type RejectionCode,
  type Validation,
} from '../../shared/schemas/redemption.ts';
import { stateRejection } from '../../shared/core/code-rules.ts';
import { customerDigest, limitsOf, loadCode, REJECTION_MESSAGES } from '../checkout/evaluate-code.ts';
import { discountFor } from '../../shared/core/offers.ts';
import { ApiError } from '../errors/api-error.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { getRedis } from '../storage/client.ts';
import { notFound, parseBody, pathId } from '../lib/validate.ts';
import { getRedemption, getReservation, hold, peekLimits, redeem, release, reverse } from '../storage/redemptions.ts';
import { convertRedemption, refundRedemption } from '../conversions/from-redemption.ts';
import { publish } from '../conversions/publish-outcomes.ts';
import { secretApi } from './secret-api.ts';

function rejected(code: RejectionCode): ApiError {
  return new ApiError('invalid_request_error', code, REJECTION_MESSAGES[code], {
    status: 422,
    param: code === 'reservation_not_found' ? 'reservation_id' : 'code',
  });
}

/** The API shape of a stored redemption (the customer digest stays inside). */
function view(r: Redemption): Redemption {
  const { customer_digest: _omit, ...rest } = r as Redemption & { customer_digest?: string };
  return rest;
}

/** POST /v1/codes/{code}/validate: a dry run, optionally holding one use for the customer. */
export const validation = secretApi();

validation.post('/', async (c) => {
  const input = await parseBody(c, ValidateCode);
  const raw = c.req.param('code') ?? '';
  const code = parseCode(raw);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const now = Date.now();
  const answerNo = (reason: RejectionCode) =>
    c.json({
      valid: false,
      code: code ?? raw.slice(0, 64),
      reason: { code: reason, message: REJECTION_MESSAGES[reason] },
    } satisfies Validation);
  const ctx = code ? await loadCode(redis, tenant, code) : null;
  if (!ctx) return answerNo('code_not_found');
  const state = stateRejection(ctx, input.customer, input.order, now);
  if (state) return answerNo(state);
  const customer = await customerDigest(input.customer);
  const limits = limitsOf(ctx.program);
  const discount = discountFor(ctx.program.referee_offer, input.order.amount);
  if (!input.reserve) {
    const limit = await peekLimits(redis, tenant, ctx.code, ctx.program.id, customer, limits, now);
    if (limit) return answerNo(limit);
    return c.json({ valid: true, code: ctx.code, program_id: ctx.program.id, discount } satisfies Validation);
  }
  const ttlMs = input.reserve.ttl_seconds * 1000;
  const reservation = {
    id: newId('reservation', now),
    code: ctx.code,
    customer,
    expires_at: new Date(now + ttlMs).toISOString(),
  };
  const held = await hold(redis, tenant, ctx.program.id, reservation, limits, ttlMs, now);
  if (held.kind === 'rejected') return answerNo(held.code);
  return c.json({
    valid: true,
    code: ctx.code,
    program_id: ctx.program.id,
    discount,
    reservation: { id: reservation.id, expires_at: reservation.expires_at },
  } satisfies Validation);
});

/** /v1/redemptions: redeem a code for an order, read it, reverse it (refunds). */
export const redemptions = secretApi();

redemptions.post('/', async (c) => {
  const input = await parseBody(c, RedemptionCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const now = Date.now();
  const code = parseCode(input.code);
  const ctx = code ? await loadCode(redis, tenant, code) : null;
  if (!ctx) throw rejected('code_not_found');
  const state = stateRejection(ctx, input.customer, input.order, now);
  if (state) throw rejected(state);
  if (input.reservation_id !== undefined && !isId('reservation', input.reservation_id))
    throw rejected('reservation_not_found');
  const customer = await customerDigest(input.customer);
  const at = new Date(now).toISOString();
  const redemption: Redemption & { customer_digest: string } = {
    id: newId('redemption', now),
    object: 'redemption',
    livemode: tenant.mode === 'live',
    code: ctx.code,
    program_id: ctx.program.id,
    advocate_id: ctx.advocate.id,
    order_id: input.order_id,
    order: input.order,
    discount: discountFor(ctx.program.referee_offer, input.order.amount),
    status: 'redeemed',
    reversed_amount: 0,
    created_at: at,
    updated_at: at,
    customer_digest: customer,
  };
  const orderDigest = (await sha256Hex(`order:${input.order_id}`)).slice(0, 40);
  const result = await redeem(
    redis,
    tenant,
    redemption,
    orderDigest,
    customer,
    limitsOf(ctx.program),
    input.reservation_id ?? null,
    now,
  );
  if (result.kind === 'rejected') throw rejected(result.code);
  const saved = result.kind === 'existing' ? await getRedemption(redis, tenant, result.id) : redemption;
  if (!saved) throw new Error(`order index points at missing ${result.id}`);
  // Events and the conversion follow the redemption; on a retry (existing) they complete what a
  // failure may have cut short, and their keys keep them from happening twice.
  const publisher = { env: c.env, ctx: c.executionCtx, tenant };
  await publish(publisher, [{ type: 'redemption.created', key: `redemption.created:${saved.id}`, data: view(saved) }]);
  await convertRedemption(
    redis,
    publisher,
    saved,
    input.customer,
    { code: ctx.code, record: ctx.record, program: ctx.program },
    now,
  );
  return c.json(view(saved), result.kind === 'existing' ? 200 : 201);
});

redemptions.get('/:id', async (c) => {
  const found = await getRedemption(getRedis(c.env), c.get('auth').tenant, pathId(c, 'id', 'redemption'));
  if (!found) throw notFound('redemption');
  return c.json(view(found));
});

redemptions.post('/:id/reverse', async (c) => {
  const id = pathId(c, 'id', 'redemption');
  const { amount } = await parseBody(c, RedemptionReverse);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const result = await reverse(redis, tenant, id, amount, new Date());
  if (result.kind === 'missing') throw notFound('redemption');
  const publisher = { env: c.env, ctx: c.executionCtx, tenant };
  // Its events and the rewards' refund follow a committed reversal; every call completes them for
  // the total reversed so far (keys and `upTo` make repeats no-ops), so a retry heals a failure.
  const settle = async (r: Redemption) => {
    const data = view(r);
    try {
      const key = `redemption.reversed:${id}:${r.reversed_amount}`;
      await publish(publisher, [{ type: 'redemption.reversed', key, data }]);
      await refundRedemption(redis, publisher, r, Date.now());
    } catch (err) {
      // Not a 500: the reversal is done, and a client retrying it on a 500 would reverse twice.
      console.error('reversal follow-up failed', id, err instanceof Error ? err.message.slice(0, 200) : String(err));
    }
    return data;
  };
  if (result.kind === 'reversed') return c.json(await settle(result.redemption));
  const stored = await getRedemption(redis, tenant, id);
  if (stored?.reversed_amount) await settle(stored);
  if (result.kind === 'already_reversed')
    throw new ApiError('conflict_error', 'already_reversed', 'This redemption has been fully reversed already.');
  const left = `Only ${result.left} can still be reversed.`;
  throw new ApiError('invalid_request_error', 'amount_exceeds_remaining', left, { status: 422, param: 'amount' });
});

/** DELETE /v1/reservations/{id}: give a held use back before it expires. */
export const reservations = secretApi();

reservations.delete('/:id', async (c) => {
  const id = pathId(c, 'id', 'reservation');
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const reservation = await getReservation(redis, tenant, id);
  if (!reservation) throw notFound('reservation');
  await release(redis, tenant, reservation);
  return c.json({ id, object: 'reservation', released: true });
});
