import * as z from 'zod';
import { type Tenant, tenantScope } from '../tenant.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { IDEMPOTENCY_CLAIM as CLAIM, IDEMPOTENCY_RELEASE as RELEASE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** Responses are kept 25 h (the promise is at least 24 h); a lock whose owner died frees in 60 s. */
const DONE_TTL_SECONDS = 25 * 3600;
const PENDING_TTL_SECONDS = 60;

const IdempotencyRecordSchema = z.object({
  state: z.enum(['pending', 'done']),
  fingerprint: z.string(),
  /** Which request holds the lock: a retried claim by the same request recognises itself. */
  token: z.string(),
  status: z.number().int().optional(),
  body: z.string().optional(),
  content_type: z.string().optional(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecordSchema>;
export const idempotencyCodec = defineCodec({ name: 'idempotency', schema: IdempotencyRecordSchema });

/** The scope a tenant's Idempotency-Keys live in (the operator's is `admin`). */
export const idempotencyScopeOf = (t: Tenant): string => tenantScope(t);

/**
 * Idempotency-Key records (pending while the first request runs, then its response for 25 hours),
 * named by the caller's scope (tenant, or admin) and the SHA-256 of the header.
 */
export const idempotencyStore = defineStore((redis: Redis) => ({
  /** Takes the key for this request, or answers the record already holding it. */
  claim: async (scope: string, keyDigest: string, pending: IdempotencyRecord): Promise<IdempotencyRecord | null> => {
    const key = redisKeys.idempotency(scope, keyDigest);
    const existing = await runScript(redis, CLAIM, [key], [idempotencyCodec.encode(pending), PENDING_TTL_SECONDS]);
    return existing ? idempotencyCodec.decode(existing) : null;
  },
  read: async (scope: string, keyDigest: string): Promise<IdempotencyRecord | null> =>
    idempotencyCodec.decodeOrNull(await redis.get<string>(redisKeys.idempotency(scope, keyDigest))),
  /** Keeps the finished response for replays. */
  complete: async (scope: string, keyDigest: string, done: IdempotencyRecord): Promise<void> => {
    await redis.set(redisKeys.idempotency(scope, keyDigest), idempotencyCodec.encode(done), { ex: DONE_TTL_SECONDS });
  },
  /** Frees the key, only if the request holding it is still the one whose token this is. */
  release: async (scope: string, keyDigest: string, token: string): Promise<void> => {
    await runScript(redis, RELEASE, [redisKeys.idempotency(scope, keyDigest)], [`"token":"${token}"`]);
  },
}));
export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
