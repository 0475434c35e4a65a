import type { Pairing, PairingStart } from '../../shared/schemas/extension.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { randomToken } from '../lib/random-token.ts';
import { pairingStore } from '../storage/pairing.ts';
import type { StoreEnv } from '../storage/store.ts';
import { newUserCode, userCodeDigest } from './user-codes.ts';

const PAIRING_TTL_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 3;
// Records outlive the pairing so an expired code answers "expired" (start again), not "unknown".
const EXPIRED_GRACE_SECONDS = 600;
const ATTEMPTS = 3;

/** A pending pairing; Redis keeps only the digests of both codes. One round trip (a taken code: one more). */
export async function startPairing(
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>,
  input: PairingStart,
  now = Date.now(),
): Promise<Pairing> {
  const deviceCode = randomToken('vdc_');
  const deviceDigest = await sha256Hex(deviceCode);
  const expires = now + PAIRING_TTL_SECONDS * 1000;
  for (let i = 0; i < ATTEMPTS; i++) {
    const userCode = newUserCode();
    const pairing = { userCodeDigest: await userCodeDigest(env, userCode), deviceDigest, client: input.client };
    if (
      await pairingStore(env).start({ ...pairing, expiresMs: expires }, PAIRING_TTL_SECONDS + EXPIRED_GRACE_SECONDS)
    ) {
      return {
        object: 'pairing',
        device_code: deviceCode,
        user_code: userCode,
        expires_at: new Date(expires).toISOString(),
        interval: POLL_INTERVAL_SECONDS,
      };
    }
  }
  throw new Error('no free pairing code after retries');
}
