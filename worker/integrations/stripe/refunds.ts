import type * as z from 'zod';
import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { ingestRefund } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { fromStripeAmount } from './amounts.ts';
import { type Charge, idOf, type Refund } from './event-schemas.ts';
import { ignored } from './outcome.ts';

/**
 * `charge.refunded`: Stripe sends the charge with its running `amount_refunded`, a cumulative figure, so
 * a redelivered or reordered event can never refund twice. The order is found by the charge's
 * PaymentIntent (what orders were linked by), else the charge itself.
 */
export function applyChargeRefunded(p: Publisher, charge: z.infer<typeof Charge>, now: number): Promise<Applied> {
  return ingestRefund(
    p,
    {
      provider: 'stripe',
      refundRef: idOf(charge.payment_intent) ?? charge.id,
      cumulative: { of: charge.id, amount: fromStripeAmount(charge.amount_refunded, charge.currency) },
    },
    now,
  );
}

// A refund Stripe has made or is making; `failed` and `canceled` ones gave nothing back.
const EFFECTIVE = new Set(['succeeded', 'pending']);

/** `refund.created`: one refund by its id (refunds of one order add up; the same refund counts once). */
export async function applyRefundCreated(p: Publisher, refund: z.infer<typeof Refund>, now: number): Promise<Applied> {
  if (!EFFECTIVE.has(refund.status ?? ''))
    return ignored(`Refund ${refund.id} is ${refund.status ?? 'without a status'}.`);
  const refundRef = idOf(refund.payment_intent) ?? idOf(refund.charge);
  if (!refundRef) return ignored(`Refund ${refund.id} names no payment.`);
  const amount = fromStripeAmount(refund.amount, refund.currency);
  return ingestRefund(p, { provider: 'stripe', refundRef, refund: { id: refund.id, amount } }, now);
}
