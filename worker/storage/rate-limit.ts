import type { Redis } from '../lib/redis.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';

/**
 * Fixed-window rate limits for several buckets at once (per IP, per key), combined with the API
 * key lookup so authentication and limiting cost one round trip.
 * KEYS[1] key record (read when ARGV[1] = '1'); KEYS[2..] window counters; ARGV[3..] limits.
 * Billed commands: GET (when a key is given) + one INCR per bucket (+ PEXPIRE when a window opens).
 */
const AUTH_AND_LIMIT = `
local record = ''
if ARGV[1] == '1' then record = redis.call('GET', KEYS[1]) or '' end
local ttl = tonumber(ARGV[2])
local allowed = 1
local counts = {}
for i = 2, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ttl) end
  if n > tonumber(ARGV[i + 1]) then allowed = 0 end
  counts[#counts + 1] = n
end
return {record, allowed, unpack(counts)}
`;

export interface Bucket {
  name: string;
  limit: number;
}

export interface LimitResult {
  allowed: boolean;
  /** The tightest bucket's figures, for X-RateLimit-* headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** The API key record JSON when one was asked for and exists, else ''. */
  record: string;
}

export const WINDOW_MS = 60_000;

export function authenticateAndLimit(redis: Redis, keyDigest: string | null, buckets: Bucket[], now = Date.now()): Promise<LimitResult> {
  return lookupAndLimit(redis, keyDigest ? redisKeys.apiKey(keyDigest) : null, buckets, now);
}

/** The same script for any credential record found by its digest (API keys, console sessions). */
export async function lookupAndLimit(redis: Redis, recordKey: string | null, buckets: Bucket[], now = Date.now()): Promise<LimitResult> {
  const window = Math.floor(now / WINDOW_MS);
  const keys = [recordKey ?? redisKeys.apiKey('none'), ...buckets.map((b) => redisKeys.rateLimit(b.name, window))];
  const args = [recordKey ? '1' : '0', String(WINDOW_MS * 2), ...buckets.map((b) => String(b.limit))];
  const [record, allowed, ...counts] = await runScript<[string, number | string, ...(number | string)[]]>(redis, AUTH_AND_LIMIT, keys, args);
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
    record: record ?? '',
  };
}
