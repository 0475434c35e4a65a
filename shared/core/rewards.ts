import type { ReferrerReward } from '../schemas/program.ts';
import type { FixedValueReward } from './vocabulary.ts';

/** An amount in a unit: minor units of a currency, or points (currency null). */
export interface Amount {
  type: string;
  amount: number;
  currency: string | null;
}

/** An order's total in minor units of its currency. */
export interface Order {
  amount: number;
  currency: string;
}

/**
 * The advocate's reward for one order, or why there is none. A percent of the order is rounded
 * down to whole minor units, then capped by `max_amount` (a cap equal to the share changes nothing).
 */
export function advocateReward(reward: ReferrerReward, order: Order | null): Amount | { none: string } {
  switch (reward.type) {
    case 'points':
      return { type: reward.type, amount: reward.value, currency: null };
    case 'percent_of_order': {
      if (!order) return { none: 'A percent-of-order reward needs an order amount.' };
      if (order.currency !== reward.currency) {
        return { none: `The order is in ${order.currency}; this reward is paid in ${reward.currency}.` };
      }
      const raw = Math.floor((order.amount * reward.value) / 100);
      const amount = reward.max_amount !== undefined ? Math.min(raw, reward.max_amount) : raw;
      if (amount <= 0) return { none: 'The order is too small for a reward.' };
      return { type: reward.type, amount, currency: reward.currency };
    }
    case 'reward_code':
      // A code's worth is known only at the advocate's next order: a fixed discount is recorded at its
      // value, a percent discount at 0 (the reward is the code, issued on approval, never cash).
      return {
        type: reward.type,
        amount: reward.discount === 'fixed_amount' ? reward.value : 0,
        currency: reward.currency,
      };
    default: {
      // Only the fixed-value types may get here: a new type fails to compile on this line.
      reward satisfies FixedValueReward;
      return { type: reward.type, amount: reward.value, currency: reward.currency };
    }
  }
}

/** A reward's unit for balances: its currency, or `points`. */
export function unitOf(a: { currency: string | null }): string {
  return a.currency ?? 'points';
}
