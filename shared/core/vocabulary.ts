import type { ReferrerReward } from '../schemas/program.ts';

/**
 * The reward and offer types are the `type` discriminants of the shared schemas (ReferrerReward,
 * RefereeOffer): every rule that depends on them is a `switch` over `type` in this folder, written
 * so that a type added to a schema fails to compile until each switch handles it. The switches have
 * no `assertNever` default: a call that can never run costs Worker bundle bytes (the Worker is at its
 * size budget); TypeScript checks the same thing with no runtime code, by an explicit return type
 * (a missing case is "not all code paths return a value") or by naming the types a `default` takes.
 */

/** Rewards worth their stated `value` in their `currency` (the `default` of advocateReward). */
export type FixedValueReward = Extract<
  ReferrerReward,
  { type: 'fixed_amount' | 'store_credit' | 'gift_card' | 'charity_donation' }
>;
