import { describe, expect, it } from 'vitest';
import { ReferrerReward } from '../schemas/program.ts';
import { advocateReward, unitOf } from './rewards.ts';
import type { FixedValueReward } from './vocabulary.ts';

const percent = (value: number, currency: string, max_amount?: number): ReferrerReward => ({
  type: 'percent_of_order',
  value,
  currency,
  ...(max_amount !== undefined ? { max_amount } : {}),
});

const paid = (amount: number, currency: string) => ({ type: 'percent_of_order', amount, currency });
const order = (amount: number, currency: string) => ({ amount, currency });

describe('advocateReward', () => {
  it('rounds a percent of the order down to whole minor units (2, 0 and 3 decimals alike)', () => {
    expect(advocateReward(percent(10, 'USD'), order(3339, 'USD'))).toEqual(paid(333, 'USD'));
    expect(advocateReward(percent(15, 'JPY'), order(1999, 'JPY'))).toEqual(paid(299, 'JPY'));
    expect(advocateReward(percent(10, 'KWD'), order(12_345, 'KWD'))).toEqual(paid(1234, 'KWD'));
    expect(advocateReward(percent(2.5, 'BHD'), order(1_001, 'BHD'))).toEqual(paid(25, 'BHD'));
  });

  it('caps a percent of the order at max_amount, with the cap itself allowed', () => {
    const capped = percent(10, 'USD', 500);
    const at = (amount: number) => advocateReward(capped, { amount, currency: 'USD' });
    expect(at(4_999)).toEqual(paid(499, 'USD'));
    expect(at(5_000)).toEqual(paid(500, 'USD'));
    expect(at(5_010)).toEqual(paid(500, 'USD'));
    expect(at(1_000_000)).toEqual(paid(500, 'USD'));
  });

  it('gives nothing, with the reason, for an order too small, in another currency or missing', () => {
    const small = advocateReward(percent(5, 'USD'), order(19, 'USD'));
    expect(small).toEqual({ none: 'The order is too small for a reward.' });
    expect(advocateReward(percent(5, 'USD'), order(20, 'USD'))).toEqual(paid(1, 'USD'));
    const euros = advocateReward(percent(5, 'USD'), order(2000, 'EUR'));
    expect(euros).toEqual({ none: 'The order is in EUR; this reward is paid in USD.' });
    const signup = advocateReward(percent(5, 'USD'), null);
    expect(signup).toEqual({ none: 'A percent-of-order reward needs an order amount.' });
  });

  it('pays fixed-value rewards and points as stated, whatever the order', () => {
    const fixed: FixedValueReward[] = [
      { type: 'fixed_amount', value: 1000, currency: 'USD' },
      { type: 'store_credit', value: 500, currency: 'JPY' },
      { type: 'gift_card', value: 2500, currency: 'KWD' },
      { type: 'charity_donation', value: 700, currency: 'EUR', charity_name: 'Trees' },
    ];
    for (const reward of fixed) {
      const stated = { type: reward.type, amount: reward.value, currency: reward.currency };
      expect(advocateReward(reward, null)).toEqual(stated);
      expect(advocateReward(reward, order(1, 'GBP'))).toEqual(stated);
    }
    const points = advocateReward({ type: 'points', value: 250 }, null);
    expect(points).toEqual({ type: 'points', amount: 250, currency: null });
  });

  it('has a case or the fixed-value path for every reward type of the schema', () => {
    // Type-level: a key missing here, or one the schema does not have, fails to compile.
    const handled: Record<ReferrerReward['type'], 'own case' | FixedValueReward['type']> = {
      points: 'own case',
      percent_of_order: 'own case',
      fixed_amount: 'fixed_amount',
      store_credit: 'store_credit',
      gift_card: 'gift_card',
      charity_donation: 'charity_donation',
      reward_code: 'own case',
    };
    expect(Object.keys(handled).sort()).toEqual(ReferrerReward.options.map((o) => o.shape.type.value).sort());
  });

  it('does not compile a new reward type until it is handled (type-level)', () => {
    // The same switch as advocateReward's over the schema's types plus a future one.
    type Future = ReferrerReward | { type: 'subscription_months'; value: number; currency: string };
    const pays = (reward: Future): number => {
      switch (reward.type) {
        case 'points':
        case 'percent_of_order':
          return 0;
        default:
          // @ts-expect-error 'subscription_months' is not a fixed-value type: it needs its own case.
          reward satisfies FixedValueReward;
          return reward.value;
      }
    };
    expect(pays({ type: 'points', value: 1 })).toBe(0);
  });
});

describe('unitOf', () => {
  it('is the currency, or points', () => {
    expect(unitOf({ currency: 'KWD' })).toBe('KWD');
    expect(unitOf({ currency: null })).toBe('points');
  });
});
