import { Redis } from '@upstash/redis/cloudflare';

export type { Redis };

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

/** The Upstash bindings, structurally (Node scripts and tests pass plain objects, not the Worker's Env). */
export interface RedisEnv {
  readonly UPSTASH_REDIS_REST_URL?: string;
  readonly UPSTASH_REDIS_REST_TOKEN?: string;
}

/**
 * Builds the Upstash client from the Worker's bindings (never from globals). Values come back as
 * the strings Redis holds (we parse our own JSON: "12345" must stay a string), and commands are
 * sent when we say so (explicit pipelines), so round trips are what the code shows.
 */
export function createRedis(env: RedisEnv, options: RedisClientOptions = {}): Redis {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) throw new RedisNotConfiguredError();
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 2;
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    signal: () => AbortSignal.timeout(timeoutMs),
    retry: retries > 0 ? { retries, backoff: (n) => Math.min(50 * 2 ** n, 500) } : false,
    automaticDeserialization: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
  });
}

// One client per isolate and credentials: it holds no connection, only configuration and
// script digests, and is safe to share between requests.
const shared = new Map<string, Redis>();

export function getRedis(env: RedisEnv): Redis {
  const id = `${env.UPSTASH_REDIS_REST_URL}\n${env.UPSTASH_REDIS_REST_TOKEN}`;
  let client = shared.get(id);
  if (!client) {
    client = createRedis(env);
    shared.set(id, client);
  }
  return client;
}

// The redirect's response path: a short timeout and no retries, so a struggling Redis costs a
// visitor at most ~300 ms, and an aborted read surfaces as an error, never as a value.
const fast = new Map<string, Redis>();
const REDIRECT_TIMEOUT_MS = 300;

export function getRedirectRedis(env: RedisEnv): Redis {
  const id = `${env.UPSTASH_REDIS_REST_URL}\n${env.UPSTASH_REDIS_REST_TOKEN}`;
  let client = fast.get(id);
  if (!client) {
    client = createRedis(env, { timeoutMs: REDIRECT_TIMEOUT_MS, retries: 0 });
    fast.set(id, client);
  }
  return client;
}
