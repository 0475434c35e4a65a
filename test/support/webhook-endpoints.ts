import { newId } from '../../worker/lib/ids.ts';
import type { WebhookEndpointRecord } from '../../worker/storage/webhooks.ts';

/** A new enabled test-mode endpoint record, as the create route builds it. */
export function endpointRecord(
  fields: Pick<WebhookEndpointRecord, 'url' | 'events' | 'secret_box'> & { id?: string },
): WebhookEndpointRecord {
  const at = new Date().toISOString();
  return {
    id: fields.id ?? newId('webhook_endpoint'),
    object: 'webhook_endpoint',
    url: fields.url,
    events: fields.events,
    description: null,
    status: 'enabled',
    disabled_reason: null,
    created_at: at,
    updated_at: at,
    livemode: false,
    secret_box: fields.secret_box,
  };
}
