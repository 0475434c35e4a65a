import { CROCKFORD } from '../../shared/ids.ts';
import { normalizeUserCode } from '../../shared/schemas/extension.ts';
import { hmacSha256Hex, randomChars } from '../lib/crypto.ts';
import { hashSecret } from '../lib/hash-secret.ts';

/** A fresh user code as the extension shows it: 8 Crockford characters, `ABCD-EFGH` (40 bits). */
export function newUserCode(): string {
  const raw = randomChars(CROCKFORD, 8);
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * Keyed, because 40 bits are few enough to brute-force offline from a plain SHA-256 in a dump;
 * normalized first, so however the advocate typed it, it hashes the same.
 */
export function userCodeDigest(env: Pick<Env, 'HASH_SECRET'>, userCode: string): Promise<string> {
  return hmacSha256Hex(hashSecret(env), `pairing-code:${normalizeUserCode(userCode)}`);
}
