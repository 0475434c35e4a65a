import type { Amounts, Metrics } from '../../shared/schemas/stats.ts';
import type { StatsFields as Fields, StatsScopeRef } from '../storage/stats.ts';

type StatsScope = StatsScopeRef['type'];

export function sumFields(list: Fields[]): Fields {
  const out: Fields = {};
  for (const fields of list) for (const [k, v] of Object.entries(fields)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const STATES = ['pending', 'held', 'approved', 'paid', 'voided'] as const;
const COSTLY = ['approved', 'paid'] as const;

/** `{prefix}{x}` fields → `{x: n}`, zeros left out. */
function byPrefix(
  fields: Fields,
  prefix: string,
  exclude: (rest: string) => boolean = () => false,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (!exclude(rest) && v !== 0) out[rest] = (out[rest] ?? 0) + v;
  }
  return out;
}

export function plus(a: Amounts, b: Amounts, sign = 1): Amounts {
  const out: Amounts = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + sign * v;
  return out;
}

export function metricsOf(f: Fields, uniqueVisitors: number, scope: StatsScope): Metrics {
  const n = (k: string) => f[k] ?? 0;
  const filtered = byPrefix(f, 'filtered:');
  const revenue = byPrefix(f, 'revenue:');
  const refunded = byPrefix(f, 'refunded:');
  const rewards = Object.fromEntries(
    STATES.map((s) => [
      s,
      { count: n(`rewards:${s}:count`), amount: byPrefix(f, `rewards:${s}:`, (unit) => unit === 'count') },
    ]),
  ) as Metrics['rewards'];
  let cost: Amounts = {};
  for (const s of COSTLY) cost = plus(plus(cost, rewards[s].amount), byPrefix(f, `adjustments:${s}:`));
  return {
    widget:
      scope === 'program'
        ? {
            impressions: n('widget:impression'),
            opens: n('widget:open'),
            copies: n('widget:copy'),
            shares: n('widget:share'),
            shares_by_channel: byPrefix(f, 'widget:share:'),
            filtered_by_reason: byPrefix(f, 'widget:filtered:'),
          }
        : null,
    clicks: n('clicks'),
    unique_visitors: uniqueVisitors,
    filtered_clicks: Object.values(filtered).reduce((a, b) => a + b, 0),
    filtered_by_reason: filtered,
    // Code-only conversions are counted apart (record-conversion.ts) and added back here.
    signups: n('signups') + n('code_only:signup'),
    conversions: n('conversions') + n('code_only:sale'),
    code_only_conversions: n('code_only:sale') + n('code_only:signup'),
    rejected_conversions: n('rejected'),
    orders_reported: scope === 'program' ? n('orders_reported') : null,
    referred_orders_by_currency: byPrefix(f, 'orders:'),
    referred_revenue: plus(revenue, refunded, -1),
    refunds: n('refunds'),
    refunded_revenue: refunded,
    new_referred_customers: n('new_customers'),
    rewards,
    reward_cost: Object.fromEntries(Object.entries(cost).filter(([, v]) => v !== 0)),
    redemptions: n('redemptions'),
    reversals: n('reversals'),
    recurring: recurringOf(f),
  };
}

/** Renewals' figures, counted apart from first orders (worker/storage/conversion-stats.ts). */
function recurringOf(f: Fields): Metrics['recurring'] {
  const refunded = byPrefix(f, 'renewal_refunded:');
  return {
    renewals: f.renewals ?? 0,
    revenue: plus(byPrefix(f, 'renewal_revenue:'), refunded, -1),
    refunds: f.renewal_refunds ?? 0,
    refunded_revenue: refunded,
    rewards: {
      count: f['renewal_rewards:count'] ?? 0,
      amount: byPrefix(f, 'renewal_rewards:', (unit) => unit === 'count'),
    },
  };
}
