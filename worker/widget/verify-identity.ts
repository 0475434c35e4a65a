import type { Identity } from '../../shared/schemas/widget.ts';
import { ApiError } from '../errors/api-error.ts';
import { hmacSha256Hex, safeEqual } from '../lib/crypto.ts';
import type { IdentityRecord } from '../storage/advocate-views.ts';
import type { Tenant } from '../tenant.ts';
import { openWidgetSecret } from './widget-secret.ts';

/** A customer the merchant's server vouched for. */
export interface VerifiedCustomer {
  customerId: string;
  email: string | null;
  name: string | null;
}

const SIGNATURE_MAX_AGE_SECONDS = 24 * 3600;
const SIGNATURE_MAX_FUTURE_SECONDS = 300;

const invalid = (message: string) => new ApiError('authentication_error', 'invalid_identity', message);
const expired = (message: string) => new ApiError('authentication_error', 'identity_expired', message);

/**
 * Checks an identity against its record (the token's, or the sealed widget secret), read by the
 * caller in its pipeline (advocateViewStore.sessionStart).
 * Every failure is a 401 naming what is wrong, and nothing about any advocate.
 */
export async function verifyIdentity(
  env: Pick<Env, 'HASH_SECRET'>,
  t: Tenant,
  identity: Identity,
  stored: IdentityRecord,
  nowMs = Date.now(),
): Promise<VerifiedCustomer> {
  if ('token' in identity) {
    const record = 'token' in stored ? stored.token : null;
    if (!record) throw invalid('This widget token is unknown: get one from POST /v1/widget_tokens on your server.');
    if (Date.parse(record.expires_at) <= nowMs)
      throw expired('This widget token has expired (they last an hour): get a fresh one from your server.');
    return { customerId: record.customer_id, email: record.email, name: record.name };
  }
  let secret: string | null = null;
  try {
    secret = await openWidgetSecret(env, t, 'secret' in stored ? stored.secret : null);
  } catch {
    // Sealed under another HASH_SECRET: unusable, as if never issued.
  }
  if (!secret)
    throw new ApiError(
      'authentication_error',
      'widget_secret_not_set',
      'No widget secret: roll one with POST /v1/widget_secret/roll and sign identities with it.',
    );
  const expected = await hmacSha256Hex(secret, `${identity.customer_id}.${identity.timestamp}`);
  if (!(await safeEqual(expected, identity.signature))) {
    throw invalid(
      'The signature does not match: sign `customer_id.timestamp` with HMAC-SHA256 and your current ' +
        'widget secret (hex).',
    );
  }
  const nowS = Math.floor(nowMs / 1000);
  if (identity.timestamp > nowS + SIGNATURE_MAX_FUTURE_SECONDS)
    throw invalid('The signature\u2019s timestamp is in the future: check your server clock (unix seconds).');
  if (identity.timestamp < nowS - SIGNATURE_MAX_AGE_SECONDS)
    throw expired('The signature is older than 24 hours: sign the identity again when rendering the page.');
  return { customerId: identity.customer_id, email: identity.email ?? null, name: identity.name ?? null };
}
