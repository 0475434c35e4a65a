import { tierFor } from '../../shared/core/tiers.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Session } from '../../shared/schemas/widget.ts';
import type { AdvocateCounters } from '../storage/advocate-views.ts';

export type { AdvocateCounters };

type Stats = NonNullable<Session['advocate']>['stats'];

export const NO_COUNTERS: AdvocateCounters = { totals: {}, balance: {}, conversions: 0 };

/** The program's reward unit: its currency, or `points`. */
function rewardUnit(program: Program): string {
  return program.referrer_reward.type === 'points' ? 'points' : program.referrer_reward.currency;
}

export function statsFor(program: Program, c: AdvocateCounters): Stats {
  const unit = rewardUnit(program);
  const sum = (...states: string[]) => states.reduce((n, s) => n + Number(c.balance[`${s}:${unit}`] ?? 0), 0);
  const tier = tierFor(program, c.conversions);
  const next = program.reward_tiers
    .filter((r) => r.from_conversions > c.conversions)
    .sort((a, b) => a.from_conversions - b.from_conversions)[0];
  return {
    clicks: Number(c.totals.clicks ?? 0),
    friends_joined: Number(c.totals.referrals ?? 0),
    rewards_pending: sum('pending', 'held'),
    rewards_earned: sum('approved', 'paid'),
    unit,
    tier: tier?.label ?? null,
    next_tier: next ? { label: next.label, conversions_needed: next.from_conversions - c.conversions } : null,
  };
}
