import type { IdKind } from '../../shared/ids.ts';
import { idTimeBound } from '../lib/ids.ts';
import type { Redis } from '../storage/client.ts';
import type { ExportPeriod } from './export-period.ts';

/** Records per Redis round trip: big enough to be cheap, small enough to stream smoothly. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * The records of an id index (a ZSET with all scores 0) minted within the period, oldest first,
 * a page of raw JSON at a time. Ids start with their creation time, so the period is a lex range
 * between two bound ids: no scan, no score index. Each round trip reads a page's records and the
 * next page's ids together (the ids of page n+1 only need the last id of page n), so an export of
 * n records costs ceil(n / page) + 1 round trips.
 */
export async function* recordsInPeriod(
  redis: Redis,
  index: string,
  kind: IdKind,
  recordKey: (id: string) => string,
  period: ExportPeriod,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<string[]> {
  const max = `(${idTimeBound(kind, period.endMs)}` as const;
  const range = { byLex: true, offset: 0, count: pageSize } as const;
  let ids = (await redis.zrange(index, `[${idTimeBound(kind, period.startMs)}`, max, range)) as string[];
  while (ids.length > 0) {
    const more = ids.length === pageSize;
    const p = redis.pipeline();
    p.mget(...ids.map(recordKey));
    if (more) p.zrange(index, `(${ids.at(-1)!}`, max, range);
    const [raws, next] = (await p.exec()) as [(string | null)[], string[] | undefined];
    // A record deleted between the two reads is simply not exported.
    yield raws.filter((raw): raw is string => raw !== null);
    ids = more ? (next ?? []) : [];
  }
}

/** The same, parsed, and only one program's when `programId` is given (filtered after the read). */
export async function* programRecordsInPeriod<T extends { program_id: string }>(
  redis: Redis,
  index: string,
  kind: IdKind,
  recordKey: (id: string) => string,
  period: ExportPeriod,
  programId: string | undefined,
): AsyncGenerator<T[]> {
  for await (const raws of recordsInPeriod(redis, index, kind, recordKey, period)) {
    const page = raws.map((raw) => JSON.parse(raw) as T);
    yield programId === undefined ? page : page.filter((r) => r.program_id === programId);
  }
}
