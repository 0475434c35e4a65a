import type { IntegrationProvider } from '../../../shared/schemas/integration.ts';
import type { HashSecretEnv } from '../../lib/hash-secret.ts';
import { type CouponSyncState, couponSyncStore, syncsCoupons } from '../../storage/coupon-sync.ts';
import { type IntegrationRecord, integrationStore } from '../../storage/integrations.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';
import { openIntegrationSecret } from '../integration-secrets.ts';
import { syncShopifyCode } from './shopify-discount-codes.ts';
import { syncStripeCode } from './stripe-promotion-codes.ts';
import { loadSubject, type Settled, type Subject, skipped } from './subject.ts';

export type CouponSyncEnv = StoreEnv & HashSecretEnv;

/** A connected checkout that coupon sync may write to: it was given an API credential. */
interface Checkout {
  record: IntegrationRecord;
  credential: string;
}

/** While a sync runs, its code is queued this far ahead: if the isolate dies, the scheduled run finishes it. */
export const SYNC_LEASE_MS = 5 * 60_000;
/** Failed syncs are tried again 1 min, 4 min, 16 min, ... up to 6 h later, then given up (the error stays shown). */
const MAX_ATTEMPTS = 8;
const retryDelayMs = (attempts: number) => Math.min(60_000 * 4 ** (attempts - 1), 6 * 3600_000);

/** The connections coupon sync writes to: connected, with an API credential. */
export async function syncingConnections(env: StoreEnv, t: Tenant): Promise<IntegrationRecord[]> {
  return (await integrationStore(env).list(t)).filter(syncsCoupons);
}

async function checkoutsOf(env: CouponSyncEnv, t: Tenant, only?: IntegrationProvider): Promise<Checkout[]> {
  const records = (await syncingConnections(env, t)).filter((r) => only === undefined || r.provider === only);
  const opened = await Promise.all(
    records.map(async (record) => ({ record, credential: await openIntegrationSecret(env, t, record, 'credential') })),
  );
  return opened.filter((c): c is Checkout => c.credential !== null);
}

function copyAt(env: CouponSyncEnv, c: Checkout, s: Subject, previous: CouponSyncState | null, now: number) {
  if (c.record.provider === 'stripe') return syncStripeCode(env, c.credential, s, previous);
  return syncShopifyCode(c.record.shop_domain ?? '', c.credential, s, previous, now);
}

async function syncAt(env: CouponSyncEnv, c: Checkout, t: Tenant, code: string, s: Subject | null, now: number) {
  const store = couponSyncStore(env);
  const provider = c.record.provider;
  const previous = await store.get(t, provider, code);
  const at = new Date(now).toISOString();
  const base = { provider, code, updated_at: at };
  try {
    const settled: Settled = s
      ? await copyAt(env, c, s, previous, now)
      : skipped(previous, 'The code is not this merchant\u2019s any more.', previous?.active ?? false);
    const syncedAt = settled.status === 'synced' ? at : (previous?.synced_at ?? null);
    await store.settle(t, { ...settled, ...base, attempts: 0, synced_at: syncedAt });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    const attempts = (previous?.status === 'failed' ? previous.attempts : 0) + 1;
    const kept = previous ?? { offer: null, remote_id: null, coupon_id: null, active: false, synced_at: null };
    const state: CouponSyncState = { ...kept, ...base, status: 'failed', reason: message, attempts };
    // The integration's error first: whoever sees the code's failed state sees it there too.
    await integrationStore(env).noteError(t, provider, {
      code: 'coupon_sync_failed',
      message: `Code ${code}: ${message}`,
      at,
    });
    await store.fail(t, state, attempts >= MAX_ATTEMPTS ? null : now + retryDelayMs(attempts));
  }
}

/**
 * Copies one code (its status and its program's friend offer) into every connected checkout that
 * has an API credential, or only into `only`. Without such a checkout it costs one read and calls
 * nobody. Failures are recorded on the code's state and as the integration's last error, and
 * queued for the scheduled run; this never throws for a provider's failure.
 */
export async function syncCode(
  env: CouponSyncEnv,
  t: Tenant,
  code: string,
  now: number,
  only?: IntegrationProvider,
): Promise<number> {
  const checkouts = await checkoutsOf(env, t, only);
  if (checkouts.length === 0) return 0;
  const store = couponSyncStore(env);
  await store.markDue(
    t,
    checkouts.map((c) => c.record.provider),
    [code],
    now + SYNC_LEASE_MS,
  );
  const subject = await loadSubject(env, t, code);
  await Promise.all(checkouts.map((c) => syncAt(env, c, t, code, subject, now)));
  return checkouts.length;
}

type Waiter = { waitUntil(p: Promise<unknown>): void };

/** Work after the response: a failure is logged (the scheduled run, or the next change, syncs again). */
export function afterResponse(ctx: Waiter, what: string, work: Promise<unknown>): void {
  ctx.waitUntil(
    work.catch((err: unknown) => {
      console.error(`coupon sync: ${what} failed`, err instanceof Error ? err.message.slice(0, 200) : String(err));
    }),
  );
}

/** For the write paths (enrollment, a new code, a code enabled or disabled): the sync runs after the response. */
export function syncCodeLater(env: CouponSyncEnv, ctx: Waiter, t: Tenant, code: string): void {
  afterResponse(ctx, 'syncing a code', syncCode(env, t, code, Date.now()));
}
