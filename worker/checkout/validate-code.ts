import type * as z from 'zod';
import { parseCode } from '../../shared/codes.ts';
import { isRewardCode, stateRejection } from '../../shared/core/code-rules.ts';
import { discountFor } from '../../shared/core/offers.ts';
import type { RejectionCode, ValidateCode, Validation } from '../../shared/schemas/redemption.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { newId } from '../lib/ids.ts';
import { redemptionStore } from '../storage/redemptions.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { limitsOf, loadCode, REJECTION_MESSAGES } from './evaluate-code.ts';
import { validateRewardCode } from './reward-code-checkout.ts';

/**
 * A dry run of a redemption: would the code be accepted for this customer and order, and for how
 * much off. With `reserve`, one use is held for the customer (the limits count it) until it
 * expires, is redeemed with its id or released.
 */
export async function validateCode(
  env: StoreEnv,
  tenant: Tenant,
  raw: string,
  input: z.infer<typeof ValidateCode>,
  now: number,
): Promise<Validation> {
  const code = parseCode(raw);
  const no = (reason: RejectionCode): Validation => ({
    valid: false,
    code: code ?? raw.slice(0, 64),
    reason: { code: reason, message: REJECTION_MESSAGES[reason] },
  });
  const reward = code && isRewardCode(code) ? await validateRewardCode(env, tenant, code, input, now) : null;
  if (reward) return reward;
  const ctx = code ? await loadCode(env, tenant, code) : null;
  if (!ctx) return no('code_not_found');
  const state = stateRejection(ctx, input.customer, input.order, now);
  if (state) return no(state);
  const customer = await customerDigest(input.customer);
  const limits = limitsOf(ctx.program);
  const discount = discountFor(ctx.program.referee_offer, input.order.amount);
  const yes = { valid: true, code: ctx.code, program_id: ctx.program.id, discount } as const;
  const store = redemptionStore(env);
  if (!input.reserve) {
    const limit = await store.peekLimits(tenant, { code: ctx.code, programId: ctx.program.id, customer }, limits, now);
    return limit ? no(limit) : yes;
  }
  const ttlMs = input.reserve.ttl_seconds * 1000;
  const expiresAt = new Date(now + ttlMs).toISOString();
  const reservation = { id: newId('reservation', now), code: ctx.code, customer, expires_at: expiresAt };
  const held = await store.hold(tenant, ctx.program.id, reservation, limits, ttlMs, now);
  if (held.kind === 'rejected') return no(held.code);
  return { ...yes, reservation: { id: reservation.id, expires_at: expiresAt } };
}

/** Gives a held use back before it expires; false when there is no such reservation. */
export async function releaseReservation(env: StoreEnv, tenant: Tenant, id: string): Promise<boolean> {
  const store = redemptionStore(env);
  const reservation = await store.reservation(tenant, id);
  if (!reservation) return false;
  await store.release(tenant, reservation);
  return true;
}
