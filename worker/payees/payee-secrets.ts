import type { HashSecretEnv } from '../lib/hash-secret.ts';
import type { Tenant } from '../tenant.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';

/**
 * The PayPal email at rest: sealed like integration secrets (AES-GCM under a key derived from
 * HASH_SECRET), bound to the tenant, the advocate and the purpose, so a box copied to another
 * advocate, merchant or mode does not open.
 */
function binding(t: Tenant, advocateId: string): string {
  return `payout_details:${t.mode}:${t.merchantId}:${advocateId}:paypal_email`;
}

export function sealPaypalEmail(env: HashSecretEnv, t: Tenant, advocateId: string, email: string): Promise<string> {
  return sealSecret(env, email, binding(t, advocateId));
}

/**
 * The clear email, or null when the box does not open (sealed under a HASH_SECRET since rotated out):
 * unusable, as if never given, so the advocate is asked again rather than a payout failing with a 500.
 */
export async function openPaypalEmail(
  env: HashSecretEnv,
  t: Tenant,
  advocateId: string,
  box: string,
): Promise<string | null> {
  try {
    return await openSecret(env, box, binding(t, advocateId));
  } catch {
    return null;
  }
}

/** `a***e@example.com`: enough for the advocate to recognise their address, not to read it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const shown = local.length <= 2 ? `${local[0] ?? ''}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}@${domain}`;
}
