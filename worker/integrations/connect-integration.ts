import type { IntegrationProvider, ShopifyConnect, StripeConnect } from '../../shared/schemas/integration.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import { type IntegrationRecord, integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { sealIntegrationSecret } from './integration-secrets.ts';

type ConnectEnv = StoreEnv & HashSecretEnv;

/** What a connection is made of, whichever the provider: the secrets in clear (sealed here, never kept). */
interface Connection {
  provider: IntegrationProvider;
  secret: string;
  credential: string | undefined;
  shopDomain: string | null;
}

/**
 * Stores a connection with its secrets sealed. Connecting again replaces the secrets (a rotation:
 * a credential left out turns coupon sync off) and keeps `connected_at`; a connection that was
 * disconnected (Shopify's app/uninstalled) connects anew, with a new `connected_at`.
 */
async function connect(env: ConnectEnv, t: Tenant, c: Connection, now: number): Promise<IntegrationRecord> {
  const secretBox = await sealIntegrationSecret(env, t, c.provider, 'secret', c.secret);
  const credentialBox =
    c.credential === undefined ? null : await sealIntegrationSecret(env, t, c.provider, 'credential', c.credential);
  return integrationStore(env).connect(t, c.provider, (current) => ({
    provider: c.provider,
    status: 'connected',
    shop_domain: c.shopDomain,
    secret_box: secretBox,
    credential_box: credentialBox,
    connected_at: current?.status === 'connected' ? current.connected_at : new Date(now).toISOString(),
    disconnected_at: null,
  }));
}

export function connectStripe(env: ConnectEnv, t: Tenant, input: StripeConnect, now: number) {
  const connection = { provider: 'stripe' as const, secret: input.webhook_secret, shopDomain: null };
  return connect(env, t, { ...connection, credential: input.api_key }, now);
}

export function connectShopify(env: ConnectEnv, t: Tenant, input: ShopifyConnect, now: number) {
  const connection = { provider: 'shopify' as const, secret: input.api_secret, shopDomain: input.shop_domain };
  return connect(env, t, { ...connection, credential: input.access_token }, now);
}

/** Forgets a connection and its activity; false when there was none. Orders already recorded stay. */
export function disconnectIntegration(env: StoreEnv, t: Tenant, provider: IntegrationProvider): Promise<boolean> {
  return integrationStore(env).delete(t, provider);
}
