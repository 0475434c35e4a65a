import { isId } from '../../shared/ids.ts';
import type { PairingConfirm, PairingConfirmation } from '../../shared/schemas/extension.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import { pairingStore } from '../storage/pairing.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { verifyIdentity } from '../widget/verify-identity.ts';
import { programFromRead } from '../widget/widget-program.ts';
import { pairingErrors } from './pairing-errors.ts';
import { userCodeDigest } from './user-codes.ts';

export interface ConfirmDeps {
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>;
  tenant: Tenant;
  /**
   * Limits counted only once the identity is verified (per merchant, per customer): a caller
   * with a forged identity must not use up the budget of the merchant's real advocates.
   */
  limitVerified?: (customerId: string) => Promise<void>;
}

/**
 * The widget confirms the code for its identified customer. Identity first (nothing about the
 * pairing is revealed to an unverified caller), then the advocate, then the one-step bind.
 * Round trips: identity + program + code (+ the advocate index when the program is named) in one
 * pipeline; (the default program; the index); the advocate record; the bind script.
 */
export async function confirmPairing(
  deps: ConfirmDeps,
  input: PairingConfirm,
  now = Date.now(),
): Promise<PairingConfirmation> {
  const { env, tenant: t } = deps;
  const views = advocateViewStore(env);
  const codeDigest = await userCodeDigest(env, input.user_code);
  const customerId = 'customer_id' in input.identity ? input.identity.customer_id : null;
  const prefetch = customerId !== null && input.program_id !== undefined && isId('program', input.program_id);
  const start = await views.sessionStart(t, input.identity, input.program_id, {
    userCodeDigest: codeDigest,
    prefetchIndexFor: prefetch ? customerId : undefined,
  });

  const customer = await verifyIdentity(env, t, input.identity, start.identity, now);
  await deps.limitVerified?.(customer.customerId);
  const program = await programFromRead(env, t, start.program);
  const advocateId = prefetch
    ? (start.advocateId ?? null)
    : await views.advocateIdFor(t, program.id, customer.customerId);
  const advocate = advocateId ? await views.advocateRecord(t, advocateId) : null;
  if (!advocateId || !advocate) throw pairingErrors.notEnrolled();
  if (advocate.status === 'suspended') throw pairingErrors.suspended();
  const deviceDigest = start.deviceDigest;
  if (!deviceDigest) throw pairingErrors.notFound();

  const [outcome, client] = await pairingStore(env).confirm(
    { userCodeDigest: codeDigest, deviceDigest },
    t,
    { programId: program.id, advocateId },
    now,
  );
  if (outcome === 'expired') throw pairingErrors.expired();
  if (outcome === 'taken') throw pairingErrors.alreadyConfirmed();
  if (outcome !== 'confirmed') throw pairingErrors.notFound();
  return {
    object: 'pairing_confirmation',
    status: 'confirmed',
    client: (client ?? 'other') as PairingConfirmation['client'],
  };
}
