import type { Metrics, Stats } from '../../../shared/schemas/stats.ts';
import { formatAmounts, formatNumber, formatPercent, formatRatio } from '../../format.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { locale, t } from '../../i18n/index.ts';
import { valueText } from '../../i18n/values.ts';
import { TableHead } from '../../ui.tsx';

/** Conversions that followed a click: the conversion rate's numerator (code-only ones are apart). */
export const afterClick = (m: Metrics) => m.conversions + m.signups - m.code_only_conversions;

/**
 * Each figure with what it divides, in numbers ("20% of clicks (1 of 5)"): a ratio never reads
 * without its basis, and code-only conversions (no click) are a figure of their own instead of
 * lifting the conversion rate over 100%.
 */
function derivedRows(stats: Stats): [MessageKey, string, string][] {
  const l = locale();
  const d = stats.derived;
  const m = stats.totals;
  const n = (v: number) => formatNumber(l, v);
  const per = (v: number | null) => (v === null ? '—' : formatNumber(l, Math.round(v * 100) / 100));
  const orders = Object.values(m.referred_orders_by_currency).reduce((a, b) => a + b, 0);
  const shares = m.widget?.shares ?? 0;
  const money = (amounts: Record<string, number>) => formatAmounts(l, amounts, t('p_points'));
  const roi =
    Object.entries(d.roi)
      .map(([c, r]) => `${c} ${formatRatio(l, r)}`)
      .join(' · ') || '—';
  const pct = (v: number | null) => formatPercent(l, v);
  const basis = (key: MessageKey, num: number | null, den: number) =>
    t(key, { n: num === null ? '' : n(num), d: n(den) });
  const all = m.conversions + m.signups;
  const customers = m.new_referred_customers;
  return [
    ['d_conversion_rate', pct(d.conversion_rate), basis('d_conversion_rate_def', afterClick(m), m.clicks)],
    ['d_code_only', pct(d.code_only_share), basis('d_code_only_def', m.code_only_conversions, all)],
    ['d_share_rate', per(d.share_rate), basis('d_share_rate_def', shares, m.widget?.opens ?? 0)],
    ['d_click_through', per(d.click_through), basis('d_click_through_def', m.clicks, shares)],
    ['d_referral_rate', pct(d.referral_rate), basis('d_referral_rate_def', m.conversions, m.orders_reported ?? 0)],
    ['d_aov', money(d.average_order_value), basis('d_aov_def', null, orders)],
    ['d_cost_per_customer', money(d.reward_cost_per_customer), basis('d_cost_per_customer_def', null, customers)],
    ['d_roi', roi, t('d_roi_def')],
    ['d_repeat', d.repeat_advocates === null ? '—' : n(d.repeat_advocates), t('d_repeat_def')],
  ];
}

export function Derived({ stats }: { stats: Stats }) {
  return (
    <section aria-labelledby="derived-h" class="card">
      <h2 id="derived-h">{t('derived_title')}</h2>
      <dl class="derived" data-testid="derived">
        {derivedRows(stats).map(([name, value, basis]) => (
          <div key={name} data-testid={`derived-${name}`}>
            <dt>{t(name)}</dt>
            <dd class="figure">{value}</dd>
            <dd class="muted basis">{basis}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function Filtered({ totals }: { totals: Metrics }) {
  const l = locale();
  const reasons = Object.entries(totals.filtered_by_reason).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="filtered-h" class="card">
      <h2 id="filtered-h">{t('filtered_title')}</h2>
      <p class="muted">{t('filtered_desc')}</p>
      {reasons.length === 0 ? (
        <p data-testid="filtered-none">{t('filtered_none')}</p>
      ) : (
        <table data-testid="filtered-table">
          <TableHead cols={['reason', 'hits']} />
          <tbody>
            {reasons.map(([reason, hits]) => (
              <tr key={reason}>
                <th scope="row">
                  {valueText('filter_reason', reason)} <code>{reason}</code>
                </th>
                <td>{formatNumber(l, hits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
