import * as z from 'zod';
import { ConversionHint } from '../../shared/schemas/widget.ts';
import { defineCodec } from './codec.ts';
import { CONVERSION_HINT_RECORD, WIDGET_EVENTS_COUNT } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { dashedDay, statsHour } from './stats-buckets.ts';
import { defineStore } from './store.ts';

/** What Redis holds for the widget secret: the secret only sealed (AES-GCM, bound to its tenant), never in clear. */
const WidgetSecretRecord = z.object({ box: z.string(), created_at: z.string() });
export type WidgetSecretRecord = z.infer<typeof WidgetSecretRecord>;
export const widgetSecretCodec = defineCodec({ name: 'widget secret', schema: WidgetSecretRecord });

/** A widget token's record, stored under the token's SHA-256: a Redis dump yields no usable token. */
const WidgetTokenRecord = z.object({
  customer_id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  expires_at: z.string(),
});
export type WidgetTokenRecord = z.infer<typeof WidgetTokenRecord>;
export const widgetTokenCodec = defineCodec({ name: 'widget token', schema: WidgetTokenRecord });

/** A thank-you page's claim: kept for reconciliation, never money (only POST /v1/conversions is). */
const ConversionHintRecord = z.object({
  ...ConversionHint.shape,
  verified: z.literal(false),
  origin: z.string(),
  received_at: z.string(),
});
export type ConversionHintRecord = z.infer<typeof ConversionHintRecord>;
const conversionHintCodec = defineCodec({ name: 'conversion hint', schema: ConversionHintRecord });

const HINT_TTL_SECONDS = 30 * 86400;
const DAILY_HINTS_TTL_SECONDS = 400 * 86400;
const EVENT_COUNTER_TTL_SECONDS = STATS_TTL_SECONDS.day;

/** `{program: {field: count}}`: a batch of widget events folded into the increments it makes. */
export type FoldedEvents = Map<string, Map<string, number>>;

/** The widget's own records: its signing secret, customer tokens, event counters, conversion hints. */
export const widgetStore = defineStore((redis) => ({
  /** Replaces the secret in one SET: signatures made with the old one fail from now on. */
  putSecret: async (t: Tenant, record: WidgetSecretRecord) => {
    await redis.set(redisKeys.widgetSecret(t), widgetSecretCodec.encode(record));
  },

  /** Stores a token's record by the token's digest for `ttlSeconds`. */
  putToken: async (t: Tenant, tokenDigest: string, record: WidgetTokenRecord, ttlSeconds: number) => {
    await redis.set(redisKeys.widgetToken(t, tokenDigest), widgetTokenCodec.encode(record), { ex: ttlSeconds });
  },

  /** Counts a folded batch for programs of the tenant that exist (others are dropped). One round trip. */
  countEvents: async (t: Tenant, now: number, folded: FoldedEvents) => {
    if (folded.size === 0) return;
    const day = dashedDay(now);
    const hour = statsHour(now);
    const keys: string[] = [];
    const args: (string | number)[] = [EVENT_COUNTER_TTL_SECONDS, STATS_TTL_SECONDS.hour];
    for (const [programId, fields] of folded) {
      keys.push(
        redisKeys.program(t, programId),
        redisKeys.widgetEvents(t, day, programId),
        redisKeys.stats(t, hour, 'program', programId),
      );
      args.push(fields.size);
      for (const [field, n] of fields) args.push(field, n);
    }
    await runScript(redis, WIDGET_EVENTS_COUNT, keys, args);
  },

  /** Keeps an order's first hint (by the order id's digest) and counts it in its day: true when it was the first. */
  recordHint: async (t: Tenant, orderDigest: string, hint: ConversionHintRecord) => {
    const keys: [string, string] = [
      redisKeys.conversionHint(t, orderDigest),
      redisKeys.dailyConversionHints(t, hint.received_at.slice(0, 10)),
    ];
    const args: [string, number, number] = [
      conversionHintCodec.encode(hint),
      HINT_TTL_SECONDS,
      DAILY_HINTS_TTL_SECONDS,
    ];
    return Number(await runScript(redis, CONVERSION_HINT_RECORD, keys, args)) === 1;
  },
}));
export type WidgetStore = ReturnType<typeof widgetStore>;
