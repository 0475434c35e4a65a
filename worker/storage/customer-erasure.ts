import type { ErasureCounts } from '../../shared/schemas/customer.ts';
import { advocateTokenStore } from './advocate-tokens.ts';
import { advocateCodec, codeCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { conversionCodec, referralCodec } from './conversion-records.ts';
import type { PersonKeys, PersonRecords } from './customer-data.ts';
import { hashFields } from './hash-reply.ts';
import { updateJson } from './lua.ts';
import { redemptionCodec } from './redemptions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

// Every write below is a compare-and-set of one record (updateJson) that answers null when the
// record holds nothing of the person any more: a repeated erasure changes nothing and counts 0.

/** The advocate's personal fields replaced, its codes disabled, its extensions revoked, its own visitors forgotten. */
export async function eraseAdvocate(redis: Redis, t: Tenant, advocateId: string, marker: string, now: number) {
  const at = new Date(now).toISOString();
  const erased = await updateJson(redis, redisKeys.advocate(t, advocateId), advocateCodec, (a) =>
    a.external_id === marker
      ? null
      : // Suspended too: an erased person's links stop, and nobody can be credited as them any more.
        {
          ...a,
          external_id: marker,
          email: null,
          name: null,
          metadata: {},
          status: 'suspended' as const,
          updated_at: at,
        },
  );
  const codes = (await redis.zrange(redisKeys.advocateCodes(t, advocateId), 0, -1)) as string[];
  let codesDisabled = 0;
  for (const code of codes) {
    // The code text stays (it is what past orders and conversions name); only its use stops.
    const changed = await updateJson(redis, redisKeys.code(code), codeCodec, (r) =>
      r.advocate_id !== advocateId || r.status === 'disabled'
        ? null
        : { ...r, status: 'disabled' as const, updated_at: at },
    );
    if (changed) codesDisabled++;
  }
  const tokens = await advocateTokenStore.over(redis).revokeAll(t, advocateId, now);
  await redis.del(redisKeys.advocateVisitors(t, advocateId));
  return { advocates: erased ? 1 : 0, codes_disabled: codesDisabled, extension_tokens: tokens, codes };
}

/** What stands for an erased person: the marker, and its customer digest (what a renewal keys it by). */
interface ErasedAs {
  marker: string;
  digest: string;
}

/**
 * The person as a referred friend: their id in referrals and conversions, their digest in
 * conversions and redemptions. Also answers the ids of their conversions (changed now or before).
 */
export async function scrubFriendRecords(redis: Redis, t: Tenant, found: PersonRecords, erased: ErasedAs) {
  const { marker } = erased;
  let referrals = 0;
  let conversions = 0;
  let redemptions = 0;
  const conversionIds: string[] = [];
  for (const id of found.referralIds) {
    const referral = await updateJson(redis, redisKeys.referral(t, id), referralCodec, (r) =>
      r.customer_external_id === marker ? null : { ...r, customer_external_id: marker },
    );
    if (referral) referrals++;
    const read = referral ?? referralCodec.decodeOrNull(await redis.get<string>(redisKeys.referral(t, id)));
    // Found by the marker too: a renewal of their subscription after this (its record names the marker
    // now) lands on this referral, as before, instead of starting a second one for the same advocate.
    if (read) await redis.set(redisKeys.referralByCustomer(t, read.program_id, erased.digest), id, { nx: true });
    for (const conversionId of read?.conversion_ids ?? []) {
      conversionIds.push(conversionId);
      const changed = await updateJson(redis, redisKeys.conversion(t, conversionId), conversionCodec, (c) =>
        c.customer_external_id === marker ? null : { ...c, customer_external_id: marker, customer_digest: marker },
      );
      if (changed) conversions++;
    }
  }
  for (const id of found.redemptionIds) {
    const changed = await updateJson(redis, redisKeys.redemption(t, id), redemptionCodec, (r) =>
      r.customer_digest === marker ? null : { ...r, customer_digest: marker },
    );
    if (changed) redemptions++;
  }
  return { counts: { referrals, conversions, redemptions }, conversionIds };
}

/**
 * The lookups by the person's id or digest, in one MULTI: a later enrollment, referral or
 * redemption of the same person starts clean (a new advocate; a new customer again).
 */
export async function forgetIndexes(redis: Redis, t: Tenant, found: PersonRecords, who: PersonKeys) {
  const tx = redis.multi();
  for (const programId of found.programIds) {
    tx.hdel(redisKeys.advocateByExternalId(t, programId), who.externalId);
    tx.del(
      redisKeys.referralByCustomer(t, programId, who.digest),
      redisKeys.customerRedeemed(t, programId, who.digest),
    );
  }
  tx.del(redisKeys.conversionByKey(t, who.signupKey));
  tx.srem(redisKeys.knownCustomers(t), who.digest);
  const results = (await tx.exec()) as unknown[];
  return { indexes: results.reduce<number>((sum, n) => sum + Number(n), 0) };
}

/**
 * A person's erasure log entry (HASH): when first and last, how many runs; what it changed in total (`total:{kind}`).
 */
interface ErasureLog {
  first_erased_at: string;
  runs: number;
}

/** A person's erasure log entry, or null when they were never erased. */
export async function readErasure(redis: Redis, t: Tenant, personHash: string): Promise<ErasureLog | null> {
  const fields = hashFields(await redis.hgetall(redisKeys.customerErasure(t, personHash)));
  return fields.first_erased_at ? { first_erased_at: fields.first_erased_at, runs: Number(fields.runs ?? 0) } : null;
}

/**
 * Logs an erasure under the person's keyed hash (no personal field), in one MULTI: concurrent
 * erasures of one person all count, none conflicts. Answers when they were first erased.
 */
export async function recordErasure(redis: Redis, t: Tenant, personHash: string, counts: ErasureCounts, now: number) {
  const key = redisKeys.customerErasure(t, personHash);
  const at = new Date(now).toISOString();
  const tx = redis.multi();
  tx.hsetnx(key, 'first_erased_at', at);
  tx.hset(key, { last_erased_at: at });
  tx.hincrby(key, 'runs', 1);
  for (const [kind, n] of Object.entries(counts)) if (n > 0) tx.hincrby(key, `total:${kind}`, n);
  tx.hget(key, 'first_erased_at');
  const results = (await tx.exec()) as unknown[];
  return { first_erased_at: String(results.at(-1)) };
}
