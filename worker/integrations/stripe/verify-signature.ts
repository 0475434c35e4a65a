import { hmacSha256Hex, safeEqual } from '../../lib/crypto.ts';

/** Stripe's default tolerance: a signed timestamp more than 5 minutes from now is refused (replays). */
const TOLERANCE_SECONDS = 300;
// A header carries one timestamp and a few signatures; anything longer is not Stripe's.
const MAX_HEADER_LENGTH = 2048;

/**
 * Checks a `Stripe-Signature` header as Stripe specifies: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`
 * (other schemes such as `v0` ignored), the expected signature the hex HMAC-SHA256 of `{t}.{raw body}`
 * keyed with the endpoint's whole `whsec_…` secret. Any `v1` may match: during a secret rotation Stripe
 * signs with the old and the new secret. Compared in constant time; the timestamp must lie within
 * 5 minutes either side of now.
 */
export async function verifyStripeSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  nowMs: number,
): Promise<boolean> {
  if (!header || header.length > MAX_HEADER_LENGTH) return false;
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = await hmacSha256Hex(secret, `${timestamp}.${rawBody}`);
  // Every candidate is compared (no early exit), so timing says nothing about which one matched.
  const matches = await Promise.all(signatures.slice(0, 8).map((signature) => safeEqual(expected, signature)));
  return matches.includes(true);
}

/** A merchant's two Stripe endpoints on one URL: its own account's events, and its connected accounts'. */
type StripeEndpoint = 'account' | 'connect';

/**
 * Which endpoint signed a delivery: the account endpoint (`webhook_secret`), the Connect endpoint
 * (`connect_webhook_secret`) or neither (null; also when neither secret is set). Both are checked whatever
 * the first says, each in constant time, so timing tells nothing about which one matched.
 */
export async function stripeSigningEndpoint(
  header: string | undefined,
  rawBody: string,
  secrets: Record<StripeEndpoint, string | null>,
  nowMs: number,
): Promise<StripeEndpoint | null> {
  const [account, connect] = await Promise.all(
    [secrets.account, secrets.connect].map((secret) =>
      secret ? verifyStripeSignature(header, rawBody, secret, nowMs) : false,
    ),
  );
  if (account) return 'account';
  return connect ? 'connect' : null;
}
