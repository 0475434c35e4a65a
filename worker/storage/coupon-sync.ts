import * as z from 'zod';
import { Timestamp } from '../../shared/schemas/common.ts';
import { IntegrationProvider } from '../../shared/schemas/integration.ts';
import { defineCodec } from './codec.ts';
import type { IntegrationRecord } from './integrations.ts';
// The webhook queue's claim is the generic one: due members of a ZSET, their scores moved to a lease.
import { WEBHOOK_QUEUE_CLAIM as CLAIM_DUE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/**
 * One Vouch code's copy in a provider's checkout (a Stripe promotion code, a Shopify discount code):
 * what was created, for which friend offer, whether it is active there, and why not when it is not.
 */
const CouponSyncState = z.object({
  provider: IntegrationProvider,
  code: z.string(),
  status: z.enum(['synced', 'skipped', 'failed']),
  /** The offer version the remote copy was made for (`pct15`, `amt1000usd`, `ship`). */
  offer: z.string().nullable(),
  /** Stripe `promo_…`; Shopify `gid://shopify/DiscountCodeNode/…`. */
  remote_id: z.string().nullable(),
  /** Stripe only: the coupon the promotion code points at. */
  coupon_id: z.string().nullable(),
  /** Whether the remote copy takes orders (it follows the code's own status). */
  active: z.boolean(),
  /** Why it was skipped, or the last error. */
  reason: z.string().nullable(),
  /** Failed attempts in a row (0 once synced). */
  attempts: z.number().int().min(0),
  synced_at: Timestamp.nullable(),
  updated_at: Timestamp,
});
export type CouponSyncState = z.infer<typeof CouponSyncState>;
const stateCodec = defineCodec({ name: 'coupon sync state', schema: CouponSyncState });

/** A code sync the scheduled run (re)tries. */
export interface DueSync {
  tenant: Tenant;
  provider: IntegrationProvider;
  code: string;
}

function member(t: Tenant, provider: IntegrationProvider, code: string): string {
  return `${t.mode}:${t.merchantId}:${provider}:${code}`;
}

function dueOf(raw: string): DueSync | null {
  const [mode, merchantId, provider, code] = raw.split(':');
  const parsed = IntegrationProvider.safeParse(provider);
  if ((mode !== 'test' && mode !== 'live') || !merchantId || !parsed.success || !code) return null;
  return { tenant: { mode, merchantId }, provider: parsed.data, code };
}

/** Coupon sync's state per code and provider, Stripe's promotion-code and coupon maps, and the retry queue. */
/** A connection coupon sync writes to: connected, with an API credential. */
export function syncsCoupons(r: IntegrationRecord): boolean {
  return r.status === 'connected' && r.credential_box !== null;
}

export const couponSyncStore = defineStore((redis) => ({
  get: async (t: Tenant, provider: IntegrationProvider, code: string): Promise<CouponSyncState | null> =>
    stateCodec.decodeOrNull(await redis.get<string>(redisKeys.couponSync(t, provider, code))),

  /** The Vouch code a Stripe promotion code was created for: attribution of an order that used it. */
  codeForPromotion: async (t: Tenant, promotionCodeId: string): Promise<string | null> => {
    const code = await redis.hget<string>(redisKeys.couponPromotions(t), promotionCodeId);
    return typeof code === 'string' ? code : null;
  },

  /** The Stripe coupon made for a program's friend offer (one per offer version). */
  couponFor: async (t: Tenant, programId: string, offer: string): Promise<string | null> => {
    const id = await redis.hget<string>(redisKeys.couponCoupons(t), `${programId}:${offer}`);
    return typeof id === 'string' ? id : null;
  },

  rememberCoupon: async (t: Tenant, programId: string, offer: string, couponId: string) => {
    await redis.hset(redisKeys.couponCoupons(t), { [`${programId}:${offer}`]: couponId });
  },

  /** Queues syncs for the scheduled run: a safety net while one runs, or the next try after a failure. */
  markDue: async (t: Tenant, providers: IntegrationProvider[], codes: string[], dueMs: number) => {
    const [first, ...rest] = providers.flatMap((p) =>
      codes.map((code) => ({ score: dueMs, member: member(t, p, code) })),
    );
    if (first) await redis.zadd(redisKeys.couponSyncDue(), first, ...rest);
  },

  /**
   * Records a settled sync (synced or skipped), its promotion code's mapping (kept after a
   * replacement, so orders with the old code still attribute) and takes it off the queue: one MULTI.
   */
  settle: async (t: Tenant, state: CouponSyncState) => {
    const tx = redis.multi();
    tx.set(redisKeys.couponSync(t, state.provider, state.code), stateCodec.encode(state));
    if (state.provider === 'stripe' && state.remote_id) {
      tx.hset(redisKeys.couponPromotions(t), { [state.remote_id]: state.code });
    }
    tx.zrem(redisKeys.couponSyncDue(), member(t, state.provider, state.code));
    await tx.exec();
  },

  /** Records a failed sync and when to try again (null: given up, off the queue): one MULTI. */
  fail: async (t: Tenant, state: CouponSyncState, retryAtMs: number | null) => {
    const tx = redis.multi();
    tx.set(redisKeys.couponSync(t, state.provider, state.code), stateCodec.encode(state));
    const due = member(t, state.provider, state.code);
    if (retryAtMs === null) tx.zrem(redisKeys.couponSyncDue(), due);
    else tx.zadd(redisKeys.couponSyncDue(), { score: retryAtMs, member: due });
    await tx.exec();
  },

  /** Takes a sync off the queue when there is nothing to sync it to (the credential was removed). */
  forget: async (t: Tenant, provider: IntegrationProvider, code: string) => {
    await redis.zrem(redisKeys.couponSyncDue(), member(t, provider, code));
  },

  /** Claims up to `limit` due syncs of every tenant, leased until `leaseUntil` (one script). */
  claimDue: async (now: number, leaseUntil: number, limit: number): Promise<DueSync[]> => {
    const raw = await runScript(redis, CLAIM_DUE, [redisKeys.couponSyncDue()], [now, leaseUntil, limit]);
    return (raw ?? []).map(String).flatMap((m) => dueOf(m) ?? []);
  },
}));
