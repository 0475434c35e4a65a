import { isId } from '../../shared/ids.ts';
import type { PairingConfirm, PairingConfirmation } from '../../shared/schemas/extension.ts';
import type { Redis } from '../storage/client.ts';
import type { AdvocateRecord } from '../storage/advocates.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { identityKey, verifyIdentity } from '../widget/verify-identity.ts';
import { programFromRead, queueProgramRead } from '../widget/widget-program.ts';
import { pairingErrors } from './pairing-errors.ts';
import { userCodeDigest } from './user-codes.ts';
import { PAIRING_CONFIRM as CONFIRM } from '../storage/lua/index.ts';

export interface ConfirmDeps {
  env: Pick<Env, 'HASH_SECRET'>;
  redis: Redis;
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
  const { env, redis, tenant: t } = deps;
  const codeKey = redisKeys.pairingUserCode(await userCodeDigest(env, input.user_code));
  const customerId = 'customer_id' in input.identity ? input.identity.customer_id : null;
  const prefetchIndex = customerId !== null && input.program_id !== undefined && isId('program', input.program_id);
  const p = redis.pipeline();
  p.get(await identityKey(t, input.identity));
  queueProgramRead(p, t, input.program_id);
  p.get(codeKey);
  if (prefetchIndex) p.hget(redisKeys.advocateByExternalId(t, input.program_id!), customerId!);
  const [stored, programRaw, deviceDigest, indexed] = (await p.exec()) as [
    string | null,
    unknown,
    string | null,
    string | null | undefined,
  ];

  const customer = await verifyIdentity(env, t, input.identity, stored, now);
  await deps.limitVerified?.(customer.customerId);
  const program = await programFromRead(redis, t, input.program_id, programRaw);
  const advocateId = prefetchIndex
    ? (indexed ?? null)
    : await redis.hget<string>(redisKeys.advocateByExternalId(t, program.id), customer.customerId);
  const raw = advocateId ? await redis.get<string>(redisKeys.advocate(t, advocateId)) : null;
  if (!advocateId || !raw) throw pairingErrors.notEnrolled();
  if ((JSON.parse(raw) as AdvocateRecord).status === 'suspended') throw pairingErrors.suspended();
  if (!deviceDigest) throw pairingErrors.notFound();

  const [outcome, client] = await runScript(
    redis,
    CONFIRM,
    [codeKey, redisKeys.pairing(deviceDigest)],
    [deviceDigest, now, t.merchantId, t.mode, program.id, advocateId],
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
