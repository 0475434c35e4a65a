import type { Identity } from '../../shared/schemas/widget.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { verifyIdentity } from '../widget/verify-identity.ts';
import { programFromRead } from '../widget/widget-program.ts';

/**
 * Whose points a widget call is about: the customer the merchant's server signed, in the named (or
 * oldest running) program.
 */
export async function widgetOwner(
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  identity: Identity,
  programId: string | undefined,
) {
  const start = await advocateViewStore(env).sessionStart(t, identity, programId);
  const customer = await verifyIdentity(env, t, identity, start.identity);
  const program = await programFromRead(env, t, start.program);
  return { owner: { tenant: t, programId: program.id, externalId: customer.customerId }, program };
}
