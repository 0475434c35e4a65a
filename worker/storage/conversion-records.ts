import * as z from 'zod';
import { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { getRewards } from './rewards.ts';

/** A conversion as stored: rewards by id (they change on their own), the customer digest kept inside. */
export const StoredConversion = Conversion.omit({ rewards: true }).extend({
  reward_ids: z.array(z.string()),
  customer_digest: z.string(),
});
export type StoredConversion = z.infer<typeof StoredConversion>;
export const conversionCodec = defineCodec({
  name: 'conversion',
  schema: StoredConversion,
  version: 2,
  // Version 2 adds `recurring` (a renewal of a subscription): every conversion before it was none.
  migrations: { 1: (old) => ({ ...old, recurring: null }) },
});
/** A referral as stored: the API shape. */
export const referralCodec = defineCodec({ name: 'referral', schema: Referral });

/** The API shape: rewards joined in, internals left out. */
export function conversionView(c: StoredConversion, rewards: Reward[]): Conversion {
  const { reward_ids: _ids, customer_digest: _digest, ...rest } = c;
  return { ...rest, rewards };
}

// The stored text each referral handed out was decoded from: a conversion's changeset writes over
// exactly that (compare-and-set), so callers hold domain records only and a concurrent change of
// the referral still conflicts.
const readFrom = new WeakMap<Referral, string>();

/** The stored text `referral` was read from (it must come from getReferral). */
export function referralReadFrom(referral: Referral): string {
  const raw = readFrom.get(referral);
  if (raw === undefined) throw new Error('a referral to write over must be the one read through the store');
  return raw;
}

export async function getReferral(redis: Redis, t: Tenant, id: string): Promise<Referral | null> {
  const raw = await redis.get<string>(redisKeys.referral(t, id));
  const referral = referralCodec.decodeOrNull(raw);
  if (raw && referral) readFrom.set(referral, raw);
  return referral;
}

/** A conversion read with the stored text it was decoded from (what a compare-and-set writes over). */
export async function readConversion(redis: Redis, t: Tenant, id: string) {
  const raw = await redis.get<string>(redisKeys.conversion(t, id));
  return raw ? { raw, stored: conversionCodec.decode(raw) } : null;
}

export async function getConversion(redis: Redis, t: Tenant, id: string) {
  const read = await readConversion(redis, t, id);
  if (!read) return null;
  return { stored: read.stored, view: conversionView(read.stored, await getRewards(redis, t, read.stored.reward_ids)) };
}
