import type { WebhookEndpoint } from '../../shared/schemas/webhook.ts';
import { type WebhookEndpointRecord, webhookStore } from '../storage/webhooks.ts';
import type { Tenant } from '../tenant.ts';
import { forgetSubscriptions } from './subscriptions.ts';

/**
 * Endpoint writes: the store's, each followed by forgetting this isolate's cached subscriptions
 * of the tenant, so publishing here sees the change at once. Reads go to the store directly.
 */
export function endpointView(record: WebhookEndpointRecord): WebhookEndpoint {
  const { secret_box: _secret, ...view } = record;
  return view;
}

/** False when the tenant already has MAX_WEBHOOK_ENDPOINTS endpoints. */
export async function createEndpoint(env: Env, t: Tenant, record: WebhookEndpointRecord): Promise<boolean> {
  const created = await webhookStore(env).createEndpoint(t, record);
  forgetSubscriptions(t);
  return created;
}

/** Read-modify-write without lost updates; null when the endpoint does not exist. */
export async function updateEndpoint(
  env: Env,
  t: Tenant,
  id: string,
  mutate: (current: WebhookEndpointRecord) => WebhookEndpointRecord | Promise<WebhookEndpointRecord>,
): Promise<WebhookEndpointRecord | null> {
  try {
    return await webhookStore(env).updateEndpoint(t, id, mutate);
  } finally {
    forgetSubscriptions(t);
  }
}

export async function deleteEndpoint(env: Env, t: Tenant, id: string): Promise<boolean> {
  const existed = await webhookStore(env).deleteEndpoint(t, id);
  forgetSubscriptions(t);
  return existed;
}
