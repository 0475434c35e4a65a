import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundedShare } from './refunds.ts';

/** What a sequence of refunds takes back from one reward: each takes the difference to the running share. */
function takes(original: number, orderAmount: number, refunds: number[]): number[] {
  let refunded = 0;
  let reversed = 0;
  return refunds.map((r) => {
    refunded += r;
    const target = refundedShare(original, refunded, orderAmount);
    const delta = target - reversed;
    reversed = target;
    return delta;
  });
}

describe('refundedShare', () => {
  it('rounds half up (not half to even): the rule the stored rewards were written with', () => {
    expect(refundedShare(1, 1, 2)).toBe(1); // 0.5
    expect(refundedShare(3, 1, 2)).toBe(2); // 1.5
    expect(refundedShare(5, 1, 2)).toBe(3); // 2.5: half to even would give 2
    expect(refundedShare(7, 1, 2)).toBe(4); // 3.5
    expect(refundedShare(1000, 1, 3)).toBe(333); // 333.33
    expect(refundedShare(1000, 2, 3)).toBe(667); // 666.67
  });

  it('takes nothing for nothing refunded and everything for a full refund', () => {
    expect(refundedShare(1234, 0, 9999)).toBe(0);
    expect(refundedShare(1234, 9999, 9999)).toBe(1234);
  });

  it('is the same rule in minor units for zero- and three-decimal currencies', () => {
    // JPY: a 500 yen reward on a 3000 yen order, 1000 yen refunded.
    expect(refundedShare(500, 1000, 3000)).toBe(167);
    // KWD: a 2.500 KWD reward on a 12.345 KWD order, 4.115 KWD refunded (833.33 fils).
    expect(refundedShare(2500, 4115, 12_345)).toBe(833);
  });

  it('three refunds of a third add up to the whole reward', () => {
    expect(takes(100, 300, [100, 100, 100])).toEqual([33, 34, 33]);
    expect(takes(1, 3, [1, 1, 1])).toEqual([0, 1, 0]);
  });

  it('repeated partial refunds sum exactly to the whole, each taking zero or more', () => {
    const refundsOf = fc.integer({ min: 1, max: 10_000_000 }).chain((orderAmount) =>
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).map((weights) => {
        // Split the order into as many positive parts as fit, proportional to the weights.
        const parts = weights.slice(0, orderAmount);
        const total = parts.reduce((s, w) => s + w, 0);
        const upTo = (i: number) => parts.slice(0, i + 1).reduce((s, w) => s + w, 0);
        const cuts = parts.map((_, i) => Math.floor((orderAmount * upTo(i)) / total));
        return { orderAmount, refunds: cuts.map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!)).filter((r) => r > 0) };
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), refundsOf, (original, { orderAmount, refunds }) => {
        expect(refunds.reduce((s, r) => s + r, 0)).toBe(orderAmount);
        const taken = takes(original, orderAmount, refunds);
        expect(taken.every((d) => d >= 0)).toBe(true);
        expect(taken.reduce((s, d) => s + d, 0)).toBe(original);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a negative adjustment a share of zero or less, so a refund never takes from it', () => {
    // Adjustments (the part of an already-paid reward taken back) are negative and start with
    // nothing reversed: the refund step takes only a positive difference, so it leaves them alone.
    expect(refundedShare(-300, 1, 2)).toBe(-150);
    expect(refundedShare(-5, 1, 2)).toBe(-2); // Math.round(-2.5) rounds towards +infinity
    expect(refundedShare(-1, 1, 3)).toBe(-0);
  });
});
