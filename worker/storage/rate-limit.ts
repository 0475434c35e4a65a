import { type ApiKeyRecord, apiKeyRecordCodec } from './api-keys.ts';
import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { RATE_LIMIT_AUTH_AND_LIMIT as AUTH_AND_LIMIT } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { consoleSessionCodec } from './sessions.ts';
import { defineStore } from './store.ts';

export interface Bucket {
  name: string;
  limit: number;
}

export interface LimitResult<R> {
  allowed: boolean;
  /** The tightest bucket's figures, for X-RateLimit-* headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** The credential record when one was asked for and exists. */
  record: R | null;
}

const WINDOW_MS = 60_000;

/** The same script for any credential record found by its digest (API keys, console sessions). */
async function lookupAndLimit<R>(
  redis: Redis,
  recordKey: string | null,
  codec: Codec<R>,
  buckets: Bucket[],
  now = Date.now(),
): Promise<LimitResult<R>> {
  const window = Math.floor(now / WINDOW_MS);
  const [record, allowed, ...counts] = await runScript(
    redis,
    AUTH_AND_LIMIT,
    [recordKey ?? redisKeys.apiKey('none'), ...buckets.map((b) => redisKeys.rateLimit(b.name, window))],
    [recordKey ? '1' : '0', String(WINDOW_MS * 2), ...buckets.map((b) => String(b.limit))],
  );
  let tightest = { limit: buckets[0]!.limit, remaining: Number.POSITIVE_INFINITY };
  buckets.forEach((b, i) => {
    const remaining = Math.max(0, b.limit - Number(counts[i]));
    if (remaining < tightest.remaining) tightest = { limit: b.limit, remaining };
  });
  return {
    allowed: Number(allowed) === 1,
    limit: tightest.limit,
    remaining: tightest.remaining,
    resetSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)),
    record: codec.decodeOrNull(record || null),
  };
}

/** Fixed-window rate limits, read together with the credential they guard (one round trip). */
export const limitStore = defineStore((redis) => ({
  /** Counts the buckets, and reads the API key whose SHA-256 is `keyDigest` (null: limits only). */
  authenticateAndLimit: (keyDigest: string | null, buckets: Bucket[], now?: number) =>
    lookupAndLimit<ApiKeyRecord>(
      redis,
      keyDigest ? redisKeys.apiKey(keyDigest) : null,
      apiKeyRecordCodec,
      buckets,
      now,
    ),
  /** Counts the buckets, and reads the console session whose token's SHA-256 is `digest`. */
  consoleSessionAndLimit: (digest: string, buckets: Bucket[], now?: number) =>
    lookupAndLimit(redis, redisKeys.consoleSession(digest), consoleSessionCodec, buckets, now),
}));
export type LimitStore = ReturnType<typeof limitStore>;
