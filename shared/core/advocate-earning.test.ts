import { describe, expect, it } from 'vitest';
import type { Program } from '../schemas/program.ts';
import { advocateEarning, type LedgerCounts } from './advocate-earning.ts';

const tier = (from_conversions: number, label: string, value: number): Program['reward_tiers'][number] => ({
  from_conversions,
  label,
  reward: { type: 'fixed_amount', value, currency: 'USD' },
});

const rules = (cap: number | null, tiers: Program['reward_tiers'] = []) => ({
  limits: {
    max_rewards_per_advocate_per_month: cap,
    code_max_uses: null,
    one_redemption_per_customer: false,
    new_customers_only: false,
  } as Program['limits'],
  reward_tiers: tiers,
  referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' } as Program['referrer_reward'],
});
const ledger = (conversions: number, thisMonth = 0): LedgerCounts => ({
  conversions,
  months: { '2026-12': thisMonth },
});
const order = { amount: 5000, currency: 'USD' };

describe('advocateEarning: the monthly cap', () => {
  it('rewards up to the cap, then none with the reason, at the boundary', () => {
    const below = advocateEarning(rules(3), ledger(10, 2), '2026-12', order);
    expect(below).toMatchObject({ kind: 'earned', amount: { amount: 1000, currency: 'USD' } });
    expect(below.bounds).toEqual({ month: '2026-12', monthRewards: [0, 2], rewardedConversions: [0, Infinity] });
    const at = advocateEarning(rules(3), ledger(10, 3), '2026-12', order);
    expect(at).toEqual({
      kind: 'none',
      note: "The advocate reached this program's cap of 3 rewards this month.",
      bounds: { month: '2026-12', monthRewards: [3, Infinity], rewardedConversions: null },
    });
    expect(advocateEarning(rules(3), ledger(10, 7), '2026-12', order).kind).toBe('none');
  });

  it('counts only this month: last month at the cap does not hold this one back', () => {
    const last = { conversions: 5, months: { '2026-11': 3 } };
    expect(advocateEarning(rules(3), last, '2026-12', order).kind).toBe('earned');
  });

  it('a cap of 1 allows exactly one; no cap never bounds the month', () => {
    expect(advocateEarning(rules(1), ledger(0, 0), '2026-12', order).bounds.monthRewards).toEqual([0, 0]);
    expect(advocateEarning(rules(1), ledger(1, 1), '2026-12', order).kind).toBe('none');
    expect(advocateEarning(rules(null), ledger(99, 99), '2026-12', order).bounds.monthRewards).toBeNull();
  });
});

describe('advocateEarning: tiers', () => {
  const tiered = rules(null, [tier(3, 'Silver', 2000), tier(5, 'Gold', 3000)]);
  const at = (rewarded: number) => advocateEarning(tiered, ledger(rewarded), '2026-12', order);

  it("pays the tier reached with this conversion, and says when it changed (the tier's first conversion)", () => {
    expect(at(1)).toMatchObject({ kind: 'earned', tier: null, tierChange: null, amount: { amount: 1000 } });
    expect(at(2)).toMatchObject({ tier: 'Silver', tierChange: { from: null, to: 'Silver' }, amount: { amount: 2000 } });
    expect(at(3)).toMatchObject({ tier: 'Silver', tierChange: null });
    expect(at(4)).toMatchObject({ tier: 'Gold', tierChange: { from: 'Silver', to: 'Gold' }, amount: { amount: 3000 } });
    expect(at(50)).toMatchObject({ tier: 'Gold', tierChange: null });
  });

  it("bounds the rewarded count to the tier's range (before this conversion)", () => {
    expect(at(0).bounds.rewardedConversions).toEqual([0, 1]);
    expect(at(2).bounds.rewardedConversions).toEqual([2, 3]);
    expect(at(4).bounds.rewardedConversions).toEqual([4, Infinity]);
  });

  it("gives none, with the reward rule's reason, when the order earns nothing (still bounded)", () => {
    const percent = { ...rules(2), referrer_reward: { type: 'percent_of_order', value: 5, currency: 'USD' } } as const;
    const small = advocateEarning(percent, ledger(0), '2026-12', { amount: 19, currency: 'USD' });
    expect(small).toEqual({
      kind: 'none',
      note: 'The order is too small for a reward.',
      bounds: { month: '2026-12', monthRewards: [0, 1], rewardedConversions: [0, Infinity] },
    });
  });
});
