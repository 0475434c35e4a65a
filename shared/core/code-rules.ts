import { CODE_ALPHABET } from '../codes.ts';
import type { Advocate } from '../schemas/advocate.ts';
import type { Program } from '../schemas/program.ts';
import type { RejectionCode } from '../schemas/redemption.ts';
import { programState } from './program-state.ts';
import type { Order } from './rewards.ts';

/** What the checkout rules read of a code, its program and its advocate. */
export interface CodeState {
  record: { status: 'active' | 'disabled' };
  program: Pick<Program, 'status' | 'starts_at' | 'ends_at' | 'referee_offer' | 'limits'>;
  advocate: Pick<Advocate, 'status' | 'external_id' | 'email'>;
}

/**
 * Why a code cannot be used on this order at `now`, by the rules that do not depend on counters
 * (checked before the atomic step), or null. Self-referral compares ids, and emails ignoring case.
 */
export function stateRejection(
  ctx: CodeState,
  customer: { external_id?: string | undefined; email?: string | undefined },
  order: Order,
  now: number,
): RejectionCode | null {
  const { record, program, advocate } = ctx;
  if (record.status === 'disabled') return 'code_disabled';
  if (advocate.status === 'suspended') return 'advocate_suspended';
  const state = programState(program, now);
  if (state === 'ended') return 'program_ended';
  if (state === 'paused' || state === 'draft') return 'program_inactive';
  if (state === 'not_started') return 'program_not_started';
  const sameId = customer.external_id !== undefined && customer.external_id === advocate.external_id;
  const sameEmail =
    customer.email !== undefined &&
    advocate.email !== null &&
    customer.email.toLowerCase() === advocate.email.toLowerCase();
  if (sameId || sameEmail) return 'self_referral';
  const offer = program.referee_offer;
  if ('currency' in offer && offer.currency && offer.currency !== order.currency) return 'currency_mismatch';
  if (program.limits.min_order_amount !== null && order.amount < program.limits.min_order_amount) {
    return 'min_order_not_met';
  }
  return null;
}

/** A reward code: `R` and 11 characters of the referral-code alphabet (30^11 codes, none confusable). */
const REWARD_CODE = new RegExp(`^R[${CODE_ALPHABET}]{11}$`);

/** Whether a (normalised) code has a reward code's shape: checkout looks it up among reward codes first. */
export function isRewardCode(code: string): boolean {
  return REWARD_CODE.test(code);
}

/** What the checkout rules read of a reward code (worker/storage/reward-codes.ts). */
export interface RewardCodeState {
  status: 'active' | 'disabled' | 'redeemed';
  currency: string;
  expires_at: string | null;
  order_digest: string | null;
}

/**
 * Why a reward code cannot be used on this order at `now`, or null. A reward code is single use and
 * gives its own discount: no program limits, no referral rules. The order it was redeemed on is not
 * refused (redeeming that order again answers its redemption).
 */
export function rewardCodeRejection(
  code: RewardCodeState,
  order: Order,
  now: number,
  orderDigest: string | null = null,
): RejectionCode | null {
  if (code.status === 'redeemed')
    return orderDigest !== null && orderDigest === code.order_digest ? null : 'usage_limit_reached';
  if (code.status === 'disabled') return 'code_disabled';
  if (code.expires_at !== null && Date.parse(code.expires_at) <= now) return 'code_expired';
  if (code.currency !== order.currency) return 'currency_mismatch';
  return null;
}
