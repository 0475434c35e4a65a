import type { Conversion, Referral } from '../../shared/schemas/conversion.ts';
import type { ErasureCounts } from '../../shared/schemas/customer.ts';
import type { Redemption } from '../../shared/schemas/redemption.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { advocateTokenCodec } from './advocate-tokens.ts';
import { codeCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { conversionCodec, conversionView, getReferral } from './conversion-records.ts';
import { eraseAdvocate, forgetIndexes, readErasure, recordErasure, scrubFriendRecords } from './customer-erasure.ts';
import { type PersonNeedles, scannedRecordsOf, scrubTenantRecords } from './customer-scans.ts';
import { hashFields } from './hash-reply.ts';
import { redemptionStore } from './redemptions.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { getRewards } from './rewards.ts';
import { defineStore } from './store.ts';

/** How a person is found: their external id, and the digests the write paths keyed them by. */
export interface PersonKeys {
  externalId: string;
  /** customerDigest of the external id (referrals, redemptions, known customers). */
  digest: string;
  /** The natural key of their signup conversion. */
  signupKey: string;
}

/** Where a person's records are, found through the indexes the write paths keep. */
export interface PersonRecords {
  programIds: string[];
  advocateIds: string[];
  referralIds: string[];
  redemptionIds: string[];
}

async function locate(redis: Redis, t: Tenant, who: PersonKeys): Promise<PersonRecords> {
  const programIds = (await redis.zrange(redisKeys.programs(t), 0, -1)) as string[];
  const found: PersonRecords = { programIds, advocateIds: [], referralIds: [], redemptionIds: [] };
  if (programIds.length === 0) return found;
  const p = redis.pipeline();
  for (const id of programIds) {
    p.hget(redisKeys.advocateByExternalId(t, id), who.externalId);
    p.get(redisKeys.referralByCustomer(t, id, who.digest));
    p.get(redisKeys.customerRedeemed(t, id, who.digest));
  }
  const results = (await p.exec()) as (string | null)[];
  const lists = [found.advocateIds, found.referralIds, found.redemptionIds];
  results.forEach((value, i) => {
    if (value) lists[i % 3]!.push(String(value));
  });
  return found;
}

/** What the person holds as an advocate, besides the record and its codes. */
interface AdvocateHoldings {
  codes: { code: string; status: 'active' | 'disabled'; created_at: string }[];
  clicks: number;
  referrals: number;
  rewards: Reward[];
  extensionTokens: { program_id: string; created_at: string }[];
}

async function advocateHoldings(redis: Redis, t: Tenant, advocateId: string): Promise<AdvocateHoldings> {
  const p = redis.pipeline();
  p.zrange(redisKeys.advocateCodes(t, advocateId), 0, -1);
  p.hgetall(redisKeys.advocateTotals(t, advocateId));
  p.zrange(redisKeys.advocateRewards(t, advocateId), 0, -1);
  p.smembers(redisKeys.advocateExtensionTokens(t, advocateId));
  const [codes, totals, rewardIds, tokens] = (await p.exec()) as [string[], unknown, string[], string[]];
  const counts = hashFields(totals);
  const [codeRaws, tokenRaws] = await Promise.all([
    mget(redis, codes.map(redisKeys.code)),
    tokenRecords(redis, tokens),
  ]);
  return {
    codes: codes.flatMap((code, i) => {
      const r = codeCodec.decodeOrNull(codeRaws[i]);
      return r ? [{ code, status: r.status, created_at: r.created_at }] : [];
    }),
    clicks: Number(counts.clicks ?? 0),
    referrals: Number(counts.referrals ?? 0),
    rewards: await getRewards(redis, t, rewardIds),
    extensionTokens: tokenRaws,
  };
}

async function mget(redis: Redis, keys: string[]): Promise<(string | null)[]> {
  return keys.length === 0 ? [] : ((await redis.mget(...keys)) as (string | null)[]);
}

async function tokenRecords(redis: Redis, digests: string[]) {
  const raws = await mget(redis, digests.map(redisKeys.advocateToken));
  return raws.flatMap((raw) => {
    const r = advocateTokenCodec.decodeOrNull(raw);
    return r ? [{ program_id: r.program_id, created_at: r.created_at }] : [];
  });
}

/** Conversions by id with their rewards joined in (missing ones left out). Two round trips. */
async function conversionsById(redis: Redis, t: Tenant, ids: string[]): Promise<Conversion[]> {
  const stored = (
    await mget(
      redis,
      ids.map((id) => redisKeys.conversion(t, id)),
    )
  ).flatMap((raw) => {
    const c = conversionCodec.decodeOrNull(raw);
    return c ? [c] : [];
  });
  const rewards = new Map(
    (
      await getRewards(
        redis,
        t,
        stored.flatMap((c) => c.reward_ids),
      )
    ).map((r) => [r.id, r]),
  );
  return stored.map((c) =>
    conversionView(
      c,
      c.reward_ids.flatMap((id) => rewards.get(id) ?? []),
    ),
  );
}

async function friendRecords(redis: Redis, t: Tenant, found: PersonRecords) {
  const referrals = (await Promise.all(found.referralIds.map((id) => getReferral(redis, t, id)))).filter(
    (r): r is Referral => r !== null,
  );
  const redemptions = (
    await Promise.all(found.redemptionIds.map((id) => redemptionStore.over(redis).get(t, id)))
  ).filter((r): r is Redemption => r !== null);
  const conversions = await conversionsById(redis, t, [...new Set(referrals.flatMap((r) => r.conversion_ids))]);
  return { referrals, redemptions, conversions };
}

/**
 * One person's data across the tenant's aggregates (export and erasure, GDPR/CCPA): found through
 * the indexes the write paths keep, read and scrubbed through each aggregate's codec.
 */
export const customerDataStore = defineStore((redis) => ({
  locate: (t: Tenant, who: PersonKeys) => locate(redis, t, who),
  advocateHoldings: (t: Tenant, advocateId: string) => advocateHoldings(redis, t, advocateId),
  friendRecords: (t: Tenant, found: PersonRecords) => friendRecords(redis, t, found),
  /** Their widget tokens still stored and referred subscriptions (a scan of the tenant's keys). */
  scannedRecords: (t: Tenant, externalId: string) => scannedRecordsOf(redis, t, externalId),
  eraseAdvocate: (t: Tenant, advocateId: string, marker: string, now: number) =>
    eraseAdvocate(redis, t, advocateId, marker, now),
  /** `erased`: the marker, and its customer digest (the referral is found by it from then on). */
  scrubFriendRecords: (t: Tenant, found: PersonRecords, erased: { marker: string; digest: string }) =>
    scrubFriendRecords(redis, t, found, erased),
  forgetIndexes: (t: Tenant, found: PersonRecords, who: PersonKeys) => forgetIndexes(redis, t, found, who),
  /** Records without an index by person, found by SCAN: `digest` is the customer digest (reservations). */
  scrubTenantRecords: (t: Tenant, needles: PersonNeedles, digest: string) =>
    scrubTenantRecords(redis, t, needles, digest),
  erasure: (t: Tenant, personHash: string) => readErasure(redis, t, personHash),
  /** The erasure log entry of a person (by the keyed hash of their id): first time, runs, totals. */
  recordErasure: (t: Tenant, personHash: string, counts: ErasureCounts, now: number) =>
    recordErasure(redis, t, personHash, counts, now),
}));
