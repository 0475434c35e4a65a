import { describe, expect, it } from 'vitest';
import { offerVersion, shopifyDiscount, stripeCoupon } from './checkout-offers.ts';

describe('offerVersion', () => {
  it('names an offer by its terms: equal terms, equal name; changed terms, a new name', () => {
    expect(offerVersion({ type: 'percent', value: 15 })).toBe('pct15');
    expect(offerVersion({ type: 'percent', value: 12.5 })).toBe('pct12_5');
    expect(offerVersion({ type: 'fixed_amount', value: 1000, currency: 'USD' })).toBe('amt1000usd');
    expect(offerVersion({ type: 'fixed_amount', value: 1000, currency: 'EUR' })).not.toBe('amt1000usd');
    expect(offerVersion({ type: 'free_shipping' })).toBe('ship');
    expect(offerVersion({ type: 'trial_days', value: 14 })).toBe('trial14');
  });
});

describe('stripeCoupon', () => {
  it('percent and fixed amounts become a once-only coupon (amount in minor units, currency lower case)', () => {
    expect(stripeCoupon({ type: 'percent', value: 12.5 }, 'ADA2024')).toEqual({
      kind: 'offer',
      version: 'pct12_5',
      params: { percent_off: '12.5', duration: 'once' },
    });
    expect(stripeCoupon({ type: 'fixed_amount', value: 500, currency: 'JPY' }, 'ADA')).toMatchObject({
      params: { amount_off: '500', currency: 'jpy', duration: 'once' },
    });
  });

  it('a fixed amount is in Stripe\u2019s decimals: ISK and HUF are two-decimal there, whole units in Vouch', () => {
    const amountOff = (value: number, currency: string) =>
      stripeCoupon({ type: 'fixed_amount', value, currency }, 'ADA');
    expect(amountOff(100, 'ISK')).toMatchObject({ params: { amount_off: '10000', currency: 'isk' } });
    expect(amountOff(2_500, 'HUF')).toMatchObject({ params: { amount_off: '250000', currency: 'huf' } });
    expect(amountOff(1_050, 'USD')).toMatchObject({ params: { amount_off: '1050', currency: 'usd' } });
    expect(amountOff(1_500, 'KWD')).toMatchObject({ params: { amount_off: '1500', currency: 'kwd' } });
  });

  it('skips offers without a coupon equivalent, and codes Stripe refuses (only letters and digits)', () => {
    for (const offer of [
      { type: 'free_shipping' as const },
      { type: 'trial_days' as const, value: 7 },
      { type: 'free_product' as const, product_name: 'Mug' },
    ]) {
      expect(stripeCoupon(offer, 'ADA').kind).toBe('skip');
    }
    expect(stripeCoupon({ type: 'percent', value: 10 }, 'ADA-2024')).toMatchObject({ kind: 'skip' });
    expect(stripeCoupon({ type: 'percent', value: 10 }, 'ADA_2024')).toMatchObject({ kind: 'skip' });
  });
});

describe('shopifyDiscount', () => {
  it('a percentage is a fraction; a fixed amount is a decimal in the currency\u2019s own digits', () => {
    expect(shopifyDiscount({ type: 'percent', value: 15 }, 'USD')).toMatchObject({
      params: { kind: 'amount_off', customerGets: { value: { percentage: 0.15 }, items: { all: true } } },
    });
    const amount = (value: number, currency: string) =>
      shopifyDiscount({ type: 'fixed_amount', value, currency }, currency);
    expect(amount(1050, 'USD')).toMatchObject({
      params: { customerGets: { value: { discountAmount: { amount: '10.50', appliesOnEachItem: false } } } },
    });
    expect(amount(500, 'JPY')).toMatchObject({
      params: { customerGets: { value: { discountAmount: { amount: '500' } } } },
    });
    expect(amount(1500, 'KWD')).toMatchObject({
      params: { customerGets: { value: { discountAmount: { amount: '1.500' } } } },
    });
  });

  it('a fixed amount in another currency than the shop\u2019s is skipped; free shipping has its own discount', () => {
    const other = shopifyDiscount({ type: 'fixed_amount', value: 1000, currency: 'EUR' }, 'USD');
    expect(other).toMatchObject({ kind: 'skip' });
    expect(other.kind === 'skip' && other.reason).toContain('EUR');
    expect(shopifyDiscount({ type: 'free_shipping' }, 'USD')).toMatchObject({ params: { kind: 'free_shipping' } });
    expect(shopifyDiscount({ type: 'trial_days', value: 3 }, 'USD').kind).toBe('skip');
  });
});
