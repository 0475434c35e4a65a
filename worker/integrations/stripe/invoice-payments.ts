import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { invoicePaymentStore } from '../../storage/invoice-payments.ts';
import { linkRefundRef } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { type Invoice, type InvoicePayment, idOf } from './event-schemas.ts';
import { ignored } from './outcome.ts';

// Since API 2025-03-31 an invoice does not say what paid it: `invoice_payment.paid` does, in its own event,
// before or after `invoice.paid`. Refunds name that payment (its PaymentIntent), while an invoice's order or
// renewal is linked by the invoice id; each payment is kept with its invoice id, and whichever of the two
// arrives second links the payment to the invoice's conversion.

/**
 * `invoice_payment.paid`: refunds of this payment take back from the invoice's conversion, now if the
 * invoice was recorded, else when it is.
 */
export async function applyInvoicePaymentPaid(p: Publisher, payment: InvoicePayment, now: number): Promise<Applied> {
  if (payment.status !== 'paid') return ignored(`Invoice payment ${payment.id} is ${payment.status}, not paid.`);
  const invoiceId = idOf(payment.invoice) ?? '';
  const refundRef = idOf(payment.payment.payment_intent) ?? idOf(payment.payment.charge);
  if (!refundRef) return ignored(`Invoice payment ${payment.id} is a ${payment.payment.type}: no refund names it.`);
  const conversionId = await invoicePaymentStore(p.env).add(p.tenant, 'stripe', invoiceId, refundRef);
  if (!conversionId) {
    return {
      outcome: 'pending',
      detail:
        `Kept: invoice ${invoiceId} is not a recorded order yet; refunds of ${refundRef} apply to it once it is ` +
        '(an invoice nobody referred never is).',
    };
  }
  await linkRefundRef(p, 'stripe', refundRef, conversionId, now);
  return { outcome: 'applied', detail: `Refunds of ${refundRef} (invoice ${invoiceId}) apply to ${conversionId}.` };
}

/**
 * Before API 2025-03-31 the invoice named its payment itself (`payment_intent`, or `charge` without one):
 * kept like an `invoice_payment.paid`, so it is linked whichever event records the invoice's conversion
 * (this invoice, or its Checkout arriving later).
 */
export async function keepLegacyPayment(p: Publisher, invoice: Invoice): Promise<void> {
  const refundRef = idOf(invoice.payment_intent) ?? idOf(invoice.charge);
  if (refundRef) await invoicePaymentStore(p.env).add(p.tenant, 'stripe', invoice.id, refundRef);
}

/** Once an invoice's order or renewal is recorded (linked by the invoice id): its payments known so far link to it. */
export async function linkInvoicePayments(p: Publisher, invoiceId: string, now: number): Promise<void> {
  const { conversionId, refundRefs } = await invoicePaymentStore(p.env).get(p.tenant, 'stripe', invoiceId);
  if (!conversionId) return;
  for (const refundRef of refundRefs) await linkRefundRef(p, 'stripe', refundRef, conversionId, now);
}
