import type { Program, ReferrerReward } from '../../shared/schemas/program.ts';
import { discountFor } from '../checkout/evaluate-code.ts';

/** An amount in a unit: minor units of a currency, or points (currency null). */
export interface Amount {
  type: string;
  amount: number;
  currency: string | null;
}

/** The tier an advocate is in after `conversions` rewarded conversions (null: the base reward). */
export function tierFor(program: Program, conversions: number): Program['reward_tiers'][number] | null {
  let best: Program['reward_tiers'][number] | null = null;
  for (const tier of program.reward_tiers) {
    if (conversions >= tier.from_conversions && (!best || tier.from_conversions > best.from_conversions)) best = tier;
  }
  return best;
}

/** The advocate's reward for one order, or why there is none. */
export function advocateReward(reward: ReferrerReward, order: { amount: number; currency: string } | null): Amount | { none: string } {
  switch (reward.type) {
    case 'points':
      return { type: reward.type, amount: reward.value, currency: null };
    case 'percent_of_order': {
      if (!order) return { none: 'A percent-of-order reward needs an order amount.' };
      if (order.currency !== reward.currency) return { none: `The order is in ${order.currency}; this reward is paid in ${reward.currency}.` };
      const raw = Math.floor((order.amount * reward.value) / 100);
      const amount = reward.max_amount !== undefined ? Math.min(raw, reward.max_amount) : raw;
      if (amount <= 0) return { none: 'The order is too small for a reward.' };
      return { type: reward.type, amount, currency: reward.currency };
    }
    default:
      return { type: reward.type, amount: reward.value, currency: reward.currency };
  }
}

/** What the friend got: the program's offer, valued on this order where it has a value. */
export function friendReward(program: Program, order: { amount: number; currency: string } | null): Amount {
  const offer = program.referee_offer;
  const discount = discountFor(offer, order?.amount ?? 0);
  const currency = 'currency' in offer && offer.currency ? offer.currency : (order?.currency ?? null);
  const amount = offer.type === 'free_product' && offer.value !== undefined ? offer.value : discount.amount_off;
  return { type: offer.type, amount, currency: offer.type === 'trial_days' ? null : currency };
}

/** A reward's unit for balances. */
export function unitOf(a: { currency: string | null }): string {
  return a.currency ?? 'points';
}
