import type { Identity } from '../../shared/schemas/widget.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { signedCustomer } from '../widget/signed-customer.ts';

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
  const { program, customerId } = await signedCustomer(env, t, identity, programId);
  return { owner: { tenant: t, programId: program.id, externalId: customerId }, program };
}
