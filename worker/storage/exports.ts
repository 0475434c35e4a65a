import type { IdKind } from '../../shared/ids.ts';
import { idTimeBound } from '../lib/ids.ts';
import { type ClickLogRow, clickLogRowCodec } from './clicks.ts';
import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { conversionCodec } from './conversion-records.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { rewardCodec } from './rewards.ts';
import { DAY_MS, statsDay } from './stats-buckets.ts';
import { defineStore } from './store.ts';

/** Records per Redis round trip: big enough to be cheap, small enough to stream smoothly. */
const EXPORT_PAGE_SIZE = 500;

/** A half-open period `[startMs, endMs)`. */
export interface Period {
  startMs: number;
  endMs: number;
}

/**
 * The records of an id index (a ZSET with all scores 0) minted within the period, oldest first,
 * a page of raw JSON at a time. Ids start with their creation time, so the period is a lex range
 * between two bound ids: no scan, no score index. Each round trip reads a page's records and the
 * next page's ids together (the ids of page n+1 only need the last id of page n), so an export of
 * n records costs ceil(n / page) + 1 round trips.
 */
async function* recordsInPeriod(
  redis: Redis,
  index: string,
  kind: IdKind,
  recordKey: (id: string) => string,
  period: Period,
): AsyncGenerator<string[]> {
  const max = `(${idTimeBound(kind, period.endMs)}` as const;
  const range = { byLex: true, offset: 0, count: EXPORT_PAGE_SIZE } as const;
  let ids = (await redis.zrange(index, `[${idTimeBound(kind, period.startMs)}`, max, range)) as string[];
  while (ids.length > 0) {
    const more = ids.length === EXPORT_PAGE_SIZE;
    const p = redis.pipeline();
    p.mget(...ids.map(recordKey));
    if (more) p.zrange(index, `(${ids.at(-1)!}`, max, range);
    const [raws, next] = (await p.exec()) as [(string | null)[], string[] | undefined];
    // A record deleted between the two reads is simply not exported.
    yield raws.filter((raw): raw is string => raw !== null);
    ids = more ? (next ?? []) : [];
  }
}

async function* decoded<T>(pages: AsyncGenerator<string[]>, codec: Codec<T>): AsyncGenerator<T[]> {
  for await (const raws of pages) yield raws.map(codec.decode);
}

function readRow(raw: string): ClickLogRow[] {
  try {
    return [clickLogRowCodec.decode(raw)];
  } catch {
    // One damaged row must not cost the merchant a year's download.
    return [];
  }
}

/**
 * The Redis click log (days recorded before raw events went to R2: kept until its 400-day TTL, so
 * merchants keep their history; the export merges it with the R2 rows, analytics/export-clicks.ts)
 * of every UTC day the period touches, oldest first (rows of those days outside the
 * period too: the caller cuts). One round trip reads every day's length (one LLEN per day, at most
 * 367); then each round trip reads up to a page of rows with LRANGE slices, across days when one
 * runs out: ceil(rows / page) + 1 round trips. Rows appended after the lengths were read (today's,
 * while exporting) are left for the next export.
 */
async function* clickLogPages(redis: Redis, t: Tenant, period: Period): AsyncGenerator<ClickLogRow[]> {
  const keys: string[] = [];
  for (let ms = Math.floor(period.startMs / DAY_MS) * DAY_MS; ms < period.endMs; ms += DAY_MS)
    keys.push(redisKeys.clickLog(t, statsDay(ms)));
  const lengths = redis.pipeline();
  for (const key of keys) lengths.llen(key);
  const counts = (await lengths.exec()) as number[];

  let page = redis.pipeline();
  let planned = 0;
  const read = async () => {
    const slices = (await page.exec()) as string[][];
    page = redis.pipeline();
    planned = 0;
    return slices.flat().flatMap(readRow);
  };
  for (const [i, key] of keys.entries()) {
    for (let start = 0; start < counts[i]!; ) {
      const take = Math.min(counts[i]! - start, EXPORT_PAGE_SIZE - planned);
      page.lrange(key, start, start + take - 1);
      planned += take;
      start += take;
      if (planned === EXPORT_PAGE_SIZE) yield await read();
    }
  }
  if (planned > 0) yield await read();
}

/** Pages of a tenant's records for CSV exports, streamed: each page is one round trip. */
export const exportStore = defineStore((redis) => {
  const minted = <T>(index: string, kind: IdKind, recordKey: (id: string) => string, codec: Codec<T>, period: Period) =>
    decoded(recordsInPeriod(redis, index, kind, recordKey, period), codec);
  return {
    /** Conversions minted in the period, as stored (rewards by id, the customer digest inside). */
    conversions: (t: Tenant, period: Period) =>
      minted(
        redisKeys.conversions(t, 'all'),
        'conversion',
        (id) => redisKeys.conversion(t, id),
        conversionCodec,
        period,
      ),
    /** Rewards and adjustments minted in the period. */
    rewards: (t: Tenant, period: Period) =>
      minted(redisKeys.rewards(t, 'all'), 'reward', (id) => redisKeys.reward(t, id), rewardCodec, period),
    clickLog: (t: Tenant, period: Period) => clickLogPages(redis, t, period),
  };
});
export type ExportStore = ReturnType<typeof exportStore>;
