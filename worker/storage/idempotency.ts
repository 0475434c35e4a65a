import type { Redis } from './client.ts';
import { IDEMPOTENCY_CLAIM as CLAIM, IDEMPOTENCY_RELEASE as RELEASE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** Responses are kept 25 h (the promise is at least 24 h); a lock whose owner died frees in 60 s. */
export const DONE_TTL_SECONDS = 25 * 3600;
export const PENDING_TTL_SECONDS = 60;

export interface IdempotencyRecord {
  state: 'pending' | 'done';
  fingerprint: string;
  /** Which request holds the lock: a retried claim by the same request recognises itself. */
  token: string;
  status?: number;
  body?: string;
  content_type?: string;
}

export function idempotencyKey(scope: string, keyDigest: string): string {
  return redisKeys.idempotency(scope, keyDigest);
}

export async function claim(redis: Redis, key: string, pending: IdempotencyRecord): Promise<IdempotencyRecord | null> {
  const existing = await runScript(redis, CLAIM, [key], [JSON.stringify(pending), PENDING_TTL_SECONDS]);
  return existing ? (JSON.parse(existing) as IdempotencyRecord) : null;
}

export async function read(redis: Redis, key: string): Promise<IdempotencyRecord | null> {
  const raw = await redis.get<string>(key);
  return raw ? (JSON.parse(raw) as IdempotencyRecord) : null;
}

export async function complete(redis: Redis, key: string, done: IdempotencyRecord): Promise<void> {
  await redis.set(key, JSON.stringify(done), { ex: DONE_TTL_SECONDS });
}

export async function release(redis: Redis, key: string, token: string): Promise<void> {
  await runScript(redis, RELEASE, [key], [`"token":"${token}"`]);
}

/** Idempotency-Key records (pending while the first request runs, then its response for 25 hours). */
export const idempotencyStore = defineStore((redis) => ({
  claim: (key: string, pending: IdempotencyRecord) => claim(redis, key, pending),
  read: (key: string) => read(redis, key),
  complete: (key: string, done: IdempotencyRecord) => complete(redis, key, done),
  release: (key: string, token: string) => release(redis, key, token),
}));
export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
