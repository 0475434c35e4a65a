import { ApiError } from '../errors/api-error.ts';
import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { WIDGET_ABUSE_CONSUME as CONSUME } from '../storage/lua/index.ts';

/** A fixed-window limit longer than the auth script's minute: per IP per hour, per email per day. */
export interface WindowBucket {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Counts one attempt (narrowest bucket first); throws 429 (with Retry-After) when one is over its limit. */
export async function consumeLimits(redis: Redis, buckets: WindowBucket[], nowMs = Date.now()): Promise<void> {
  const windows = buckets.map((b) => Math.floor(nowMs / (b.windowSeconds * 1000)));
  const keys = buckets.map((b, i) => redisKeys.rateLimit(b.name, windows[i]!));
  const args = buckets.flatMap((b) => [b.limit, b.windowSeconds]);
  if (Number(await runScript(redis, CONSUME, keys, args)) === 1) return;
  const retryAfter = Math.max(
    ...buckets.map((b, i) => Math.ceil(((windows[i]! + 1) * b.windowSeconds * 1000 - nowMs) / 1000)),
  );
  throw new ApiError('rate_limit_error', 'rate_limited', `Too many attempts. Retry in ${retryAfter} s.`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}
