import { describe, expect, it } from 'vitest';
import type { RefereeOffer } from '../schemas/program.ts';
import { discountFor, friendReward, rewardCodeDiscount } from './offers.ts';

const off = (value: number, amount_off: number) => ({ type: 'percent', value, amount_off });

describe('discountFor', () => {
  it('takes a percent of the order rounded down to whole minor units', () => {
    expect(discountFor({ type: 'percent', value: 15 }, 999)).toEqual(off(15, 149));
    expect(discountFor({ type: 'percent', value: 15 }, 1000)).toEqual(off(15, 150));
    // JPY has no minor unit, KWD three decimals: the rule is the same on minor units.
    expect(discountFor({ type: 'percent', value: 33 }, 101)).toEqual(off(33, 33));
    expect(discountFor({ type: 'percent', value: 12.5 }, 12_345)).toEqual(off(12.5, 1543));
    expect(discountFor({ type: 'percent', value: 100 }, 4321)).toEqual(off(100, 4321));
  });

  it('takes a fixed amount, never more than the order', () => {
    const offer: RefereeOffer = { type: 'fixed_amount', value: 1000, currency: 'USD' };
    expect(discountFor(offer, 999).amount_off).toBe(999);
    expect(discountFor(offer, 1000).amount_off).toBe(1000);
    expect(discountFor(offer, 1001).amount_off).toBe(1000);
  });

  it('takes nothing off for shipping, product and trial offers', () => {
    const none = (offer: RefereeOffer, value: number | null) =>
      expect(discountFor(offer, 5000)).toEqual({ type: offer.type, value, amount_off: 0 });
    none({ type: 'free_shipping' }, null);
    none({ type: 'free_product', product_name: 'Mug' }, null);
    none({ type: 'free_product', product_name: 'Mug', value: 900 }, 900);
    none({ type: 'trial_days', value: 30 }, 30);
  });

  it('does not compile a switch with a missing offer type (type-level)', () => {
    // discountFor's declared return type makes its switch exhaustive; the same shape without trial_days:
    // @ts-expect-error not all code paths return a value: 'trial_days' has no case.
    const partial = (offer: RefereeOffer): number => {
      switch (offer.type) {
        case 'percent':
        case 'fixed_amount':
        case 'free_shipping':
        case 'free_product':
          return 0;
      }
    };
    expect(partial({ type: 'free_shipping' })).toBe(0);
  });
});

describe('friendReward', () => {
  const friend = friendReward;
  const got = (type: string, amount: number, currency: string | null) => ({ type, amount, currency });

  it("values the offer on the order, in the offer's currency or else the order's", () => {
    const order = { amount: 5000, currency: 'JPY' };
    expect(friend({ type: 'percent', value: 10 }, order)).toEqual(got('percent', 500, 'JPY'));
    const yen = { type: 'fixed_amount', value: 700, currency: 'JPY' } as const;
    expect(friend(yen, order)).toEqual(got('fixed_amount', 700, 'JPY'));
    expect(friend({ type: 'free_shipping' }, order)).toEqual(got('free_shipping', 0, 'JPY'));
    const mug = { type: 'free_product', product_name: 'Mug' } as const;
    expect(friend({ ...mug, value: 1500, currency: 'KWD' }, order)).toEqual(got('free_product', 1500, 'KWD'));
    expect(friend(mug, order)).toEqual(got('free_product', 0, 'JPY'));
    expect(friend({ type: 'trial_days', value: 14 }, order)).toEqual(got('trial_days', 0, null));
  });

  it('values a percent offer at zero without an order (a signup)', () => {
    expect(friend({ type: 'percent', value: 10 }, null)).toEqual(got('percent', 0, null));
    expect(friend({ type: 'fixed_amount', value: 700, currency: 'USD' }, null)).toEqual(got('fixed_amount', 0, 'USD'));
  });
});

describe('rewardCodeDiscount', () => {
  it('takes its own percent or fixed amount off, never more than the order', () => {
    const percent = { discount: 'percent', value: 15, currency: 'USD' } as const;
    expect(rewardCodeDiscount(percent, 999)).toEqual(off(15, 149));
    expect(rewardCodeDiscount({ ...percent, value: 250 }, 999)).toEqual(off(100, 999));
    const fixed = { discount: 'fixed_amount', value: 1500, currency: 'USD' } as const;
    expect(rewardCodeDiscount(fixed, 5000)).toEqual({ type: 'fixed_amount', value: 1500, amount_off: 1500 });
    expect(rewardCodeDiscount(fixed, 900)).toEqual({ type: 'fixed_amount', value: 1500, amount_off: 900 });
  });
});
