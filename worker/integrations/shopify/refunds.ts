import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { ingestRefund } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { toMinorUnits } from './money.ts';
import { shopifyOrderRef, testOrderOnLive } from './orders.ts';
import type { ShopifyRefund } from './payloads.ts';

type Amount = { amount: string; currency: string };

/**
 * refunds/create: one refund of an order, by its id (a redelivery or a later refund of the same
 * order never counts it twice). The money returned is the sum of its successful refund
 * transactions, in the currency the customer paid in; a refund without refund transactions
 * (refunded by other means) counts its refunded line items' subtotals.
 */
export async function applyRefundCreated(p: Publisher, refund: ShopifyRefund, now: number): Promise<Applied> {
  // A refund through the test gateway is of a test order; one without transactions cannot tell (kept pending).
  const skipped = testOrderOnLive(p, refund.transactions?.some((t) => t.test === true) ?? false, refund.order_id);
  if (skipped) return skipped;
  const amount = refundedAmount(refund);
  if (typeof amount === 'string') return { outcome: 'ignored', detail: amount };
  if (amount === 0) return { outcome: 'ignored', detail: `Refund ${refund.id} returned no money.` };
  const refundRef = shopifyOrderRef(refund.order_id);
  return ingestRefund(p, { provider: 'shopify', refundRef, refund: { id: refund.id, amount } }, now);
}

function refundedAmount(refund: ShopifyRefund): number | string {
  const transactions = (refund.transactions ?? []).filter((t) => t.kind === 'refund');
  const amounts: Amount[] =
    transactions.length > 0
      ? transactions
          .filter((t) => t.status === 'success')
          .map((t) => presentment(t.amount_set) ?? { amount: t.amount, currency: t.currency })
      : (refund.refund_line_items ?? []).flatMap((line) => presentment(line.subtotal_set) ?? []);
  return sum(refund.id, amounts);
}

function presentment(set: { presentment_money: { amount: string; currency_code: string } } | undefined) {
  return set ? { amount: set.presentment_money.amount, currency: set.presentment_money.currency_code } : null;
}

/** Exact minor units of amounts in one currency; a mix of currencies or an inexact amount says why not. */
function sum(refundId: string, amounts: Amount[]): number | string {
  const currencies = new Set(amounts.map((a) => a.currency.toUpperCase()));
  if (currencies.size > 1) return `Refund ${refundId} mixes currencies (${[...currencies].join(', ')}): not applied.`;
  let total = 0;
  for (const a of amounts) {
    const minor = toMinorUnits(a.amount, a.currency.toUpperCase());
    if (minor === null) return `Refund ${refundId}: "${a.amount.slice(0, 24)}" is not an exact ${a.currency} amount.`;
    total += minor;
  }
  return total;
}
