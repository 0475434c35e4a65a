import type { Program } from '../schemas/program.ts';
import { type Amount, advocateReward, type Order } from './rewards.ts';
import { tierFor, tierRange } from './tiers.ts';

/** What the advocate's ledger counts: rewarded conversions, and rewards per month (`yyyy-mm`). */
export interface LedgerCounts {
  conversions: number;
  months: Record<string, number>;
}

/**
 * The ranges of the advocate's counters this answer holds for, [min, max] (null: any): other
 * conversions of the advocate move them concurrently, and a write of this answer must only land
 * while they are still in range (a race then conflicts only when it crosses a cap or a tier).
 */
export interface EarningBounds {
  month: string;
  monthRewards: [min: number, max: number] | null;
  rewardedConversions: [min: number, max: number] | null;
}

type Earned = {
  kind: 'earned';
  amount: Amount;
  tier: string | null;
  tierChange: { from: string | null; to: string | null } | null;
};

export type Earning = (Earned | { kind: 'none'; note: string }) & { bounds: EarningBounds };

type Rules = Pick<Program, 'limits' | 'reward_tiers' | 'referrer_reward'>;

/**
 * The advocate's reward for a referral's first sale in `month`: none once the monthly cap is
 * reached (`max_rewards_per_advocate_per_month` rewards already this month), else the reward of the
 * tier the advocate reaches with this conversion (or the base reward), and whether the tier changed.
 */
export function advocateEarning(program: Rules, ledger: LedgerCounts, month: string, order: Order | null): Earning {
  const cap = program.limits.max_rewards_per_advocate_per_month;
  const thisMonth = ledger.months[month] ?? 0;
  if (cap !== null && thisMonth >= cap) {
    const note = `The advocate reached this program's cap of ${cap} rewards this month.`;
    return { kind: 'none', note, bounds: { month, monthRewards: [cap, Infinity], rewardedConversions: null } };
  }
  const count = ledger.conversions + 1;
  const tier = tierFor(program, count);
  const [lo, hi] = tierRange(program, count);
  const bounds: EarningBounds = {
    month,
    monthRewards: cap !== null ? [0, cap - 1] : null,
    rewardedConversions: [lo - 1, hi - 1],
  };
  const earned = advocateReward(tier?.reward ?? program.referrer_reward, order);
  if ('none' in earned) return { kind: 'none', note: earned.none, bounds };
  const to = tier?.label ?? null;
  const from = tierFor(program, count - 1)?.label ?? null;
  return { kind: 'earned', amount: earned, tier: to, tierChange: to !== from ? { from, to } : null, bounds };
}
