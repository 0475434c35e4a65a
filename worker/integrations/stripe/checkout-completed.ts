import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { startSubscription } from '../../conversions/renewals.ts';
import { ingestOrder } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { fromStripeAmount } from './amounts.ts';
import { checkoutParty } from './attribution.ts';
import { type CheckoutSession, idOf, type StripeEvent } from './event-schemas.ts';
import { linkInvoicePayments } from './invoice-payments.ts';
import { ignored, ms } from './outcome.ts';
import { applyFreeCheckout } from './trials.ts';

const PAID = new Set(['paid', 'no_payment_required']);

/**
 * `checkout.session.completed`: a paid Checkout is an order. In `payment` mode the order is the session
 * (`cs_…`); in `subscription` mode it is the subscription's first invoice (`in_…`), so that invoice's
 * `invoice.paid` lands on the same conversion (orders are idempotent on their id), and the subscription
 * is remembered as referred for its renewals. A subscription's session has no PaymentIntent: its refunds
 * are linked through the invoice's payment (`invoice_payment.paid`, before or after this event).
 * A subscription's Checkout that charged nothing (a free trial) is no order: its referral is remembered for
 * the first paid invoice (worker/integrations/stripe/trials.ts). A free one-off payment stays an order.
 */
export async function applyCheckoutCompleted(
  p: Publisher,
  session: CheckoutSession,
  event: StripeEvent,
  now: number,
): Promise<Applied> {
  if (!PAID.has(session.payment_status))
    return ignored(`Checkout ${session.id} is not paid yet (payment_status ${session.payment_status}).`);
  if (session.mode !== 'payment' && session.mode !== 'subscription')
    return ignored(`Checkout ${session.id} is in ${session.mode} mode: no order.`);
  if (session.amount_total === null || session.currency === null)
    return ignored(`Checkout ${session.id} has no amount.`);
  const invoiceId = idOf(session.invoice);
  const subscriptionId = idOf(session.subscription);
  if (session.mode === 'subscription' && subscriptionId && session.amount_total === 0)
    return applyFreeCheckout(p, session, subscriptionId, event);
  const orderId = session.mode === 'subscription' && invoiceId ? invoiceId : session.id;
  // An invoice's order is linked by the invoice id (what its payments are kept with), a session's by its payment.
  const refundRef = orderId === invoiceId ? orderId : (idOf(session.payment_intent) ?? orderId);
  const { attribution, customer } = checkoutParty(session);
  const discount = session.total_details?.amount_discount;
  const { applied, conversion } = await ingestOrder(
    p,
    {
      provider: 'stripe',
      orderId,
      refundRef,
      amount: fromStripeAmount(session.amount_total, session.currency),
      currency: session.currency.toUpperCase(),
      customer,
      ...attribution,
      ...(discount ? { discountAmount: fromStripeAmount(discount, session.currency) } : {}),
      occurredAt: ms(event.created),
    },
    now,
  );
  if (session.mode === 'subscription' && subscriptionId && conversion) {
    await startSubscription(p, { provider: 'stripe', subscriptionId, conversion, startedAt: ms(event.created) }, now);
  }
  if (orderId === invoiceId) await linkInvoicePayments(p, invoiceId, now);
  return applied;
}
