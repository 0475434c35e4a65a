import { WIDGET_ABUSE_CONSUME as CONSUME } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** A fixed-window limit longer than the auth script's minute: per IP per hour, per email per day. */
export interface WindowBucket {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** The window a bucket is in at `nowMs`. */
export const windowOf = (b: WindowBucket, nowMs: number) => Math.floor(nowMs / (b.windowSeconds * 1000));

/** Abuse limits of the endpoints without an API key (widget sign-ups and hints, extension pairing). */
export const windowLimitStore = defineStore((redis) => ({
  /** Counts one attempt in each bucket, narrowest first: false when one is over its limit. One round trip. */
  consume: async (buckets: WindowBucket[], nowMs: number) => {
    const keys = buckets.map((b) => redisKeys.rateLimit(b.name, windowOf(b, nowMs)));
    const args = buckets.flatMap((b) => [b.limit, b.windowSeconds]);
    return Number(await runScript(redis, CONSUME, keys, args)) === 1;
  },
}));
