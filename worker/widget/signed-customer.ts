import type { Program } from '../../shared/schemas/program.ts';
import type { Identity } from '../../shared/schemas/widget.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { verifyIdentity } from './verify-identity.ts';
import { programFromRead } from './widget-program.ts';

/**
 * The customer a widget call's signed identity names, checked exactly as the session does (401 on a
 * bad one, revealing nothing), and the named (or oldest running) program: one pipeline. With
 * `prefetchIndexFor`, the same pipeline also reads that customer's advocate id in the program.
 */
export async function signedCustomer(
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  identity: Identity,
  programId: string | undefined,
  prefetchIndexFor?: string,
): Promise<{ program: Program; customerId: string; advocateId: string | null | undefined }> {
  const start = await advocateViewStore(env).sessionStart(t, identity, programId, { prefetchIndexFor });
  const customer = await verifyIdentity(env, t, identity, start.identity);
  const program = await programFromRead(env, t, start.program);
  return { program, customerId: customer.customerId, advocateId: start.advocateId };
}
