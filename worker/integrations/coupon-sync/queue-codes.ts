import type { IntegrationProvider } from '../../../shared/schemas/integration.ts';
import { advocateStore } from '../../storage/advocates.ts';
import { couponSyncStore } from '../../storage/coupon-sync.ts';
import { programStore } from '../../storage/programs.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';
import { afterResponse, syncingConnections } from './sync-code.ts';

const PAGE = 100;
type Waiter = Parameters<typeof afterResponse>[0];

/**
 * Many codes to (re)sync are queued for the scheduled run rather than synced here: a program may
 * have thousands of codes, and the providers' rate limits pace the run (scheduled: retry-due.ts).
 * One page of advocates, with their codes, per round trip.
 */
async function queueProgram(
  env: StoreEnv,
  t: Tenant,
  programId: string,
  providers: IntegrationProvider[],
  now: number,
) {
  let after: string | undefined;
  for (;;) {
    const page = await advocateStore(env).list(t, programId, PAGE, after);
    await couponSyncStore(env).markDue(
      t,
      providers,
      page.advocates.flatMap((a) => a.codes),
      now,
    );
    after = page.advocates.at(-1)?.id;
    if (!page.hasMore || after === undefined) return;
  }
}

/**
 * A program's friend offer or status changed: each copy is remade for the new offer (Stripe coupon,
 * Shopify discount), and deactivated while the program is paused or ended.
 */
async function queueProgramCodes(env: StoreEnv, t: Tenant, programId: string, now: number) {
  const providers = (await syncingConnections(env, t)).map((r) => r.provider);
  if (providers.length > 0) await queueProgram(env, t, programId, providers, now);
}

/** A credential was given (a first connection, or a new key): every code the tenant has so far is copied. */
async function queueTenantCodes(env: StoreEnv, t: Tenant, provider: IntegrationProvider, now: number) {
  let after: string | undefined;
  for (;;) {
    const page = await programStore(env).list(t, PAGE, after);
    for (const program of page.programs) await queueProgram(env, t, program.id, [provider], now);
    after = page.programs.at(-1)?.id;
    if (!page.hasMore || after === undefined) return;
  }
}

/** For the program PATCH that changes `referee_offer` or `status`: queued after the response. */
export function queueProgramCodesLater(env: StoreEnv, ctx: Waiter, t: Tenant, programId: string): void {
  afterResponse(ctx, 'queueing a program', queueProgramCodes(env, t, programId, Date.now()));
}

/** For PUT /v1/integrations/{provider} with an API credential: queued after the response. */
export function queueTenantCodesLater(env: StoreEnv, ctx: Waiter, t: Tenant, provider: IntegrationProvider): void {
  afterResponse(ctx, `queueing the codes for ${provider}`, queueTenantCodes(env, t, provider, Date.now()));
}
