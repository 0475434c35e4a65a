import { isId } from '../../shared/ids.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Identity } from '../../shared/schemas/widget.ts';
import { ApiError } from '../errors/api-error.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { signedCustomer } from '../widget/signed-customer.ts';

/** The advocate a signed identity names in a program. */
export interface SignedAdvocate {
  program: Program;
  advocateId: string;
  customerId: string;
}

const notEnrolled = () =>
  new ApiError(
    'not_found_error',
    'not_enrolled',
    'This customer is not an advocate of the program yet (POST /v1/public/session with `enroll: true`).',
  );

/**
 * Checks the identity exactly as the session does (401 on a bad one, revealing nothing) and finds
 * the customer's advocate: one pipeline (identity, program, index) when the program is named,
 * one more round trip for the index otherwise. A customer who is not an advocate: 404 `not_enrolled`.
 */
export async function signedAdvocate(
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  identity: Identity,
  programId: string | undefined,
): Promise<SignedAdvocate> {
  const prefetchIndexFor =
    'customer_id' in identity && programId !== undefined && isId('program', programId)
      ? identity.customer_id
      : undefined;
  const signed = await signedCustomer(env, t, identity, programId, prefetchIndexFor);
  const { program, customerId } = signed;
  const advocateId =
    prefetchIndexFor !== undefined
      ? (signed.advocateId ?? null)
      : await advocateViewStore(env).advocateIdFor(t, program.id, customerId);
  if (!advocateId) throw notEnrolled();
  return { program, advocateId, customerId };
}
