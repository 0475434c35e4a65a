import type { PairingLink } from '../../shared/schemas/extension.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import type { AdvocateRecord } from '../storage/advocates.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { randomToken } from '../widget/random-token.ts';
import { PAIRING_LINK_CREATE as CREATE } from '../storage/lua/index.ts';

export const LINK_TTL_SECONDS = 24 * 3600;
// Kept an hour past expiry so a late click says "expired" rather than "unknown".
const LINK_GRACE_SECONDS = 3600;

/** A single-use link for one advocate: `{base}/pair#vpl_…` (the fragment never reaches a server log). One round trip. */
export async function createPairingLink(
  redis: Redis,
  t: Tenant,
  advocate: AdvocateRecord,
  base: string,
  now = Date.now(),
): Promise<PairingLink> {
  const token = randomToken('vpl_');
  const expires = now + LINK_TTL_SECONDS * 1000;
  await runScript(
    redis,
    CREATE,
    [redisKeys.pairingLink(await sha256Hex(token))],
    [expires, t.merchantId, t.mode, advocate.program_id, advocate.id, LINK_TTL_SECONDS + LINK_GRACE_SECONDS, now],
  );
  return { object: 'pairing_link', url: `${base}/pair#${token}`, token, expires_at: new Date(expires).toISOString() };
}
