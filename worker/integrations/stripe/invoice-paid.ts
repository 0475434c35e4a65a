import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { ingestRenewal } from '../renewals.ts';
import { fromStripeAmount } from './amounts.ts';
import { invoiceParty } from './attribution.ts';
import { type Invoice, idOf, type StripeEvent } from './event-schemas.ts';
import { applyFirstPayment } from './first-payment.ts';
import { keepLegacyPayment, linkInvoicePayments } from './invoice-payments.ts';
import { ignored, ms } from './outcome.ts';
import { applyFreeFirstInvoice, applyPaymentAfterTrial } from './trials.ts';

/**
 * `invoice.paid` of a subscription: the first invoice (`subscription_create`) is the order (the same
 * conversion as its Checkout's, both keyed by the invoice id) and makes the subscription a referred one;
 * each later paid invoice (`subscription_cycle`, or a paid `subscription_update`) is a renewal, rewarded
 * as the program's `recurring` setting says. Other invoices are not subscriptions' and are ignored.
 * A first invoice that charged nothing (a free trial) only remembers its referral, and the first paid
 * invoice after it is the order instead (worker/integrations/stripe/trials.ts).
 * Either is linked for refunds by the invoice id, then to the payments that paid it
 * (worker/integrations/stripe/invoice-payments.ts).
 */
export async function applyInvoicePaid(p: Publisher, invoice: Invoice, event: StripeEvent, now: number) {
  const details = invoice.parent?.subscription_details ?? invoice.subscription_details;
  const subscriptionId = idOf(details?.subscription) ?? idOf(invoice.subscription);
  if (!subscriptionId) return ignored(`Invoice ${invoice.id} bills no subscription.`);
  const reason = invoice.billing_reason ?? null;
  const renewal = reason === 'subscription_cycle' || (reason === 'subscription_update' && invoice.amount_paid > 0);
  if (reason !== 'subscription_create' && !renewal) {
    return ignored(
      `Invoice ${invoice.id} (${reason ?? 'no billing reason'}) is neither a first payment nor a renewal.`,
    );
  }
  if (reason === 'subscription_create' && invoice.amount_paid === 0)
    return applyFreeFirstInvoice(p, invoice, subscriptionId, event);
  await keepLegacyPayment(p, invoice);
  const applied = renewal
    ? ((await applyPaymentAfterTrial(p, invoice, subscriptionId, event, now)) ??
      (await renewalOf(p, invoice, subscriptionId, event, now)))
    : await applyFirstPayment(p, invoice, subscriptionId, invoiceParty(invoice), event, now);
  await linkInvoicePayments(p, invoice.id, now);
  return applied;
}

function renewalOf(p: Publisher, invoice: Invoice, subscriptionId: string, event: StripeEvent, now: number) {
  return ingestRenewal(
    p,
    {
      provider: 'stripe',
      subscriptionId,
      orderId: invoice.id,
      refundRef: invoice.id,
      amount: fromStripeAmount(invoice.amount_paid, invoice.currency),
      currency: invoice.currency.toUpperCase(),
      periodStart: periodStartOf(invoice, event),
      occurredAt: ms(event.created),
    },
    now,
  );
}

/**
 * The start of the period this invoice pays for: its subscription lines' period (a cycle invoice's own
 * `period_start` is the period before, over which usage accrued), else the invoice's.
 */
function periodStartOf(invoice: Invoice, event: StripeEvent): number {
  const starts = (invoice.lines?.data ?? []).flatMap((line) => (line.period ? [line.period.start] : []));
  if (starts.length > 0) return ms(Math.max(...starts));
  return ms(invoice.period_start ?? event.created);
}
