import { type CodeRecord, codeCodec } from './advocates.ts';
import { type ApiKeyRecord, apiKeyRecordCodec } from './api-keys.ts';
import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { RATE_LIMIT_AUTH_AND_LIMIT as AUTH_AND_LIMIT } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { consoleSessionCodec } from './sessions.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

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
  /** The code read along (`readCode`), when it exists and is the credential's merchant's and mode's. */
  code: CodeRecord | null;
}

/** A credential record names its tenant. */
type Credential = { merchant_id: string; mode: 'live' | 'test' };

const WINDOW_MS = 60_000;

/**
 * The same script for any credential record found by its digest (API keys, console sessions), with
 * the code `readCode` (checkout's first read: a global key, so it needs no tenant to name it) read
 * in the same round trip.
 */
async function lookupAndLimit<R extends Credential>(
  redis: Redis,
  recordKey: string | null,
  codec: Codec<R>,
  buckets: Bucket[],
  now = Date.now(),
  readCode: string | null = null,
): Promise<LimitResult<R>> {
  const window = Math.floor(now / WINDOW_MS);
  const [raw, allowed, ...replies] = await runScript(
    redis,
    AUTH_AND_LIMIT,
    [
      recordKey ?? redisKeys.apiKey('none'),
      ...buckets.map((b) => redisKeys.rateLimit(b.name, window)),
      ...(readCode ? [redisKeys.code(readCode)] : []),
    ],
    [recordKey ? '1' : '0', String(WINDOW_MS * 2), ...buckets.map((b) => String(b.limit))],
  );
  const counts = replies.slice(0, buckets.length);
  const record = codec.decodeOrNull(raw || null);
  const code = readCode && record ? codeCodec.decodeOrNull(String(replies[buckets.length] || '') || null) : null;
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
    record,
    code: record && ownedBy(code, { merchantId: record.merchant_id, mode: record.mode }),
  };
}

/** Fixed-window rate limits, read together with the credential they guard (one round trip). */
export const limitStore = defineStore((redis) => ({
  /**
   * Counts the buckets, and reads the API key whose SHA-256 is `keyDigest` (null: limits only) and
   * the code `readCode` if given.
   */
  authenticateAndLimit: (keyDigest: string | null, buckets: Bucket[], now?: number, readCode?: string | null) =>
    lookupAndLimit<ApiKeyRecord>(
      redis,
      keyDigest ? redisKeys.apiKey(keyDigest) : null,
      apiKeyRecordCodec,
      buckets,
      now,
      readCode,
    ),
  /** Counts the buckets, and reads the console session whose token's SHA-256 is `digest`. */
  consoleSessionAndLimit: (digest: string, buckets: Bucket[], now?: number) =>
    lookupAndLimit(redis, redisKeys.consoleSession(digest), consoleSessionCodec, buckets, now),
}));
export type LimitStore = ReturnType<typeof limitStore>;
