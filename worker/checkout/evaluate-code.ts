import type * as z from 'zod';
import type { Program } from '../../shared/schemas/program.ts';
import type { Discount, Redemption, RedemptionCreate, RejectionCode } from '../../shared/schemas/redemption.ts';
import { ApiError } from '../errors/api-error.ts';
import { newId } from '../lib/ids.ts';
import { type AdvocateRecord, advocateStore, type CodeRecord } from '../storage/advocates.ts';
import { type Limits, redemptionStore } from '../storage/redemptions.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/** Everything a checkout decision needs about a code of this tenant (null: no such code here). */
export interface CodeContext {
  code: string;
  record: CodeRecord;
  program: Program;
  advocate: AdvocateRecord;
}

/** Two round trips, as before the stores: the code (the tenancy check), then program and advocate. */
export async function loadCode(env: StoreEnv, t: Tenant, code: string): Promise<CodeContext | null> {
  const record = await advocateStore(env).codeFor(t, code);
  if (!record) return null;
  const parties = await redemptionStore(env).codeParties(t, record);
  return parties && { code, record, ...parties };
}

export function limitsOf(program: Program): Limits {
  return {
    maxUses: program.limits.code_max_uses,
    onePerCustomer: program.limits.one_redemption_per_customer,
    newCustomersOnly: program.limits.new_customers_only,
  };
}

// English messages; `code` is what clients translate from.
export const REJECTION_MESSAGES: Record<RejectionCode, string> = {
  code_not_found: 'This code does not exist.',
  code_disabled: 'This code has been disabled.',
  code_expired: 'This code has expired.',
  advocate_suspended: 'This code is not active any more.',
  program_inactive: 'This referral offer is not active right now.',
  program_not_started: 'This referral offer has not started yet.',
  program_ended: 'This referral offer has ended.',
  usage_limit_reached: 'This code has been used the maximum number of times.',
  already_redeemed_by_customer: 'This customer has already used a referral code for this offer.',
  self_referral: 'Advocates cannot use their own referral code.',
  not_new_customer: 'This offer is for new customers only.',
  min_order_not_met: 'The order total is below the minimum for this offer.',
  currency_mismatch: "The order's currency does not match this offer's currency.",
  reservation_not_found: 'The reservation has expired or does not belong to this customer.',
};

/** A redemption refused: 422 naming the field at fault. */
export function rejected(code: RejectionCode): ApiError {
  return new ApiError('invalid_request_error', code, REJECTION_MESSAGES[code], {
    status: 422,
    param: code === 'reservation_not_found' ? 'reservation_id' : 'code',
  });
}

/** A new redemption of `of.code` for this order (a referral code's or a reward code's), as the API shows it. */
export function newRedemption(
  tenant: Tenant,
  of: Pick<Redemption, 'code' | 'program_id' | 'advocate_id'>,
  input: z.infer<typeof RedemptionCreate>,
  discount: z.infer<typeof Discount>,
  now: number,
): Redemption {
  const at = new Date(now).toISOString();
  return {
    id: newId('redemption', now),
    object: 'redemption',
    livemode: tenant.mode === 'live',
    code: of.code,
    program_id: of.program_id,
    advocate_id: of.advocate_id,
    order_id: input.order_id,
    order: input.order,
    discount,
    status: 'redeemed',
    reversed_amount: 0,
    created_at: at,
    updated_at: at,
  };
}
