import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { startSubscription } from '../../conversions/renewals.ts';
import { ingestOrder } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { fromStripeAmount } from './amounts.ts';
import type { invoiceParty } from './attribution.ts';
import type { Invoice, StripeEvent } from './event-schemas.ts';
import { ms } from './outcome.ts';

/**
 * A subscription's first paid invoice is the order (keyed by the invoice id, which its Checkout's order shares
 * and its refunds are linked by), and its conversion makes the subscription a referred one: the renewals and
 * `recurring.months` count from it. `party`: who referred and who paid, from the invoice or its stored trial.
 */
export async function applyFirstPayment(
  p: Publisher,
  invoice: Invoice,
  subscriptionId: string,
  { attribution, customer }: ReturnType<typeof invoiceParty>,
  event: StripeEvent,
  now: number,
): Promise<Applied> {
  const { applied, conversion } = await ingestOrder(
    p,
    {
      provider: 'stripe',
      orderId: invoice.id,
      refundRef: invoice.id,
      amount: fromStripeAmount(invoice.amount_paid, invoice.currency),
      currency: invoice.currency.toUpperCase(),
      customer,
      ...attribution,
      occurredAt: ms(event.created),
    },
    now,
  );
  if (conversion) {
    await startSubscription(p, { provider: 'stripe', subscriptionId, conversion, startedAt: ms(event.created) }, now);
  }
  return applied;
}
