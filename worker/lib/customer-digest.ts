import { sha256Hex } from './crypto.ts';

/**
 * A customer's identity as stored (referrals, redemptions): the digest of their id, or of their
 * email when no id was sent. Checkout and conversions must agree on it: one customer, one digest.
 */
export async function customerDigest(customer: { external_id?: string | undefined; email?: string | undefined }) {
  const identity =
    customer.external_id !== undefined ? `ext:${customer.external_id}` : `email:${customer.email!.toLowerCase()}`;
  return (await sha256Hex(identity)).slice(0, 32);
}
