import { majorUnits } from '../../../shared/core/money.ts';
import type { RefereeOffer } from '../../../shared/schemas/program.ts';
import { toStripeAmount } from '../stripe/amounts.ts';

/**
 * A program's friend offer as each checkout can express it, or why it cannot: pure rules, no I/O.
 * Switches over `type` have explicit return types, so an offer type added to the schema fails to
 * compile here until it is handled (shared/core/vocabulary.ts).
 */
export type CheckoutOffer<P> = { kind: 'offer'; version: string; params: P } | { kind: 'skip'; reason: string };

/**
 * A stable name of an offer's terms: a Stripe coupon is made once per version, and a code's copy is
 * remade when its program's offer changes. Readable on purpose (`pct15`, `amt1000usd`): it shows up in
 * coupon ids and idempotency keys at the provider.
 */
export function offerVersion(offer: RefereeOffer): string {
  switch (offer.type) {
    case 'percent':
      return `pct${String(offer.value).replace('.', '_')}`;
    case 'fixed_amount':
      return `amt${offer.value}${offer.currency.toLowerCase()}`;
    case 'free_shipping':
      return 'ship';
    case 'free_product':
      return 'product';
    case 'trial_days':
      return `trial${offer.value}`;
  }
}

/** Stripe promotion codes take letters and digits only (Stripe's API reference, `code`). */
const STRIPE_CODE = /^[A-Za-z0-9]+$/;

/**
 * The form fields of a Stripe Coupon for the offer (applied once: the friend's first order). A fixed
 * amount is in Stripe's decimals for its currency (100 ISK is `10000` there: worker/integrations/stripe/amounts.ts).
 */
export function stripeCoupon(offer: RefereeOffer, code: string): CheckoutOffer<Record<string, string>> {
  if (!STRIPE_CODE.test(code)) {
    return skip('Stripe promotion codes take letters and digits only; this code has `-` or `_`.');
  }
  const version = offerVersion(offer);
  switch (offer.type) {
    case 'percent':
      return { kind: 'offer', version, params: { percent_off: String(offer.value), duration: 'once' } };
    case 'fixed_amount':
      return {
        kind: 'offer',
        version,
        params: {
          amount_off: String(toStripeAmount(offer.value, offer.currency)),
          currency: offer.currency.toLowerCase(),
          duration: 'once',
        },
      };
    case 'free_shipping':
      return skip('A Stripe coupon takes money off the order; free shipping is a shipping rate on the Checkout.');
    case 'free_product':
      return skip('A free product has no Stripe coupon: add it to the Checkout session instead.');
    case 'trial_days':
      return skip('A trial is set on the subscription (trial_period_days), not by a coupon.');
  }
}

/** What a Shopify code discount gives, as the GraphQL Admin API's `customerGets` (amount off) or free shipping. */
export type ShopifyDiscount =
  | { kind: 'amount_off'; customerGets: { value: ShopifyValue; items: { all: true } } }
  | { kind: 'free_shipping' };
type ShopifyValue = { percentage: number } | { discountAmount: { amount: string; appliesOnEachItem: false } };

/** The Shopify discount for the offer; a fixed amount only in the shop's own currency (Shopify applies it as is). */
export function shopifyDiscount(offer: RefereeOffer, shopCurrency: string): CheckoutOffer<ShopifyDiscount> {
  const version = offerVersion(offer);
  const amountOff = (value: ShopifyValue): CheckoutOffer<ShopifyDiscount> => ({
    kind: 'offer',
    version,
    params: { kind: 'amount_off', customerGets: { value, items: { all: true } } },
  });
  switch (offer.type) {
    case 'percent':
      // Shopify's percentage is a fraction (0.15 for 15 %).
      return amountOff({ percentage: Number((offer.value / 100).toFixed(6)) });
    case 'fixed_amount': {
      if (offer.currency !== shopCurrency) {
        return skip(`The offer is in ${offer.currency}; this shop sells in ${shopCurrency}.`);
      }
      const { value, digits } = majorUnits(offer.value, offer.currency);
      return amountOff({ discountAmount: { amount: value.toFixed(digits), appliesOnEachItem: false } });
    }
    case 'free_shipping':
      return { kind: 'offer', version, params: { kind: 'free_shipping' } };
    case 'free_product':
      return skip('A free product needs a product picked in Shopify (a Buy X Get Y discount).');
    case 'trial_days':
      return skip('Shopify discounts have no trial days.');
  }
}

function skip(reason: string): { kind: 'skip'; reason: string } {
  return { kind: 'skip', reason };
}
