import { couponSyncStore } from '../../storage/coupon-sync.ts';
import { type CouponSyncEnv, SYNC_LEASE_MS, syncCode } from './sync-code.ts';

/** Syncs per scheduled run (a run is every minute; each sync is a few provider calls). */
const BATCH = 25;

/**
 * The scheduled run's coupon sync pass: claims the due syncs (failed ones whose retry time came,
 * and ones whose isolate died mid-sync), leased so concurrent runs never take the same, and runs
 * each again. Logs rather than throws: the other scheduled work must not depend on it.
 */
export async function retryDueCouponSyncs(env: CouponSyncEnv, now: number): Promise<void> {
  try {
    const store = couponSyncStore(env);
    const due = await store.claimDue(now, now + SYNC_LEASE_MS, BATCH);
    await Promise.all(
      due.map(async ({ tenant, provider, code }) => {
        const synced = await syncCode(env, tenant, code, now, provider);
        if (synced === 0) await store.forget(tenant, provider, code);
      }),
    );
  } catch (err) {
    console.error('scheduled coupon sync failed', err instanceof Error ? err.message.slice(0, 200) : String(err));
  }
}
