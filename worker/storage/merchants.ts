import type { Merchant, MerchantCreate } from '../../shared/schemas/merchant.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from '../lib/redis.ts';
import { issueKey, queueStoreKey, type IssuedKey } from './api-keys.ts';
import { redisKeys } from './redis-keys.ts';

export type MerchantRecord = Merchant;

/**
 * Creates a merchant with its test-mode key pair in one MULTI/EXEC. Ids and keys are minted
 * before the call, so a client retry of the same transaction rewrites the same values.
 */
export async function createMerchant(redis: Redis, input: MerchantCreate, now = new Date()): Promise<{ merchant: MerchantRecord; secret: IssuedKey; publishable: IssuedKey }> {
  const merchant: MerchantRecord = {
    id: newId('merchant', now.getTime()),
    object: 'merchant',
    name: input.name,
    allowed_origins: [...new Set(input.allowed_origins)],
    allowed_hosts: [...new Set(input.allowed_hosts)],
    created_at: now.toISOString(),
  };
  const secret = await issueKey(merchant.id, 'test', 'secret', now);
  const publishable = await issueKey(merchant.id, 'test', 'publishable', now);
  const tx = redis.multi();
  tx.set(redisKeys.merchant(merchant.id), JSON.stringify(merchant));
  queueStoreKey(tx, secret);
  queueStoreKey(tx, publishable);
  await tx.exec();
  return { merchant, secret, publishable };
}

export async function getMerchant(redis: Redis, merchantId: string): Promise<MerchantRecord | null> {
  const raw = await redis.get<string>(redisKeys.merchant(merchantId));
  return raw ? (JSON.parse(raw) as MerchantRecord) : null;
}
