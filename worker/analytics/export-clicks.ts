import type { Redis } from '../storage/client.ts';
import { utcDay } from '../redirect/visit-facts.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import type { Columns } from './csv-stream.ts';
import type { ExportPeriod } from './export-period.ts';
import { EXPORT_PAGE_SIZE } from './id-range-pages.ts';

/** A row of the daily click log, as the click-recording script appends it (see `redisKeys.clickLog`). */
export interface ClickLogRow {
  id: string;
  /** ISO 8601 (epoch milliseconds read too). */
  at: string | number;
  program_id: string;
  advocate_id: string;
  code: string;
  trigger: string;
  country: string | null;
  device: string | null;
  referrer_host: string | null;
  counted: boolean;
  reason?: string | null;
}

/**
 * One row per hit the redirect recorded for a person, counted or not (`reason` says why not,
 * e.g. a duplicate within the hour). Bots are never in the log: they cost no Redis write. No
 * visitor hash, IP or user agent is exported: the log does not hold them.
 */
export const CLICK_COLUMNS: Columns<ClickLogRow & { atIso: string }> = [
  ['id', (c) => c.id],
  ['at', (c) => c.atIso],
  ['program_id', (c) => c.program_id],
  ['advocate_id', (c) => c.advocate_id],
  ['code', (c) => c.code],
  ['trigger', (c) => c.trigger],
  ['counted', (c) => c.counted],
  ['reason', (c) => c.reason],
  ['country', (c) => c.country],
  ['device', (c) => c.device],
  ['referrer_host', (c) => c.referrer_host],
];

const DAY_MS = 86_400_000;

function daysOf(period: ExportPeriod): string[] {
  const days: string[] = [];
  for (let ms = Math.floor(period.startMs / DAY_MS) * DAY_MS; ms < period.endMs; ms += DAY_MS) days.push(utcDay(ms));
  return days;
}

function parseRow(
  raw: string,
  period: ExportPeriod,
  programId: string | undefined,
): (ClickLogRow & { atIso: string }) | null {
  let row: ClickLogRow;
  try {
    row = JSON.parse(raw) as ClickLogRow;
  } catch {
    // One damaged row must not cost the merchant a year's download.
    return null;
  }
  const ms = typeof row?.at === 'number' ? row.at : Date.parse(String(row?.at));
  // Date-time bounds cut inside a day; a row without a readable time belongs to no period.
  if (!(ms >= period.startMs && ms < period.endMs)) return null;
  if (programId !== undefined && row.program_id !== programId) return null;
  return { ...row, atIso: new Date(ms).toISOString() };
}

/**
 * The click log of every UTC day the period touches, oldest first. One round trip reads every
 * day's length (one LLEN per day, at most 367); then each round trip reads up to a page of rows
 * with LRANGE slices, across days when one runs out: ceil(rows / page) + 1 round trips. Rows
 * appended after the lengths were read (today's, while exporting) are left for the next export.
 */
export async function* clicksInPeriod(
  redis: Redis,
  t: Tenant,
  period: ExportPeriod,
  programId?: string,
): AsyncGenerator<(ClickLogRow & { atIso: string })[]> {
  const keys = daysOf(period).map((day) => redisKeys.clickLog(t, day));
  const lengths = redis.pipeline();
  for (const key of keys) lengths.llen(key);
  const counts = (await lengths.exec()) as number[];

  let page = redis.pipeline();
  let planned = 0;
  const read = async () => {
    const slices = (await page.exec()) as string[][];
    page = redis.pipeline();
    planned = 0;
    return slices.flat().flatMap((raw) => parseRow(raw, period, programId) ?? []);
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
