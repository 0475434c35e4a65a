import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../shared/schemas/stats.ts';
import { deriveMetrics } from './derive.ts';
import { metricsOf } from './metrics.ts';

const RATES = ['conversion_rate', 'code_only_share', 'referral_rate'] as const;

describe('derived figures', () => {
  it('leaves code-only conversions out of the conversion rate: more of them than clicks, no rate over 100%', () => {
    // 4 clicks, 1 sale after a click, 9 sales and 2 sign-ups by a code alone, 12 orders reported.
    const fields = { clicks: 4, conversions: 1, 'code_only:sale': 9, 'code_only:signup': 2, orders_reported: 12 };
    const m: Metrics = metricsOf(fields, 4, 'program');
    expect([m.conversions, m.signups, m.code_only_conversions]).toEqual([10, 2, 11]);
    const d = deriveMetrics(m, 0);
    expect(d.conversion_rate).toBe(0.25); // 1 of 4 clicks
    expect(d.code_only_share).toBe(0.9167); // 11 of 12 conversions
    for (const rate of RATES) expect(d[rate], rate).toBeLessThanOrEqual(1);
  });

  it('has no rate where nothing is divided, and none from code-only conversions without clicks', () => {
    const d = deriveMetrics(metricsOf({ 'code_only:sale': 3 }, 0, 'advocate'), null);
    expect(d.conversion_rate).toBeNull();
    expect(d.code_only_share).toBe(1);
  });

  it('keeps renewals apart from referred orders; the ROI counts their revenue against the rewards they earned', () => {
    // 1 referred order of 100.00 USD; 3 renewals of 50.00 (one refunded 20.00), 2 renewal rewards of 10.00;
    // approved rewards: 10.00 for the order, 20.00 for the renewals.
    const fields = {
      conversions: 1,
      'orders:USD': 1,
      'revenue:USD': 10_000,
      renewals: 3,
      'renewal_revenue:USD': 15_000,
      renewal_refunds: 1,
      'renewal_refunded:USD': 2_000,
      'renewal_rewards:count': 2,
      'renewal_rewards:USD': 2_000,
      'rewards:approved:count': 3,
      'rewards:approved:USD': 3_000,
    };
    const m = metricsOf(fields, 0, 'program');
    expect(m.recurring).toEqual({
      renewals: 3,
      revenue: { USD: 13_000 },
      refunds: 1,
      refunded_revenue: { USD: 2_000 },
      rewards: { count: 2, amount: { USD: 2_000 } },
    });
    expect([m.conversions, m.referred_revenue, m.refunds]).toEqual([1, { USD: 10_000 }, 0]);
    const d = deriveMetrics(m, 0);
    expect(d.average_order_value).toEqual({ USD: 10_000 });
    expect(d.roi).toEqual({ USD: 7.6667 }); // (100.00 + 130.00) / 30.00
  });
});
