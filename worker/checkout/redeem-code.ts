import type * as z from 'zod';
import { parseCode } from '../../shared/codes.ts';
import { isRewardCode, stateRejection } from '../../shared/core/code-rules.ts';
import { discountFor } from '../../shared/core/offers.ts';
import { isId } from '../../shared/ids.ts';
import type { RedemptionCreate } from '../../shared/schemas/redemption.ts';
import { readCheckout } from '../conversions/checkout-facts.ts';
import { convertRedemption, redemptionSale } from '../conversions/from-redemption.ts';
import { type Publisher, publish } from '../conversions/publish-outcomes.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { redemptionStore } from '../storage/redemptions.ts';
import { limitsOf, newRedemption, rejected } from './evaluate-code.ts';
import { redeemRewardCode } from './reward-code-checkout.ts';

type Input = z.infer<typeof RedemptionCreate>;

/**
 * Redeems a code for an order, within its limits, once per order id: a repeated order answers its
 * first redemption (`created` false). Refusals are 422 ApiErrors. Its event and its conversion
 * follow; on a repeat they complete what a failure may have cut short (their keys keep them from
 * happening twice).
 */
export async function redeemCode(p: Publisher, input: Input, now: number, readAlong?: CodeRecord | null) {
  const code = parseCode(input.code);
  // A reward code (the advocate's own discount) redeems apart: no referral, no conversion.
  const reward = code && isRewardCode(code) ? await redeemRewardCode(p, code, input, now) : null;
  if (reward) return reward;
  // The code (read along with authentication), then its program, advocate and credit facts in one
  // round trip: the redemption and its conversion read nothing else before they write.
  const ctx = code ? await readCheckout(p.env, p.tenant, code, readAlong, redemptionSale(input), now) : null;
  if (!ctx) throw rejected('code_not_found');
  const state = stateRejection(ctx, input.customer, input.order, now);
  if (state) throw rejected(state);
  if (input.reservation_id !== undefined && !isId('reservation', input.reservation_id))
    throw rejected('reservation_not_found');
  const result = await redemptionStore(p.env).redeem(
    p.tenant,
    newRedemption(
      p.tenant,
      { code: ctx.code, program_id: ctx.program.id, advocate_id: ctx.advocate.id },
      input,
      discountFor(ctx.program.referee_offer, input.order.amount),
      now,
    ),
    {
      orderDigest: (await sha256Hex(`order:${input.order_id}`)).slice(0, 40),
      customer: await customerDigest(input.customer),
      limits: limitsOf(ctx.program),
      reservationId: input.reservation_id ?? null,
      now,
    },
  );
  if (result.kind === 'rejected') throw rejected(result.code);
  const { redemption } = result;
  const event = { type: 'redemption.created', key: `redemption.created:${redemption.id}`, data: redemption } as const;
  await publish(p, [event]);
  const known = { code: ctx.code, record: ctx.record, program: ctx.program };
  await convertRedemption(p, redemption, input.customer, { known, credit: ctx.credit }, now);
  return { redemption, created: result.kind === 'created' };
}
