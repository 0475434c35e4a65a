import { couponSyncStore, syncsCoupons } from '../storage/coupon-sync.ts';
import { integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/**
 * Queues a reward code for coupon sync (copied to, or disabled at, every connected checkout with an
 * API credential) by the scheduled run, which retries failures (integrations/coupon-sync/retry-due.ts).
 * Queued rather than synced here: the fulfilment hook sits below the integrations. One read when
 * nothing is connected.
 */
export async function queueRewardCodeSync(env: StoreEnv, t: Tenant, code: string, now: number): Promise<void> {
  const providers = (await integrationStore(env).list(t)).filter(syncsCoupons).map((r) => r.provider);
  if (providers.length > 0) await couponSyncStore(env).markDue(t, providers, [code], now);
}
