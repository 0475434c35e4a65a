import { describe, expect, it } from 'vitest';
import { reversalOf } from './redemption-reversal.ts';

const AT = '2026-01-02T00:00:00.000Z';
const redeemed = {
  id: 'red_1',
  status: 'redeemed' as const,
  order: { amount: 1000, currency: 'EUR' },
  reversed_amount: 0,
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('reversalOf (a redemption refunded)', () => {
  it('reverses the whole order when no amount is given, keeping the other fields', () => {
    expect(reversalOf(redeemed, undefined, AT)).toEqual({
      kind: 'reversed',
      full: true,
      redemption: { ...redeemed, status: 'reversed', reversed_amount: 1000, updated_at: AT },
    });
  });

  it('adds partial refunds up to exactly the order amount, which completes the reversal', () => {
    const first = reversalOf(redeemed, 400, AT);
    expect(first).toMatchObject({ kind: 'reversed', full: false });
    if (first.kind !== 'reversed') throw new Error('not reversed');
    expect(first.redemption).toMatchObject({ status: 'partially_reversed', reversed_amount: 400 });
    expect(reversalOf(first.redemption, 601, AT)).toEqual({ kind: 'too_much', left: 600 });
    expect(reversalOf(first.redemption, 600, AT)).toMatchObject({
      kind: 'reversed',
      full: true,
      redemption: { status: 'reversed', reversed_amount: 1000 },
    });
  });

  it('refuses a reversed redemption, and more than the order on the first refund', () => {
    expect(reversalOf({ ...redeemed, status: 'reversed', reversed_amount: 1000 }, 1, AT)).toEqual({
      kind: 'already_reversed',
    });
    expect(reversalOf(redeemed, 1001, AT)).toEqual({ kind: 'too_much', left: 1000 });
  });
});
