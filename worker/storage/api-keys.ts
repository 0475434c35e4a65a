import * as z from 'zod';
import { ApiKey, KeyMode, KeyType as KeyTypeSchema, type NewApiKey } from '../../shared/schemas/merchant.ts';
import { generateKey, type KeyType } from '../lib/api-key-format.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { API_KEYS_ROLL as ROLL } from './lua/index.ts';
import { runScript } from './lua.ts';
import { type Mode, redisKeys } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** What Redis keeps for a key: found by the key's SHA-256, never the key itself. */
const ApiKeyRecordSchema = z.object({
  id: z.string(),
  merchant_id: z.string(),
  mode: KeyMode,
  type: KeyTypeSchema,
  digest: z.string(),
  /**
   * Publishable keys only: the key itself. It is public by design (every page with the widget
   * shows it), and the console's Install page prints it in the snippet. Secret keys: never.
   */
  key: z.string().optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;
export const apiKeyRecordCodec = defineCodec({ name: 'api key', schema: ApiKeyRecordSchema });
/** A key's listing entry (a field of the merchant's key hash): never the key, never its digest. */
const apiKeyMetaCodec = defineCodec({ name: 'api key metadata', schema: ApiKey });

export interface IssuedKey {
  record: ApiKeyRecord;
  meta: ApiKey;
  /** The full key, returned to the caller once and never stored. */
  key: string;
}

export async function issueKey(merchantId: string, mode: Mode, type: KeyType, now: Date): Promise<IssuedKey> {
  const key = await generateKey(type, mode);
  const id = newId('api_key', now.getTime());
  return {
    key,
    record: {
      id,
      merchant_id: merchantId,
      mode,
      type,
      digest: await sha256Hex(key),
      ...(type === 'publishable' ? { key } : {}),
    },
    meta: { id, object: 'api_key', type, mode, last4: key.slice(-4), created_at: now.toISOString(), revoked_at: null },
  };
}

export function shown(issued: IssuedKey): NewApiKey {
  return { ...issued.meta, key: issued.key };
}

type Transaction = ReturnType<Redis['multi']>;

/** Queues the writes that store a freshly issued key as the active one (inside a MULTI). */
export function queueStoreKey(tx: Transaction, issued: IssuedKey): void {
  const { record, meta } = issued;
  tx.set(redisKeys.apiKey(record.digest), apiKeyRecordCodec.encode(record));
  tx.set(redisKeys.activeApiKey(record.merchant_id, record.mode, record.type), record.digest);
  tx.hset(redisKeys.merchantApiKeys(record.merchant_id), { [record.id]: apiKeyMetaCodec.encode(meta) });
}

/**
 * Issues a new key of this mode and type and revokes the one it replaces, atomically. Two
 * concurrent rolls cannot both win: the loser re-reads and rolls the winner's key.
 */
async function rollKey(
  redis: Redis,
  merchantId: string,
  mode: Mode,
  type: KeyType,
  now = new Date(),
): Promise<IssuedKey> {
  const issued = await issueKey(merchantId, mode, type, now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const oldDigest = (await redis.get<string>(redisKeys.activeApiKey(merchantId, mode, type))) ?? '';
    let oldId = '';
    let oldMeta = '';
    if (oldDigest) {
      const oldRecord = await redis.get<string>(redisKeys.apiKey(oldDigest));
      if (oldRecord) {
        oldId = apiKeyRecordCodec.decode(oldRecord).id;
        const meta = apiKeyMetaCodec.decodeOrNull(
          await redis.hget<string>(redisKeys.merchantApiKeys(merchantId), oldId),
        );
        oldMeta = meta ? apiKeyMetaCodec.encode({ ...meta, revoked_at: now.toISOString() }) : '';
      }
    }
    const done = await runScript(
      redis,
      ROLL,
      [
        redisKeys.activeApiKey(merchantId, mode, type),
        redisKeys.apiKey(oldDigest || 'none'),
        redisKeys.apiKey(issued.record.digest),
        redisKeys.merchantApiKeys(merchantId),
      ],
      [
        oldDigest,
        issued.record.digest,
        apiKeyRecordCodec.encode(issued.record),
        issued.record.id,
        apiKeyMetaCodec.encode(issued.meta),
        oldId,
        oldMeta,
      ],
    );
    if (Number(done) === 1) return issued;
  }
  throw new Error('key roll kept conflicting');
}

async function listKeys(redis: Redis, merchantId: string, mode: Mode): Promise<ApiKey[]> {
  const all = (await redis.hvals(redisKeys.merchantApiKeys(merchantId))) as string[];
  return all
    .map(apiKeyMetaCodec.decode)
    .filter((k) => k.mode === mode)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The active publishable key of a mode, or null (none, or issued before keys were kept readable). */
async function activePublishableKey(redis: Redis, merchantId: string, mode: Mode): Promise<string | null> {
  const digest = await redis.get<string>(redisKeys.activeApiKey(merchantId, mode, 'publishable'));
  if (!digest) return null;
  const record = apiKeyRecordCodec.decodeOrNull(await redis.get<string>(redisKeys.apiKey(digest)));
  return record?.type === 'publishable' && record.key ? record.key : null;
}

/** A merchant's API keys (records by digest, the active key per mode and type, metadata for listing). */
export const apiKeyStore = defineStore((redis) => ({
  roll: (merchantId: string, mode: Mode, type: KeyType, now?: Date) => rollKey(redis, merchantId, mode, type, now),
  list: (merchantId: string, mode: Mode) => listKeys(redis, merchantId, mode),
  activePublishable: (merchantId: string, mode: Mode) => activePublishableKey(redis, merchantId, mode),
}));
export type ApiKeyStore = ReturnType<typeof apiKeyStore>;
