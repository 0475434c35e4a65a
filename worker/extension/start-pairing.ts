import type { Pairing, PairingStart } from '../../shared/schemas/extension.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { randomToken } from '../widget/random-token.ts';
import { newUserCode, userCodeDigest } from './user-codes.ts';

export const PAIRING_TTL_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 3;
// Records outlive the pairing so an expired code answers "expired" (start again), not "unknown".
export const EXPIRED_GRACE_SECONDS = 600;
const ATTEMPTS = 3;

// A user code is claimed first (SET NX): two live pairings never share one.
// KEYS: 1 user code, 2 pairing. ARGV: 1 device digest, 2 TTL s, 3 client, 4 expires ms.
const START = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], 'status', 'pending', 'client', ARGV[3], 'expires', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
`;

/** A pending pairing; Redis keeps only the digests of both codes. One round trip (a taken code: one more). */
export async function startPairing(env: Pick<Env, 'HASH_SECRET'>, redis: Redis, input: PairingStart, now = Date.now()): Promise<Pairing> {
  const deviceCode = randomToken('vdc_');
  const deviceDigest = await sha256Hex(deviceCode);
  const expires = now + PAIRING_TTL_SECONDS * 1000;
  for (let i = 0; i < ATTEMPTS; i++) {
    const userCode = newUserCode();
    const keys = [redisKeys.pairingUserCode(await userCodeDigest(env, userCode)), redisKeys.pairing(deviceDigest)];
    const args = [deviceDigest, PAIRING_TTL_SECONDS + EXPIRED_GRACE_SECONDS, input.client, expires];
    if (Number(await runScript(redis, START, keys, args)) === 1) {
      return { object: 'pairing', device_code: deviceCode, user_code: userCode, expires_at: new Date(expires).toISOString(), interval: POLL_INTERVAL_SECONDS };
    }
  }
  throw new Error('no free pairing code after retries');
}
