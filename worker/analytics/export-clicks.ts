import type { ClickLogRow } from '../storage/clicks.ts';
import type { ExportStore } from '../storage/exports.ts';
import { type RawEventBucket, type RawEventRow, rawEventRows } from '../storage/raw-event-reads.ts';
import type { Tenant } from '../tenant.ts';
import type { Columns } from './csv-stream.ts';
import type { ExportPeriod } from './export-period.ts';
import { mergeByHour } from './merge-by-hour.ts';

/** A click as exported, from either source: the R2 rows, or a day's click log kept in Redis before them. */
interface ExportedClick {
  id: string;
  ms: number;
  program_id: string;
  advocate_id: string;
  code: string;
  trigger: string;
  /** Null when the stored row holds no decision. */
  counted: boolean | null;
  reason: string | null;
  country: string | null;
  device: string | null;
  referrer_host: string | null;
}

/**
 * One row per hit the redirect recorded for a person, counted or not (`reason` says why not,
 * e.g. a duplicate within the hour). Bots and other filtered hits are never rows here. No visitor
 * hash, IP or user agent is exported.
 */
export const CLICK_COLUMNS: Columns<ExportedClick> = [
  ['id', (c) => c.id],
  ['at', (c) => new Date(c.ms).toISOString()],
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

/** A click log row (Redis, days before the raw events); one without a readable time belongs to no period. */
function fromLog(row: ClickLogRow): ExportedClick[] {
  const ms = typeof row.at === 'number' ? row.at : Date.parse(row.at);
  if (Number.isNaN(ms)) return [];
  const { at: _, reason, ...rest } = row;
  return [{ ...rest, ms, reason: reason ?? null }];
}

function fromRaw(row: RawEventRow<'click'>): ExportedClick {
  const c = row.click;
  return {
    id: row.id,
    ms: row.at,
    program_id: c.program_id,
    advocate_id: c.advocate_id,
    code: c.code,
    trigger: c.trigger,
    counted: row.counted ?? null,
    reason: row.reason ?? null,
    country: c.country,
    device: c.device,
    referrer_host: c.referrer_host,
  };
}

async function* mapped<A, B>(pages: AsyncIterable<A[]>, f: (row: A) => B[]): AsyncGenerator<B[]> {
  for await (const page of pages) yield page.flatMap(f);
}

/**
 * The period's clicks, oldest first: the raw click rows in R2 (one list per 1,000 objects, one read
 * per object) merged with the Redis click log of days recorded before them (ceil(rows / 500) + 1 round
 * trips; a day holding both, the day of the change, has each click once: repeated ids are dropped).
 * Date-time bounds cut inside a day.
 */
export function clicksInPeriod(
  sources: { exports: ExportStore; raw: RawEventBucket },
  t: Tenant,
  period: ExportPeriod,
  programId?: string,
): AsyncGenerator<ExportedClick[]> {
  const keep = (c: ExportedClick) =>
    c.ms >= period.startMs && c.ms < period.endMs && (programId === undefined || c.program_id === programId);
  const logged = mapped(sources.exports.clickLog(t, period), (row) => fromLog(row).filter(keep));
  const raw = mapped(rawEventRows(sources.raw, 'click', t, period), (row) => [fromRaw(row)].filter(keep));
  return mergeByHour(raw, logged);
}
