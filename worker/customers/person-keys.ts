import { naturalKey } from '../conversions/records.ts';
import { hmacSha256Hex } from '../lib/crypto.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { type HashSecretEnv, hashSecret } from '../lib/hash-secret.ts';
import type { PersonKeys } from '../storage/customer-data.ts';
import { type Tenant, tenantScope } from '../tenant.ts';

/** The digests the write paths keyed this person by (the same functions compute them). */
export async function personKeys(externalId: string): Promise<PersonKeys> {
  return {
    externalId,
    digest: await customerDigest({ external_id: externalId }),
    signupKey: await naturalKey({ customer: { external_id: externalId } }),
  };
}

/**
 * What stands for an erased person: keyed by HASH_SECRET (a plain hash of a guessable customer id
 * would name them again), the same for every erasure of them in this tenant (a repeat finds its log).
 */
export async function erasedMarker(env: HashSecretEnv, t: Tenant, externalId: string) {
  const hash = (await hmacSha256Hex(hashSecret(env), `customer-erasure:${tenantScope(t)}:${externalId}`)).slice(0, 32);
  const marker = `erased_${hash}`;
  // What a renewal of their subscription keys them by after this (its record names the marker).
  return { hash, marker, digest: await customerDigest({ external_id: marker }) };
}
