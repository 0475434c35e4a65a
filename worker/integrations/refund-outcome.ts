import { majorUnits } from '../../shared/core/money.ts';
import type { RefundResult } from '../conversions/refund-conversion.ts';
import type { Applied } from './receive-event.ts';

/** An amount for the console's event log: `12.34 USD`. */
export function money(minor: number | null, currency: string | null): string {
  if (minor === null) return 'no amount';
  if (currency === null) return String(minor);
  const { value, digits } = majorUnits(minor, currency);
  return `${value.toFixed(digits)} ${currency}`;
}

/** What bringing a conversion to a provider's refunded total did, in words. */
export function refundOutcome(result: RefundResult | null): Applied {
  if (result === null) return { outcome: 'ignored', detail: 'Nothing refunded yet: no amount to take back.' };
  switch (result.kind) {
    case 'missing':
      return { outcome: 'ignored', detail: 'The conversion of this order no longer exists.' };
    case 'no_amount':
      return { outcome: 'ignored', detail: 'The conversion of this order has no amount to refund.' };
    case 'too_much':
      // Only an order refunded in full already: the total asked for is capped at the order.
      return { outcome: 'ignored', detail: 'The order was refunded in full already.' };
    case 'refunded': {
      const c = result.conversion;
      const total = `${money(c.refunded_amount, c.currency)} of ${money(c.amount, c.currency)}`;
      if (result.refundedBefore === c.refunded_amount) {
        return { outcome: 'ignored', detail: `Already applied: ${total} refunded on conversion ${c.id}.` };
      }
      return {
        outcome: 'applied',
        detail: `Conversion ${c.id}: ${total} refunded now; its rewards reduced by the same share.`,
      };
    }
  }
}
