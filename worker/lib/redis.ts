import { Redis } from '@upstash/redis/cloudflare';

export interface RedisClientOptions {
  /** Per-request timeout. The client needs a signal factory: a fired plain signal reads as a result. */
  timeoutMs?: number;
  /** Retries on network errors; 0 for probes where a fast answer matters more than persistence. */
  retries?: number;
}

export class RedisNotConfiguredError extends Error {
  constructor() {
    super('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set (wrangler secret put ...).');
    this.name = 'RedisNotConfiguredError';
  }
}

/** Builds the Upstash client from the Worker's bindings (never from globals). */
export function createRedis(env: Pick<Env, 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'>, options: RedisClientOptions = {}): Redis {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) throw new RedisNotConfiguredError();
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 2;
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    signal: () => AbortSignal.timeout(timeoutMs),
    retry: retries > 0 ? { retries, backoff: (n) => Math.min(50 * 2 ** n, 500) } : false,
    enableTelemetry: false,
  });
}
