import { useEffect, useState } from 'preact/hooks';
import type { Leaderboard, Metrics, Stats, StatsInterval } from '../../shared/schemas/stats.ts';
import { request } from '../api.ts';
import { Funnel } from '../chart/Funnel.tsx';
import { LineChart } from '../chart/LineChart.tsx';
import { formatAmounts, formatDate, formatMoney, formatNumber, formatPercent, formatRatio, isoDay } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { valueText } from '../i18n/values.ts';
import type { MessageKey } from '../i18n/en.ts';
import { href } from '../router.ts';
import { Field, LoadState, Page, Select, useLoad } from '../ui.tsx';
import { loadPrograms } from './shared.ts';

const RANGES = ['7', '30', '90'] as const;
const INTERVALS = ['hour', 'day', 'week'] as const;

function fromQuery<V extends string>(name: string, allowed: readonly V[], fallback: V): V {
  const v = new URLSearchParams(location.search).get(name);
  return (allowed as readonly string[]).includes(v ?? '') ? (v as V) : fallback;
}

function rangeQuery(days: number, interval: StatsInterval) {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to), interval };
}

/** Conversions that followed a click: the conversion rate's numerator (code-only ones are apart). */
const afterClick = (m: Metrics) => m.conversions + m.signups - m.code_only_conversions;

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

function Derived({ stats }: { stats: Stats }) {
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

function Filtered({ totals }: { totals: Metrics }) {
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
          <thead>
            <tr>
              <th scope="col">{t('reason')}</th>
              <th scope="col">{t('hits')}</th>
            </tr>
          </thead>
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

function Charts({ stats }: { stats: Stats }) {
  const l = locale();
  const labels = stats.series.map((b) => formatDate(l, b.start, stats.interval));
  const num = (v: number) => formatNumber(l, v);
  const intervalName = t(
    stats.interval === 'hour' ? 'interval_hour' : stats.interval === 'week' ? 'interval_week' : 'interval_day',
  );
  const describe = (names: string[], values: number[], fmt: (v: number) => string) =>
    t('chart_desc', {
      series: names.join(', '),
      interval: intervalName,
      from: labels[0] ?? '',
      to: labels[labels.length - 1] ?? '',
      max: fmt(Math.max(0, ...values)),
    });
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

function Leaders({ programId }: { programId: string }) {
  const board = useLoad(
    () => request<Leaderboard>('GET', `/v1/programs/${programId}/leaderboard`, { query: { limit: 5 } }),
    [programId],
  );
  if (!board.data) return <LoadState loading={board.loading} error={board.error} />;
  return (
    <section class="card" aria-labelledby="leaders-h">
      <h2 id="leaders-h">{t('leaderboard_title')}</h2>
      <table data-testid="leaderboard">
        <thead>
          <tr>
            <th scope="col">{t('rank')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('codes')}</th>
            <th scope="col">{t('m_conversions')}</th>
          </tr>
        </thead>
        <tbody>
          {board.data.entries.map((e) => (
            <tr key={e.advocate_id}>
              <td>{formatNumber(locale(), e.rank)}</td>
              <th scope="row">
                <a href={href({ name: 'advocate', id: e.advocate_id })}>{e.name ?? e.advocate_id}</a>
              </th>
              <td>{e.code ?? '—'}</td>
              <td>{formatNumber(locale(), e.conversions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Overview() {
  const programs = useLoad(loadPrograms, []);
  const [programId, setProgramId] = useState('');
  // The range and interval are in the address (`?range=90&interval=week`): a view can be bookmarked or shared.
  const [days, setDays] = useState<(typeof RANGES)[number]>(() => fromQuery('range', RANGES, '30'));
  const [interval, setInterval] = useState<StatsInterval>(() => {
    const v = fromQuery('interval', INTERVALS, 'day');
    return v === 'hour' && days !== '7' ? 'day' : v;
  });
  // Hourly figures only for the last 7 days: a longer range drops to daily in the same update
  // (an effect afterwards would first send the refused hourly request for 30 or 90 days).
  const changeDays = (d: (typeof RANGES)[number]) => {
    setDays(d);
    if (d !== '7' && interval === 'hour') setInterval('day');
  };
  useEffect(() => {
    const query = new URLSearchParams(location.search);
    if (days === '30') query.delete('range');
    else query.set('range', days);
    if (interval === 'day') query.delete('interval');
    else query.set('interval', interval);
    const search = query.size ? `?${query}` : '';
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}`);
  }, [days, interval]);
  useEffect(() => {
    if (!programId && programs.data?.[0]) setProgramId(programs.data[0].id);
  }, [programs.data]);
  const stats = useLoad(
    async () =>
      programId
        ? request<Stats>('GET', `/v1/programs/${programId}/stats`, { query: rangeQuery(Number(days), interval) })
        : undefined,
    [programId, days, interval],
  );
  const l = locale();
  const tot = stats.data?.totals;
  return (
    <Page title={t('overview_title')} testid="page-overview">
      <LoadState loading={programs.loading} error={programs.error} retry={programs.reload} />
      {programs.data?.length === 0 && (
        <p>
          {t('no_programs')} <a href={href({ name: 'program_new' })}>{t('create_first')}</a>
        </p>
      )}
      {programs.data && programs.data.length > 0 && (
        // Applied as they change: a group of fields, not a form with nothing to submit.
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would take the form fieldsets' border and padding
        <div class="filters" role="group" aria-labelledby="page-title">
          <Field label={t('program')} name="program">
            {(p) => (
              <Select
                {...p}
                data-testid="overview-program"
                value={programId}
                options={programs.data!.map((x) => [x.id, x.name])}
                onChange={setProgramId}
              />
            )}
          </Field>
          <Field label={t('range')} name="range">
            {(p) => (
              <Select
                {...p}
                data-testid="overview-range"
                value={days}
                options={RANGES.map((r) => [r, t('range_days', { n: formatNumber(l, Number(r)) })])}
                onChange={changeDays}
              />
            )}
          </Field>
          <Field label={t('interval')} name="interval">
            {(p) => (
              <Select
                {...p}
                data-testid="overview-interval"
                value={interval}
                options={[
                  ...(days === '7' ? [['hour', t('interval_hour')] as [StatsInterval, string]] : []),
                  ['day', t('interval_day')],
                  ['week', t('interval_week')],
                ]}
                onChange={setInterval}
              />
            )}
          </Field>
        </div>
      )}
      {programId && <LoadState loading={stats.loading} error={stats.error} retry={stats.reload} />}
      {stats.data && tot && (
        <>
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
          <Charts stats={stats.data} />
          <div class="grid-2">
            <Filtered totals={tot} />
            <Derived stats={stats.data} />
          </div>
          <Leaders programId={programId} />
        </>
      )}
    </Page>
  );
}
