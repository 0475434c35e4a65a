import { hashFields } from '../storage/hash-reply.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Session } from '../../shared/schemas/widget.ts';
import { tierFor } from '../../shared/core/tiers.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

type Stats = NonNullable<Session['advocate']>['stats'];

/** What the widget shows, from counters kept as things happen (no scans, no summing days). */
export interface AdvocateCounters {
  /** `{field: value}` of the advocate's totals hash (`clicks`, `referrals`). */
  totals: Record<string, string>;
  /** `{state}:{unit}` -> sum, the advocate's balance hash. */
  balance: Record<string, string>;
  /** Rewarded conversions, from the advocate's ledger. */
  conversions: number;
}

export const NO_COUNTERS: AdvocateCounters = { totals: {}, balance: {}, conversions: 0 };

/** The program's reward unit: its currency, or `points`. */
export function rewardUnit(program: Program): string {
  return program.referrer_reward.type === 'points' ? 'points' : program.referrer_reward.currency;
}

/** Queues the advocate's record, first code and counters on `p` (5 reads, one round trip). */
export function queueAdvocateReads(p: ReturnType<Redis['pipeline']>, t: Tenant, advocateId: string) {
  p.get(redisKeys.advocate(t, advocateId));
  p.zrange(redisKeys.advocateCodes(t, advocateId), 0, 0);
  p.hgetall(redisKeys.advocateTotals(t, advocateId));
  p.hgetall(redisKeys.advocateBalance(t, advocateId));
  p.hget(redisKeys.advocateLedger(t, advocateId), 'conversions');
}

export function readAdvocateResults(results: unknown[]): {
  record: string | null;
  code: string | null;
  counters: AdvocateCounters;
} {
  const [record, codes, totals, balance, conversions] = results as [
    string | null,
    string[],
    unknown,
    unknown,
    string | null,
  ];
  return {
    record,
    code: codes[0] ?? null,
    counters: { totals: hashFields(totals), balance: hashFields(balance), conversions: Number(conversions ?? 0) },
  };
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
