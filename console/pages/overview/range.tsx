import { useEffect, useState } from 'preact/hooks';
import type { StatsInterval } from '../../../shared/schemas/stats.ts';
import { formatNumber, isoDay } from '../../format.ts';
import { locale, t } from '../../i18n/index.ts';
import { Field, Select } from '../../ui.tsx';

const RANGES = ['7', '30', '90'] as const;
const INTERVALS = ['hour', 'day', 'week'] as const;
type Range = (typeof RANGES)[number];

function fromQuery<V extends string>(name: string, allowed: readonly V[], fallback: V): V {
  const v = new URLSearchParams(location.search).get(name);
  return (allowed as readonly string[]).includes(v ?? '') ? (v as V) : fallback;
}

export function rangeQuery(days: number, interval: StatsInterval) {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to), interval };
}

/** The range and interval shown, kept in the address (`?range=90&interval=week`): a view can be bookmarked. */
export function useRange() {
  const [days, setDays] = useState<Range>(() => fromQuery('range', RANGES, '30'));
  const [interval, setInterval] = useState<StatsInterval>(() => {
    const v = fromQuery('interval', INTERVALS, 'day');
    return v === 'hour' && days !== '7' ? 'day' : v;
  });
  // Hourly figures only for the last 7 days: a longer range drops to daily in the same update
  // (an effect afterwards would first send the refused hourly request for 30 or 90 days).
  const changeDays = (d: Range) => {
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
  return { days, changeDays, interval, setInterval };
}

/** The range and interval pickers (the program picker is beside them, in the same group). */
export function RangeFields({ range }: { range: ReturnType<typeof useRange> }) {
  const { days, interval } = range;
  return (
    <>
      <Field label={t('range')} name="range">
        {(p) => (
          <Select
            {...p}
            data-testid="overview-range"
            value={days}
            options={RANGES.map((r) => [r, t('range_days', { n: formatNumber(locale(), Number(r)) })])}
            onChange={range.changeDays}
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
            onChange={range.setInterval}
          />
        )}
      </Field>
    </>
  );
}
