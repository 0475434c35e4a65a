import type {
  ConnectionProvider,
  PaypalConnect,
  ShopifyConnect,
  StripeConnect,
  TremendousConnect,
} from '../../shared/schemas/integration.ts';
import type { HashSecretEnv } from '../lib/hash-secret.ts';
import { type ConnectionRecord, integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { CONNECT_SECRET_SETTING, sealIntegrationSecret } from './integration-secrets.ts';

type ConnectEnv = StoreEnv & HashSecretEnv;

/** What a connection is made of, whichever the provider: the secrets in clear (sealed here, never kept). */
interface Connection {
  provider: ConnectionProvider;
  secret: string;
  credential: string | undefined;
  shopDomain: string | null;
  /** What is not secret (PayPal's client id, webhook id; Tremendous's funding source, campaign; sealed boxes). */
  settings?: Record<string, string>;
}

/**
 * Stores a connection with its secrets sealed. Connecting again replaces the secrets (a rotation:
 * a credential left out turns coupon sync off) and keeps `connected_at`; a connection that was
 * disconnected (Shopify's app/uninstalled) connects anew, with a new `connected_at`.
 */
async function connect(env: ConnectEnv, t: Tenant, c: Connection, now: number): Promise<ConnectionRecord> {
  const secretBox = await sealIntegrationSecret(env, t, c.provider, 'secret', c.secret);
  const credentialBox =
    c.credential === undefined ? null : await sealIntegrationSecret(env, t, c.provider, 'credential', c.credential);
  return integrationStore(env).connect(t, c.provider, (current) => ({
    provider: c.provider,
    status: 'connected',
    shop_domain: c.shopDomain,
    secret_box: secretBox,
    credential_box: credentialBox,
    settings: c.settings ?? {},
    connected_at: current?.status === 'connected' ? current.connected_at : new Date(now).toISOString(),
    disconnected_at: null,
  }));
}

/**
 * Stripe: the account endpoint's signing secret, the API key and, for Connect events, the Connect endpoint's
 * signing secret, sealed under its own purpose (kept among the settings). Like the API key, a Connect secret
 * left out of a new PUT is removed.
 */
export async function connectStripe(env: ConnectEnv, t: Tenant, input: StripeConnect, now: number) {
  const connection = { provider: 'stripe' as const, secret: input.webhook_secret, shopDomain: null };
  const settings: Record<string, string> = {};
  if (input.connect_webhook_secret !== undefined) {
    const box = await sealIntegrationSecret(env, t, 'stripe', 'connect_secret', input.connect_webhook_secret);
    settings[CONNECT_SECRET_SETTING] = box;
  }
  return connect(env, t, { ...connection, credential: input.api_key, settings }, now);
}

export function connectShopify(env: ConnectEnv, t: Tenant, input: ShopifyConnect, now: number) {
  const connection = { provider: 'shopify' as const, secret: input.api_secret, shopDomain: input.shop_domain };
  return connect(env, t, { ...connection, credential: input.access_token }, now);
}

/** PayPal Payouts: the client secret sealed; the client id, webhook id and environment kept as settings. */
export function connectPaypal(env: ConnectEnv, t: Tenant, input: PaypalConnect, now: number) {
  const { client_secret, ...settings } = input;
  const connection = { provider: 'paypal' as const, secret: client_secret, credential: undefined, shopDomain: null };
  return connect(env, t, { ...connection, settings }, now);
}

/** Tremendous: the webhook private key and the API key sealed; funding source, campaign and environment kept. */
export function connectTremendous(env: ConnectEnv, t: Tenant, input: TremendousConnect, now: number) {
  const { webhook_private_key, api_key, ...settings } = input;
  const connection = { provider: 'tremendous' as const, secret: webhook_private_key, shopDomain: null };
  return connect(env, t, { ...connection, credential: api_key, settings }, now);
}

/** Forgets a connection and its activity; false when there was none. Orders already recorded stay. */
export function disconnectIntegration(env: StoreEnv, t: Tenant, provider: ConnectionProvider): Promise<boolean> {
  return integrationStore(env).delete(t, provider);
}
