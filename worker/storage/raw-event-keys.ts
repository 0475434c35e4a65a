import type { Tenant } from './redis-keys.ts';
import { statsDay } from './stats-buckets.ts';

/**
 * The R2 layout of raw events (bucket RAW_EVENTS), one place like the Redis key registry:
 *
 * - `events/{type}/{merchant_id}/{mode}/{yyyymmdd}/{hh}/{batch}.ndjson`: the rows (one JSON RawEvent
 *   per line) of one consumer batch for one type, tenant and UTC hour. `batch` is derived from the
 *   ids of the rows, so a retried batch rewrites its own object; a batch regrouped by the queue may
 *   repeat a row in another object, and readers drop repeated ids. Kept 400 days (an R2 lifecycle
 *   rule on the `events/` prefix; docs/ANALYTICS.md).
 * - `events/filtered/_unknown/_/{yyyymmdd}/{hh}/{batch}.ndjson`: filtered hits on links nobody owns.
 * - `dead-letters/{message id}.json`: a queue message that failed every retry, kept until the scheduled
 *   job sends it back to the queue.
 */
export type RawEventType = 'click' | 'filtered' | 'widget' | 'conversion';

const hh = (ms: number) => String(new Date(ms).getUTCHours()).padStart(2, '0');

export const rawEventKeys = {
  /** Every object of one type, tenant and UTC day (`yyyymmdd`): list this prefix. */
  dayPrefix: (type: RawEventType, t: Tenant | null, day: string) =>
    `events/${type}/${t ? `${t.merchantId}/${t.mode}` : '_unknown/_'}/${day}/`,
  /** The object of one batch's rows of one type, tenant and the hour containing `hourMs`. */
  object: (type: RawEventType, t: Tenant | null, hourMs: number, batch: string) =>
    `${rawEventKeys.dayPrefix(type, t, statsDay(hourMs))}${hh(hourMs)}/${batch}.ndjson`,
  deadLetterPrefix: 'dead-letters/',
  deadLetter: (messageId: string) => `dead-letters/${messageId}.json`,
} as const;
