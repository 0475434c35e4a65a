import { fractionDigits } from '../../../shared/core/money.ts';

// Stripe's own decimals per currency (https://docs.stripe.com/currencies), which are not ISO's nor Intl's:
// its zero-decimal currencies, its three-decimal ones, and two decimals for every other. UGX is on Stripe's
// zero-decimal list, but its special cases say UGX and ISK "transitioned to a zero-decimal currency, but
// backwards compatibility requires you to represent it as a two-decimal value" (5 UGX is `500`); HUF and TWD
// are charged in two-decimal amounts too (their zero decimals apply to payouts only).
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

function stripeDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  return THREE_DECIMAL.has(code) ? 3 : 2;
}

/** Powers of ten from Stripe's decimals to Vouch's minor units (shared/core/money.ts: Intl's digits). */
const shiftOf = (currency: string) => stripeDigits(currency) - fractionDigits(currency.toUpperCase());

/**
 * An amount in Stripe's API (a charge, an invoice, a refund) in Vouch's minor units: ISK `10000` at
 * Stripe is 100 ISK, Vouch's `100`. A fraction Vouch's unit cannot hold (HUF `1045`, 10.45 Ft, where
 * Vouch counts whole forints) rounds to the nearest unit, the same way for an order and its refunds.
 */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = shiftOf(currency);
  return shift >= 0 ? Math.round(amount / 10 ** shift) : amount * 10 ** -shift;
}

/** A Vouch amount as Stripe's API takes it (a coupon's `amount_off`): 100 ISK is `10000`. */
export function toStripeAmount(amount: number, currency: string): number {
  const shift = shiftOf(currency);
  return shift >= 0 ? amount * 10 ** shift : Math.round(amount / 10 ** -shift);
}
