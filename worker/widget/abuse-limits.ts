import { ApiError } from '../errors/api-error.ts';
import type { StoreEnv } from '../storage/store.ts';
import { type WindowBucket, windowLimitStore, windowOf } from '../storage/window-limits.ts';

export type { WindowBucket };

/** Counts one attempt (narrowest bucket first); throws 429 (with Retry-After) when one is over its limit. */
export async function consumeLimits(env: StoreEnv, buckets: WindowBucket[], nowMs = Date.now()): Promise<void> {
  if (await windowLimitStore(env).consume(buckets, nowMs)) return;
  const retryAfter = Math.max(
    ...buckets.map((b) => Math.ceil(((windowOf(b, nowMs) + 1) * b.windowSeconds * 1000 - nowMs) / 1000)),
  );
  throw new ApiError('rate_limit_error', 'rate_limited', `Too many attempts. Retry in ${retryAfter} s.`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}
