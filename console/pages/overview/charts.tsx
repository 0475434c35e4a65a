import type { Metrics, Stats, StatsInterval } from '../../../shared/schemas/stats.ts';
import { Funnel } from '../../chart/Funnel.tsx';
import { LineChart } from '../../chart/LineChart.tsx';
import { formatAmounts, formatDate, formatMoney, formatNumber } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { afterClick } from './figures.tsx';

/** A chart's description: its series, interval, first and last period, and highest value. */
function describer(interval: StatsInterval, labels: string[]) {
  const intervalName = t(
    interval === 'hour' ? 'interval_hour' : interval === 'week' ? 'interval_week' : 'interval_day',
  );
  return (names: string[], values: number[], fmt: (v: number) => string) =>
    t('chart_desc', {
      series: names.join(', '),
      interval: intervalName,
      from: labels[0] ?? '',
      to: labels[labels.length - 1] ?? '',
      max: fmt(Math.max(0, ...values)),
    });
}

export function Charts({ stats }: { stats: Stats }) {
  const l = locale();
  const labels = stats.series.map((b) => formatDate(l, b.start, stats.interval));
  const num = (v: number) => formatNumber(l, v);
  const describe = describer(stats.interval, labels);
  const clicks = stats.series.map((b) => b.metrics.clicks);
  const uniques = stats.series.map((b) => b.metrics.unique_visitors);
  const clicked = stats.series.map((b) => afterClick(b.metrics));
  const codeOnly = stats.series.map((b) => b.metrics.code_only_conversions);
  const units = Object.keys(stats.totals.referred_revenue);
  const unit = units[0];
  const revenue = unit ? stats.series.map((b) => b.metrics.referred_revenue[unit] ?? 0) : [];
  const money = (v: number) => formatMoney(l, v, unit ?? null, t('p_points'));
  const common = { labels, tableCaption: t('chart_table'), periodLabel: t('period') };
  return (
    <div class="charts">
      <LineChart
        {...common}
        testid="chart-clicks"
        title={t('chart_clicks')}
        description={describe([t('m_clicks'), t('m_unique_visitors')], [...clicks, ...uniques], num)}
        series={[
          { name: t('m_clicks'), values: clicks },
          { name: t('m_unique_visitors'), values: uniques },
        ]}
        format={num}
      />
      <LineChart
        {...common}
        testid="chart-conversions"
        title={t('chart_conversions')}
        description={describe([t('m_click_conversions'), t('m_code_only')], [...clicked, ...codeOnly], num)}
        series={[
          { name: t('m_click_conversions'), values: clicked },
          { name: t('m_code_only'), values: codeOnly },
        ]}
        format={num}
      />
      {unit && (
        <LineChart
          {...common}
          testid="chart-revenue"
          title={t('chart_revenue', { unit })}
          description={describe([t('m_revenue')], revenue, money)}
          series={[{ name: t('m_revenue'), values: revenue }]}
          format={money}
        />
      )}
    </div>
  );
}

export function FunnelCard({ totals: tot }: { totals: Metrics }) {
  const l = locale();
  return (
    <section class="card" aria-labelledby="funnel-h">
      <h2 id="funnel-h">{t('funnel_title')}</h2>
      <Funnel
        testid="funnel"
        title={t('funnel_title')}
        description={t('funnel_desc')}
        format={(v) => formatNumber(l, v)}
        steps={[
          { label: t('m_impressions'), value: tot.widget?.impressions ?? 0 },
          { label: t('m_opens'), value: tot.widget?.opens ?? 0 },
          { label: t('m_shares'), value: tot.widget?.shares ?? 0 },
          { label: t('m_clicks'), value: tot.clicks },
          { label: t('m_click_conversions'), value: afterClick(tot) },
          { label: t('m_reward_cost'), value: 0, text: formatAmounts(l, tot.reward_cost, t('p_points')) },
        ]}
      />
      {/* Apart from the funnel: no click came before them, so they are no step after clicks. */}
      <p data-testid="code-only">
        {t('m_code_only')}: <strong>{formatNumber(l, tot.code_only_conversions)}</strong> ·{' '}
        <span class="muted">{t('code_only_desc')}</span>
      </p>
      <p class="muted">
        {t('m_filtered')}: {formatNumber(l, tot.filtered_clicks)} · {t('m_revenue')}:{' '}
        {formatAmounts(l, tot.referred_revenue, t('p_points'))}
      </p>
    </section>
  );
}
