import type * as z from 'zod';
import type { RefereeOffer } from '../schemas/program.ts';
import type { Discount } from '../schemas/redemption.ts';
import type { Amount, Order } from './rewards.ts';

/**
 * The friend's discount on an order of `amount` minor units: a percent of the order rounded down,
 * a fixed amount at most the order. The declared return type makes the switch exhaustive: an offer
 * type without a case fails to compile (not all code paths return a value).
 */
export function discountFor(offer: RefereeOffer, amount: number): z.infer<typeof Discount> {
  switch (offer.type) {
    case 'percent':
      return { type: offer.type, value: offer.value, amount_off: Math.floor((amount * offer.value) / 100) };
    case 'fixed_amount':
      return { type: offer.type, value: offer.value, amount_off: Math.min(offer.value, amount) };
    case 'free_product':
      return { type: offer.type, value: offer.value ?? null, amount_off: 0 };
    case 'trial_days':
      return { type: offer.type, value: offer.value, amount_off: 0 };
    case 'free_shipping':
      return { type: offer.type, value: null, amount_off: 0 };
  }
}

/**
 * What the friend got: the offer, valued on this order where it has a value (a free product at its
 * stated value; a trial has no unit). Stated in the offer's currency, else the order's.
 */
export function friendReward(offer: RefereeOffer, order: Order | null): Amount {
  const discount = discountFor(offer, order?.amount ?? 0);
  const currency = 'currency' in offer && offer.currency ? offer.currency : (order?.currency ?? null);
  const amount = offer.type === 'free_product' && offer.value !== undefined ? offer.value : discount.amount_off;
  return { type: offer.type, amount, currency: offer.type === 'trial_days' ? null : currency };
}

/** What a reward code gives, as a friend offer (the same arithmetic, the same checkout copies). */
export function rewardCodeOffer(code: { discount: 'percent' | 'fixed_amount'; value: number; currency: string }) {
  const offer: RefereeOffer =
    code.discount === 'percent'
      ? { type: 'percent', value: Math.min(code.value, 100) }
      : { type: 'fixed_amount', value: code.value, currency: code.currency };
  return offer;
}

/** A reward code's discount on an order of `amount` minor units. */
export function rewardCodeDiscount(
  code: { discount: 'percent' | 'fixed_amount'; value: number; currency: string },
  amount: number,
): z.infer<typeof Discount> {
  return discountFor(rewardCodeOffer(code), amount);
}
