import { MAX_BUCKETS, type StatsInterval } from '../../shared/schemas/stats.ts';
import { ApiError } from '../errors/api-error.ts';
import { DAY_MS, HOUR_MS, STATS_RETENTION_MS } from '../storage/stats-buckets.ts';

/**
 * The buckets a stats request covers. Each bucket is a list of units, the buckets the write
 * paths keep: hours for `hour`, days for `day`, seven days (Monday first) for `week`.
 */
export interface StatsRange {
  interval: StatsInterval;
  /** Start (ms) of each bucket, in order. */
  starts: number[];
  /** Exclusive end of the last bucket. */
  end: number;
  /** Unit starts (ms) of each bucket: one hour, one day, or seven days. */
  units: number[][];
  unit: 'hour' | 'day';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LEAD_MS = 366 * DAY_MS;

function invalid(code: string, message: string, param: string): ApiError {
  return new ApiError('invalid_request_error', code, message, { param });
}

/** `from` (inclusive) and the exclusive end: a date `to` includes its whole day, a date-time ends there. */
export function requestWindow(
  query: { from?: string | undefined; to?: string | undefined },
  defaultLength: number,
  now: number,
  unit: number,
): { from: number; end: number } {
  const end =
    query.to === undefined
      ? Math.floor(now / unit) * unit + unit
      : DATE_ONLY.test(query.to)
        ? Date.parse(query.to) + DAY_MS
        : Date.parse(query.to);
  const from = query.from === undefined ? end - defaultLength : Date.parse(query.from);
  if (!(from < end)) throw invalid('invalid_range', '`from` must be before `to`.', 'from');
  // Far-future dates name no data and could not be bucketed by a Date: refused like any range error.
  if (end > now + MAX_LEAD_MS) throw invalid('invalid_range', '`to` is more than a year ahead.', 'to');
  return { from, end };
}

function bucketStart(ms: number, interval: StatsInterval): number {
  if (interval === 'hour') return Math.floor(ms / HOUR_MS) * HOUR_MS;
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: Monday is 3 days before it modulo 7.
  return (interval === 'week' ? day - ((day + 3) % 7) : day) * DAY_MS;
}

const BUCKET_MS: Record<StatsInterval, number> = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS };
const DEFAULT_MS: Record<StatsInterval, number> = { hour: 24 * HOUR_MS, day: 30 * DAY_MS, week: 30 * DAY_MS };

export function statsRange(
  query: { from?: string | undefined; to?: string | undefined; interval: StatsInterval },
  now: number,
): StatsRange {
  const { interval } = query;
  const unitMs = interval === 'hour' ? HOUR_MS : DAY_MS;
  const { from, end } = requestWindow(query, DEFAULT_MS[interval], now, unitMs);
  const retention = STATS_RETENTION_MS[interval === 'hour' ? 'hour' : 'day'];
  if (from < bucketStart(now, interval === 'hour' ? 'hour' : 'day') - retention + unitMs) {
    throw invalid(
      'range_not_retained',
      interval === 'hour'
        ? 'Hourly figures are kept 8 days: start `from` within the last 7 days, or use interval=day.'
        : 'Daily figures are kept 400 days: start `from` within them.',
      'from',
    );
  }
  const first = bucketStart(from, interval);
  const last = bucketStart(end - 1, interval);
  const size = BUCKET_MS[interval];
  const count = (last - first) / size + 1;
  if (count > MAX_BUCKETS[interval])
    throw invalid(
      'range_too_long',
      `At most ${MAX_BUCKETS[interval]} buckets per request with interval=${interval}; this range has ${count}.`,
      'from',
    );
  const starts = Array.from({ length: count }, (_, i) => first + i * size);
  const perBucket = interval === 'week' ? 7 : 1;
  const units = starts.map((s) => Array.from({ length: perBucket }, (_, i) => s + i * unitMs));
  return { interval, starts, end: last + size, units, unit: interval === 'hour' ? 'hour' : 'day' };
}
