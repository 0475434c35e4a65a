import { advocateStore } from '../../storage/advocates.ts';
import { couponSyncStore } from '../../storage/coupon-sync.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';
import { afterResponse, syncingConnections } from './sync-code.ts';

const PAGE = 100;

/**
 * A program's friend offer changed: every code of the program is queued for the scheduled run,
 * which remakes each copy for the new offer (a new Stripe coupon and promotion code, a Shopify
 * discount updated or remade). Queued rather than synced here: a program may have thousands of
 * codes, and the providers' rate limits pace the run. One page of advocates per round trip.
 */
async function queueProgramCodes(env: StoreEnv, t: Tenant, programId: string, now: number): Promise<number> {
  const providers = (await syncingConnections(env, t)).map((r) => r.provider);
  if (providers.length === 0) return 0;
  let queued = 0;
  let after: string | undefined;
  for (;;) {
    const page = await advocateStore(env).list(t, programId, PAGE, after);
    const codes = page.advocates.flatMap((a) => a.codes);
    await couponSyncStore(env).markDue(t, providers, codes, now);
    queued += codes.length;
    after = page.advocates.at(-1)?.id;
    if (!page.hasMore || after === undefined) return queued;
  }
}

/** For the program PATCH: queued after the response. */
export function queueProgramCodesLater(env: StoreEnv, ctx: Parameters<typeof afterResponse>[0], t: Tenant, id: string) {
  afterResponse(ctx, 'queueing a program', queueProgramCodes(env, t, id, Date.now()));
}
