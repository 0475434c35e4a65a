import { describe, expect, it } from 'vitest';
import { fromStripeAmount, toStripeAmount } from './amounts.ts';

// Stripe's amounts against its currency reference (https://docs.stripe.com/currencies): the special cases
// quoted there, the zero- and three-decimal lists, and an ordinary two-decimal currency.
describe('Stripe amounts in Vouch minor units', () => {
  it('reads ISK and UGX as two-decimal at Stripe ("to charge 5 ISK, provide an amount value of 500")', () => {
    expect(fromStripeAmount(10_000, 'isk')).toBe(100);
    expect(fromStripeAmount(500, 'ISK')).toBe(5);
    expect(fromStripeAmount(500, 'ugx')).toBe(5);
    expect(toStripeAmount(100, 'ISK')).toBe(10_000);
    expect(toStripeAmount(5, 'UGX')).toBe(500);
  });

  it('reads HUF as two-decimal at Stripe (charges), rounding a fraction of a forint Vouch cannot hold', () => {
    expect(fromStripeAmount(250_000, 'huf')).toBe(2_500);
    expect(fromStripeAmount(1_045, 'HUF')).toBe(10);
    expect(fromStripeAmount(1_050, 'HUF')).toBe(11);
    expect(toStripeAmount(2_500, 'HUF')).toBe(250_000);
  });

  it('keeps TWD, USD, JPY and KWD as they are: Stripe and Vouch count them alike', () => {
    for (const [amount, currency] of [
      [80_045, 'twd'],
      [12_345, 'usd'],
      [500, 'jpy'],
      [5_120, 'kwd'],
      [1_000, 'krw'],
    ] as const) {
      expect(fromStripeAmount(amount, currency)).toBe(amount);
      expect(toStripeAmount(amount, currency)).toBe(amount);
    }
  });
});
