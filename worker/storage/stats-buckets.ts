import { hashFields } from './hash-reply.ts';
import { STATS_TTL_SECONDS } from './redis-keys.ts';

/** Bucket names in keys: a UTC day `yyyymmdd`, a UTC hour `yyyymmddhh`. */
export function statsDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

export function statsHour(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}${iso.slice(11, 13)}`;
}

/** The widget and conversion-hint counters predate the stats keys and name days `yyyy-mm-dd`. */
export function dashedDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const DAY_MS = 86400_000;
export const HOUR_MS = 3600_000;

/** How long the day and hour buckets are kept (their keys' TTL), for readers refusing older ranges. */
export const STATS_RETENTION_MS = { day: STATS_TTL_SECONDS.day * 1000, hour: STATS_TTL_SECONDS.hour * 1000 } as const;

/**
 * Whether a bucket starting at `bucketMs` still exists at `now`: a late change to an expired
 * bucket (a reward approved after the hourly figures are gone) would recreate it holding only
 * that change, a negative count with nothing to offset it.
 */
export function bucketAlive(kind: 'day' | 'hour', bucketMs: number, now: number): boolean {
  return now - bucketMs < STATS_TTL_SECONDS[kind] * 1000 - (kind === 'day' ? DAY_MS : HOUR_MS);
}

/** Counters of a stats hash (an HGETALL reply in either shape) as numbers. */
export function hashCounts(reply: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries(hashFields(reply)).map(([k, v]) => [k, Number(v)]));
}
