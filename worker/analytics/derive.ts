import type { Amounts, DerivedMetrics, Metrics } from '../../shared/schemas/stats.ts';
import { plus } from './metrics.ts';

/** A ratio to 4 decimals, null where the denominator is 0 (definitions: docs/ANALYTICS.md). */
function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}

/** Per unit, where both sides have it and the denominator is positive. */
function perUnit(
  numerators: Amounts,
  denominator: (unit: string) => number,
  round: (x: number) => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [unit, value] of Object.entries(numerators)) {
    const d = denominator(unit);
    if (d > 0) out[unit] = round(value / d);
  }
  return out;
}

export function deriveMetrics(m: Metrics, repeatAdvocates: number | null): DerivedMetrics {
  const referredOrders = m.orders_reported === null ? null : m.conversions;
  return {
    share_rate: m.widget ? ratio(m.widget.shares, m.widget.opens) : null,
    click_through: m.widget ? ratio(m.clicks, m.widget.shares) : null,
    // Code-only conversions had no click: dividing them by clicks read over 100% on a program
    // whose codes travel by word of mouth. They get their own share instead.
    conversion_rate: ratio(m.conversions + m.signups - m.code_only_conversions, m.clicks),
    code_only_share: ratio(m.code_only_conversions, m.conversions + m.signups),
    referral_rate: referredOrders === null ? null : ratio(referredOrders, m.orders_reported!),
    average_order_value: perUnit(m.referred_revenue, (c) => m.referred_orders_by_currency[c] ?? 0, Math.round),
    reward_cost_per_customer: perUnit(m.reward_cost, () => m.new_referred_customers, Math.round),
    // Renewal rewards are in the cost: the revenue they were earned on counts with it.
    roi: perUnit(
      plus(m.referred_revenue, m.recurring.revenue),
      (c) => m.reward_cost[c] ?? 0,
      (x) => Math.round(x * 10_000) / 10_000,
    ),
    repeat_advocates: repeatAdvocates,
  };
}
