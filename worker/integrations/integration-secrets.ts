import type { ConnectionProvider } from '../../shared/schemas/integration.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import type { ConnectionRecord } from '../storage/integrations.ts';
import type { Tenant } from '../tenant.ts';
import { openSecret, sealSecret } from '../webhooks/secret-box.ts';

/**
 * A connection's secrets at rest: sealed like webhook signing secrets (AES-GCM under a key derived
 * from HASH_SECRET), bound to the tenant, provider and purpose, so a box copied to another merchant,
 * mode or field does not open. `secret`: what the provider signs webhooks with (Stripe's `whsec_`,
 * Shopify's API secret, Tremendous's webhook private key) or PayPal's client secret; `credential`: the
 * API key or access token Vouch calls with (coupon sync, Tremendous orders); `connect_secret`: Stripe's
 * Connect endpoint's `whsec_` (events from connected accounts), optional.
 */
export type SecretPurpose = 'secret' | 'credential' | 'connect_secret';

/**
 * Where the Connect endpoint's sealed secret is kept: among the record's settings (the record has one
 * secret and one credential field; a sealed box reveals nothing, and settings are never answered).
 */
export const CONNECT_SECRET_SETTING = 'connect_secret_box';

const BOX: Record<SecretPurpose, (record: ConnectionRecord) => string | null> = {
  secret: (record) => record.secret_box,
  credential: (record) => record.credential_box,
  connect_secret: (record) => record.settings[CONNECT_SECRET_SETTING] ?? null,
};

function binding(t: Tenant, provider: ConnectionProvider, purpose: SecretPurpose): string {
  return `integration:${t.mode}:${t.merchantId}:${provider}:${purpose}`;
}

export function sealIntegrationSecret(
  env: HashSecretEnv,
  t: Tenant,
  provider: ConnectionProvider,
  purpose: SecretPurpose,
  secret: string,
): Promise<string> {
  return sealSecret(env, secret, binding(t, provider, purpose));
}

/** A sealed secret that no current HASH_SECRET opens (sealed under one rotated out): the merchant must reconnect. */
export class UnreadableSecretError extends Error {
  constructor(provider: ConnectionProvider) {
    super(`the ${provider} credentials cannot be read (sealed under a rotated-out secret): reconnect ${provider}`);
  }
}

/**
 * The clear secret, or null when the record has none of that purpose (no coupon-sync credential, no Connect
 * endpoint).
 * Throws UnreadableSecretError when the box does not open (never the box or the secret in the message).
 */
export async function openIntegrationSecret(
  env: HashSecretEnv,
  t: Tenant,
  record: ConnectionRecord,
  purpose: SecretPurpose,
): Promise<string | null> {
  const box = BOX[purpose](record);
  if (box === null) return null;
  try {
    return await openSecret(env, box, binding(t, record.provider, purpose));
  } catch {
    throw new UnreadableSecretError(record.provider);
  }
}
