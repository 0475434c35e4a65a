import { INTEGRATION_EVENTS, type Integration, STRIPE_CONNECT_EVENTS } from '../../shared/schemas/integration.ts';
import { type ConnectionRecord, integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/**
 * A connection as the API shows it: its settings, where the provider sends events (this merchant's
 * and this mode's URL on the Worker, under `base`: PUBLIC_BASE_URL or the request's origin), the
 * events to select there and its activity. Never a secret: only whether a credential exists.
 */
export async function integrationView(
  env: StoreEnv,
  t: Tenant,
  record: ConnectionRecord,
  base: string,
): Promise<Integration> {
  const activity = await integrationStore(env).activity(t, record.provider);
  return {
    object: 'integration',
    livemode: t.mode === 'live',
    provider: record.provider,
    status: record.status,
    webhook_url: `${base}/hooks/${record.provider}/${encodeURIComponent(t.merchantId)}/${t.mode}`,
    events: [...INTEGRATION_EVENTS[record.provider]],
    // Stripe's Connect endpoint (events from advocates' accounts) is a second endpoint on the same URL.
    connect_events: record.provider === 'stripe' ? [...STRIPE_CONNECT_EVENTS] : null,
    shop_domain: record.shop_domain,
    // Only checkouts sync codes; a payout provider's credential is for paying.
    coupon_sync: (record.provider === 'stripe' || record.provider === 'shopify') && record.credential_box !== null,
    connected_at: record.connected_at,
    last_event_at: activity.lastEventAt,
    last_error: activity.lastError,
    recent_events: activity.recent,
  };
}

/** Every connection of the tenant (connected, or disconnected by an uninstall): Stripe, Shopify, PayPal, Tremendous. */
export async function listIntegrations(env: StoreEnv, t: Tenant, base: string): Promise<Integration[]> {
  const records = await integrationStore(env).listAll(t);
  return Promise.all(records.map((record) => integrationView(env, t, record, base)));
}
