import * as z from 'zod';
import type { Period } from './exports.ts';
import { ClickEvent, ConversionEvent, FilteredEvent, WidgetEvent } from './raw-event.ts';
import { type RawEventType, rawEventKeys } from './raw-event-keys.ts';
import type { Tenant } from './redis-keys.ts';
import { statsDay } from './stats-buckets.ts';

/**
 * A click row as the consumer writes it: the event and the consumer's decision on it (`counted`,
 * or `reason` why not, e.g. `duplicate` within the hour). Optional: a row written without them
 * exports those cells empty rather than guessing.
 */
const StoredClickRow = ClickEvent.extend({
  counted: z.boolean().optional(),
  reason: z.string().max(40).nullish(),
});

/** Each type's row schema: a row is decoded by the schema of the folder it was listed under. */
const ROWS = { click: StoredClickRow, filtered: FilteredEvent, widget: WidgetEvent, conversion: ConversionEvent };
export type RawEventRow<K extends RawEventType> = z.infer<(typeof ROWS)[K]>;

/**
 * The reads a raw-event reader needs of a bucket: the Worker's RAW_EVENTS binding (R2Bucket), or
 * Miniflare's from Node (tests), which is why it is spelled out rather than `Pick<R2Bucket, …>`.
 */
export interface RawEventBucket {
  list(options: { prefix: string; startAfter?: string; cursor?: string; limit: number }): Promise<{
    objects: { key: string }[];
    truncated: boolean;
    cursor?: string;
  }>;
  get(key: string): Promise<{ text(): Promise<string> } | null>;
}

/** Keys per list call: R2's maximum, so a day of hourly batches is usually one call. */
const LIST_LIMIT = 1000;
/** Rows per page handed to the caller (one CSV chunk). */
const PAGE_ROWS = 500;
/** Objects fetched at once: enough to hide R2's latency, few enough to bound an hour's memory. */
const READS_AT_ONCE = 6;

/** `yyyymmdd/hh`: the part of a key after the tenant's prefix naming its hour (fixed width, so it sorts). */
const hourLabel = (ms: number) => `${statsDay(ms)}/${String(new Date(ms).getUTCHours()).padStart(2, '0')}`;

/** `events/{type}/{merchant}/{mode}/`: every day's objects of a tenant sort under it, oldest day first. */
function tenantPrefix(type: RawEventType, t: Tenant): string {
  const day = statsDay(0);
  const dayPrefix = rawEventKeys.dayPrefix(type, t, day);
  return dayPrefix.slice(0, dayPrefix.length - day.length - 1);
}

/**
 * The keys of the period's objects, one hour at a time, oldest first. One list walks every day of
 * the period from the first hour's key on (R2 lists in key order), so empty days cost nothing: a
 * year's export lists ceil(objects / 1000) times, never once per day.
 */
async function* hoursOfKeys(bucket: RawEventBucket, prefix: string, period: Period): AsyncGenerator<string[]> {
  const last = hourLabel(period.endMs - 1);
  let group: string[] = [];
  let label = '';
  let cursor: string | undefined;
  let done = false;
  do {
    const listed = await bucket.list(
      cursor === undefined
        ? { prefix, startAfter: `${prefix}${hourLabel(period.startMs)}`, limit: LIST_LIMIT }
        : { prefix, cursor, limit: LIST_LIMIT },
    );
    for (const { key } of listed.objects) {
      const hour = key.slice(prefix.length, prefix.length + 11);
      done = hour > last;
      if (done) break;
      if (hour !== label && group.length > 0) {
        yield group;
        group = [];
      }
      label = hour;
      group.push(key);
    }
    cursor = listed.truncated && !done ? listed.cursor : undefined;
  } while (cursor !== undefined);
  if (group.length > 0) yield group;
}

interface Decoding<K extends RawEventType> {
  type: K;
  t: Tenant;
  /** Rows that did not decode or name another tenant, for the log. */
  skipped: number;
}

function decodeRow<K extends RawEventType>(line: string, d: Decoding<K>): RawEventRow<K>[] {
  if (line.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    json = undefined;
  }
  const row = ROWS[d.type].safeParse(json);
  // A tenant folder holds that tenant's rows only; anything else is damage, never shown.
  if (row.success && row.data.type === d.type && row.data.merchant_id === d.t.merchantId && row.data.mode === d.t.mode)
    return [row.data as RawEventRow<K>];
  d.skipped++;
  return [];
}

/**
 * One hour's rows: every object read (a few at a time), each row decoded (one that does not is
 * skipped and counted: a damaged line must not cost the merchant the download), repeated ids
 * dropped (a batch the queue regrouped writes a row twice; both copies sit in the same hour, as the
 * hour comes from the event's own time), oldest first.
 */
async function readHour<K extends RawEventType>(bucket: RawEventBucket, keys: string[], d: Decoding<K>) {
  const byId = new Map<string, RawEventRow<K>>();
  for (let i = 0; i < keys.length; i += READS_AT_ONCE) {
    const texts = await Promise.all(
      keys.slice(i, i + READS_AT_ONCE).map(async (key) => (await bucket.get(key))?.text() ?? ''),
    );
    for (const text of texts)
      for (const row of text.split('\n').flatMap((line) => decodeRow(line, d)))
        if (!byId.has(row.id)) byId.set(row.id, row);
  }
  return [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A tenant's raw rows of one type in the period, oldest first, in pages of at most 500 rows (no
 * page spans two hours). Memory holds one hour of rows at most: a tenant's hour is the unit the
 * consumer writes and the only one within which two objects' rows interleave in time.
 */
export async function* rawEventRows<K extends RawEventType>(
  bucket: RawEventBucket,
  type: K,
  t: Tenant,
  period: Period,
): AsyncGenerator<RawEventRow<K>[]> {
  const d: Decoding<K> = { type, t, skipped: 0 };
  for await (const keys of hoursOfKeys(bucket, tenantPrefix(type, t), period)) {
    const rows = (await readHour(bucket, keys, d)).filter((r) => r.at >= period.startMs && r.at < period.endMs);
    for (let i = 0; i < rows.length; i += PAGE_ROWS) yield rows.slice(i, i + PAGE_ROWS);
    if (d.skipped > 0) {
      // The key names the tenant and hour, never a row's content.
      console.warn('raw event rows skipped (undecodable or not this tenant’s)', d.skipped, keys[0]);
      d.skipped = 0;
    }
  }
}
