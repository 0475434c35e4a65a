import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

/** A conversion as stored: rewards by id (they change on their own), the customer digest kept inside. */
export type StoredConversion = Omit<Conversion, 'rewards'> & { reward_ids: string[]; customer_digest: string };

/** The natural key of a conversion: its order, or (for a signup without order) the customer. */
export async function naturalKey(input: {
  order_id?: string | undefined;
  customer: { external_id: string };
}): Promise<string> {
  return (
    await sha256Hex(input.order_id !== undefined ? `order:${input.order_id}` : `signup:${input.customer.external_id}`)
  ).slice(0, 40);
}

export function parse<T>(raw: string | null | undefined): T | null {
  return raw ? (JSON.parse(raw) as T) : null;
}

export async function getRewards(redis: Redis, t: Tenant, ids: string[]): Promise<Reward[]> {
  if (ids.length === 0) return [];
  const raws = (await redis.mget<(string | null)[]>(...ids.map((id) => redisKeys.reward(t, id)))) ?? [];
  return raws.map((raw) => parse<Reward>(raw)).filter((r): r is Reward => r !== null);
}

/** The API shape: rewards joined in, internals left out. */
export function conversionView(c: StoredConversion, rewards: Reward[]): Conversion {
  const { reward_ids: _ids, customer_digest: _digest, ...rest } = c;
  return { ...rest, rewards };
}

export async function getConversion(
  redis: Redis,
  t: Tenant,
  id: string,
): Promise<{ stored: StoredConversion; view: Conversion } | null> {
  const stored = parse<StoredConversion>(await redis.get<string>(redisKeys.conversion(t, id)));
  if (!stored) return null;
  return { stored, view: conversionView(stored, await getRewards(redis, t, stored.reward_ids)) };
}

export async function getReferral(redis: Redis, t: Tenant, id: string): Promise<Referral | null> {
  return parse<Referral>(await redis.get<string>(redisKeys.referral(t, id)));
}
