import type { PayoutProvider } from '../../../shared/schemas/payout.ts';
import { openIntegrationSecret, UnreadableSecretError } from '../../integrations/integration-secrets.ts';
import type { HashSecretEnv } from '../../lib/hash-secret.ts';
import { type ConnectionRecord, integrationStore } from '../../storage/integrations.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';
import type { PayoutAdapter } from './adapter.ts';
import { paypalAdapter } from './paypal.ts';
import type { PaypalCredentials } from './paypal-api.ts';
import { stripeConnectAdapter } from './stripe-connect.ts';
import { tremendousAdapter } from './tremendous.ts';
import type { TremendousCredentials } from './tremendous-api.ts';

type AdapterEnv = StoreEnv & HashSecretEnv;

/**
 * The adapter for a payout's provider with the merchant's credentials opened, null when the merchant
 * has not connected it (or disconnected it), `unreadable` when its sealed credentials no longer open
 * (HASH_SECRET rotated): either way the payout waits. `manual` has no adapter.
 */
export async function adapterFor(
  env: AdapterEnv,
  t: Tenant,
  provider: PayoutProvider,
): Promise<PayoutAdapter | 'unreadable' | null> {
  try {
    return await openAdapter(env, t, provider);
  } catch (err) {
    if (err instanceof UnreadableSecretError) return 'unreadable';
    throw err;
  }
}

/** Stripe Connect pays with the Stripe connection's API key. */
async function openAdapter(env: AdapterEnv, t: Tenant, provider: PayoutProvider): Promise<PayoutAdapter | null> {
  if (provider === 'paypal') {
    const c = await paypalCredentials(env, t);
    return c ? paypalAdapter(c) : null;
  }
  if (provider === 'tremendous') {
    const c = await tremendousCredentials(env, t);
    return c ? tremendousAdapter(c) : null;
  }
  if (provider === 'stripe_connect') {
    const record = connected(await integrationStore(env).get(t, 'stripe'));
    const apiKey = record ? await openIntegrationSecret(env, t, record, 'credential') : null;
    return apiKey ? stripeConnectAdapter(apiKey) : null;
  }
  return null;
}

function connected<R extends ConnectionRecord>(record: R | null): R | null {
  return record?.status === 'connected' ? record : null;
}

/** The PayPal connection's credentials (the client secret opened), or null without one. */
export async function paypalCredentials(env: AdapterEnv, t: Tenant): Promise<PaypalCredentials | null> {
  const record = connected(await integrationStore(env).get(t, 'paypal'));
  const secret = record ? await openIntegrationSecret(env, t, record, 'secret') : null;
  const s = record?.settings ?? {};
  if (!secret || !s.client_id || !s.webhook_id) return null;
  return { clientId: s.client_id, clientSecret: secret, webhookId: s.webhook_id, environment: s.environment ?? '' };
}

/** The Tremendous connection's credentials (the API key opened), or null without one. */
export async function tremendousCredentials(env: AdapterEnv, t: Tenant): Promise<TremendousCredentials | null> {
  const record = connected(await integrationStore(env).get(t, 'tremendous'));
  const apiKey = record ? await openIntegrationSecret(env, t, record, 'credential') : null;
  const s = record?.settings ?? {};
  if (!apiKey || !s.funding_source_id || !s.campaign_id) return null;
  return { apiKey, fundingSourceId: s.funding_source_id, campaignId: s.campaign_id, environment: s.environment ?? '' };
}
