import { couponSyncStore, type DueSync } from '../../storage/coupon-sync.ts';
import { type CouponSyncEnv, SYNC_LEASE_MS, syncCode } from './sync-code.ts';

/** Syncs per scheduled run (every minute), a few provider calls each. */
const BATCH = 60;
/** Syncs at once: paced under the providers' rate limits (Stripe's per-second limit, Shopify's cost bucket). */
const CONCURRENCY = 4;

/**
 * The scheduled run's coupon sync pass: claims the due syncs (failed ones whose retry time came,
 * codes of a program whose offer changed, and ones whose isolate died mid-sync), leased so
 * concurrent runs never take the same, and runs each again. Logs rather than throws: the other
 * scheduled work must not depend on it.
 */
export async function retryDueCouponSyncs(env: CouponSyncEnv, now: number): Promise<void> {
  try {
    const store = couponSyncStore(env);
    const queue: DueSync[] = await store.claimDue(now, now + SYNC_LEASE_MS, BATCH);
    const drain = async () => {
      for (let due = queue.shift(); due; due = queue.shift()) {
        // One tenant's trouble (a secret box that no longer opens, Redis) must not stop the others'.
        const synced = await syncCode(env, due.tenant, due.code, now, due.provider).catch(logged);
        if (synced === 0) await store.forget(due.tenant, due.provider, due.code);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, drain));
  } catch (err) {
    logged(err);
  }
}

function logged(err: unknown): null {
  console.error('scheduled coupon sync failed', err instanceof Error ? err.message.slice(0, 200) : String(err));
  return null;
}
