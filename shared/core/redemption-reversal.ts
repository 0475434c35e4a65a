import type { Redemption } from '../schemas/redemption.ts';

type Reversible = Pick<Redemption, 'status' | 'order' | 'reversed_amount' | 'updated_at'>;

export type Reversal<R> =
  | { kind: 'reversed'; redemption: R; full: boolean }
  | { kind: 'already_reversed' }
  | { kind: 'too_much'; left: number };

/**
 * A refund of a redeemed order: `amount` (the rest of the order when omitted) adds to
 * `reversed_amount`, never past the order's amount; reaching it reverses the redemption, which
 * gives the code's use back. `at` is the time of this refund (the record's `updated_at`).
 */
export function reversalOf<R extends Reversible>(r: R, amount: number | undefined, at: string): Reversal<R> {
  if (r.status === 'reversed') return { kind: 'already_reversed' };
  const left = r.order.amount - r.reversed_amount;
  const take = amount ?? left;
  if (take > left) return { kind: 'too_much', left };
  const reversed = r.reversed_amount + take;
  const full = reversed >= r.order.amount;
  const status = full ? 'reversed' : 'partially_reversed';
  return { kind: 'reversed', full, redemption: { ...r, reversed_amount: reversed, status, updated_at: at } };
}
