import type { Tenant } from '../tenant.ts';
import { advocateCodec, codeCodec } from './advocates.ts';
import { clickCodec } from './clicks.ts';
import type { Redis } from './client.ts';
import {
  type ConversionPlan,
  day,
  hour,
  type RefundRequest,
  type ReviewRequest,
  recordConversion,
  refundConversion,
  reviewConversion,
} from './conversion-moves.ts';
import {
  conversionCodec,
  conversionView,
  getConversion,
  getReferral,
  type StoredConversion,
} from './conversion-records.ts';
import { recordUnattributedOrder } from './conversion-stats.ts';
import { hashFields } from './hash-reply.ts';
import { pageOfIds } from './paginate.ts';
import { programCodec } from './programs.ts';
import { redisKeys } from './redis-keys.ts';
import { getRewards } from './rewards.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

export type { ConversionPlan, RefundResult } from './conversion-moves.ts';
export { conversionView, type StoredConversion } from './conversion-records.ts';

/** A page of conversions (all, or one status) with their rewards, in three round trips. */
async function listConversions(
  redis: Redis,
  t: Tenant,
  status: StoredConversion['status'] | undefined,
  limit: number,
  after?: string,
) {
  const page = await pageOfIds(redis, redisKeys.conversions(t, status ?? 'all'), limit, after);
  const raws = page.ids.length
    ? ((await redis.mget<(string | null)[]>(...page.ids.map((id) => redisKeys.conversion(t, id)))) ?? [])
    : [];
  const stored = raws.flatMap((r) => (r ? [conversionCodec.decode(r)] : []));
  const byId = new Map(
    (
      await getRewards(
        redis,
        t,
        stored.flatMap((s) => s.reward_ids),
      )
    ).map((r) => [r.id, r]),
  );
  const conversions = stored.map((s) =>
    conversionView(
      s,
      s.reward_ids.flatMap((id) => byId.get(id) ?? []),
    ),
  );
  return { conversions, hasMore: page.hasMore };
}

/**
 * What attribution starts from, in one round trip: a conversion already recorded for this natural
 * key, the click and the code (each only if the tenant's: global records). The click is read only for
 * an id of the stored kind (`clk_` + 26, made before click tokens, which need no read); an absent code
 * reads a placeholder key.
 */
async function attributionFacts(
  redis: Redis,
  t: Tenant,
  q: { key: string; clickId: string | null; code: string | null },
) {
  const p = redis.pipeline();
  p.get(redisKeys.conversionByKey(t, q.key));
  p.get(redisKeys.code(q.code ?? 'none'));
  if (q.clickId) p.get(redisKeys.click(q.clickId));
  const [existingId, code, click = null] = (await p.exec()) as [string | null, string | null, (string | null)?];
  return {
    existingId,
    click: ownedBy(clickCodec.decodeOrNull(click), t),
    code: ownedBy(codeCodec.decodeOrNull(code), t),
  };
}

export interface CreditQuery {
  /** The conversion's natural key (its order, or the customer's signup). */
  key: string;
  programId: string;
  advocateId: string;
  /** The customer's digest. */
  customer: string;
  visitor: string | null;
  occurredAt: number;
}

function ledgerCounts(fields: unknown) {
  const flat = hashFields(fields);
  const months: Record<string, number> = {};
  for (const [k, v] of Object.entries(flat)) if (k.startsWith('month:')) months[k.slice(6)] = Number(v);
  return { conversions: Number(flat.conversions ?? 0), months };
}

/**
 * What crediting `q.advocateId` depends on, in one round trip: the fraud counters, the ledger, the
 * referral's id; with `programId` read along, the program too (checkout's first attempt). Without a
 * visitor (a code alone) its counters are not read: nothing counts for a conversion without one.
 */
async function creditFacts(redis: Redis, t: Tenant, q: CreditQuery, withProgram = false) {
  const visitor = q.visitor;
  const p = redis.pipeline();
  p.get(redisKeys.advocate(t, q.advocateId));
  p.hgetall(redisKeys.advocateLedger(t, q.advocateId));
  p.get(redisKeys.referralByCustomer(t, q.programId, q.customer));
  p.hget(redisKeys.velocity(t, 'advocate', q.advocateId, hour(q.occurredAt)), 'n');
  p.get(redisKeys.conversionByKey(t, q.key));
  if (withProgram) p.get(redisKeys.program(t, q.programId));
  if (visitor) {
    p.hget(redisKeys.velocity(t, 'visitor', visitor, hour(q.occurredAt)), 'n');
    p.hget(redisKeys.velocity(t, 'visitor', visitor, day(q.occurredAt)), 'n');
    p.sismember(redisKeys.advocateVisitors(t, q.advocateId), visitor);
  }
  const replies = (await p.exec()) as unknown[];
  const [advocate, ledger, referralId, advHour, existingId] = replies as [
    string | null,
    unknown,
    string | null,
    string | null,
    string | null,
  ];
  const program = withProgram ? (replies[5] as string | null) : null;
  const [visHour, visDay, own] = visitor ? replies.slice(withProgram ? 6 : 5) : [null, null, 0];
  return {
    /** Recorded meanwhile by a concurrent report of the same order. */
    existingId,
    advocate: advocateCodec.decodeOrNull(advocate),
    ledger: ledgerCounts(ledger),
    referralId,
    advocateConversionsThisHour: Number(advHour ?? 0),
    visitorConversionsThisHour: Number(visHour ?? 0),
    visitorConversionsToday: Number(visDay ?? 0),
    advocateOwnVisitor: Number(own) === 1,
    program: programCodec.decodeOrNull(program),
  };
}
export type CreditFacts = Awaited<ReturnType<typeof creditFacts>>;

/** Conversions and referrals of a tenant: attribution's reads, recording, review and refunds. */
export const conversionStore = defineStore((redis) => ({
  get: (t: Tenant, id: string) => getConversion(redis, t, id),
  list: (t: Tenant, status: StoredConversion['status'] | undefined, limit: number, startingAfter?: string) =>
    listConversions(redis, t, status, limit, startingAfter),
  /** The conversion recorded for a natural key (an order, or a customer's signup). */
  idForKey: (t: Tenant, key: string) => redis.get<string>(redisKeys.conversionByKey(t, key)),
  referral: (t: Tenant, id: string) => getReferral(redis, t, id),
  attributionFacts: (t: Tenant, q: { key: string; clickId: string | null; code: string | null }) =>
    attributionFacts(redis, t, q),
  creditFacts: (t: Tenant, q: CreditQuery) => creditFacts(redis, t, q),
  /** The credit facts and the program, in one round trip: checkout, which knows the code, reads nothing else. */
  checkoutFacts: (t: Tenant, q: CreditQuery) => creditFacts(redis, t, q, true),
  record: (t: Tenant, plan: ConversionPlan) => recordConversion(redis, t, plan),
  /** An order nobody is credited for still counts among the orders reported (once per order). */
  countUnattributedOrder: (t: Tenant, key: string, now: number) => recordUnattributedOrder(redis, t, key, now),
  /** A held conversion approved or rejected, with its rewards; retried on a concurrent change. */
  review: (t: Tenant, id: string, review: ReviewRequest) => reviewConversion(redis, t, id, review),
  /** A refund of (part of) the order, with its rewards' shares; retried on a concurrent change. */
  refund: (t: Tenant, id: string, request: RefundRequest) => refundConversion(redis, t, id, request),
}));
export type ConversionStore = ReturnType<typeof conversionStore>;
