import { PaginationQuery } from '../../shared/schemas/common.ts';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_URL_MESSAGES,
  WebhookDeliveryQuery,
  WebhookEndpointCreate,
  type WebhookEndpointCreated,
  WebhookEndpointUpdate,
} from '../../shared/schemas/webhook.ts';
import { ApiError } from '../errors/api-error.ts';
import { newId } from '../lib/ids.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { listBody } from '../storage/paginate.ts';
import { type WebhookEndpointRecord, webhookStore } from '../storage/webhooks.ts';
import type { Tenant } from '../tenant.ts';
import { attemptDelivery, secretBinding } from '../webhooks/deliver.ts';
import { createEndpoint, deleteEndpoint, endpointView, updateEndpoint } from '../webhooks/endpoints.ts';
import { newSigningSecret, sealSecret } from '../webhooks/secret-box.ts';
import { checkReceiverUrl } from '../webhooks/url-policy.ts';
import { secretApi } from './secret-api.ts';

/**
 * Public hosts only; local receivers (http://localhost, 127.0.0.1) only for test-mode keys outside
 * production. The shared schema cannot know the environment or mode, so the rule is applied here.
 */
function assertUrlAllowed(url: string | undefined, env: Env, t: Tenant): void {
  if (url === undefined) return;
  const verdict = checkReceiverUrl(env, t, url);
  if ('problem' in verdict)
    throw new ApiError('invalid_request_error', 'url_not_allowed', `url: ${WEBHOOK_URL_MESSAGES[verdict.problem]}`, {
      param: 'url',
    });
}

async function requireEndpoint(c: { env: Env }, t: Tenant, id: string): Promise<WebhookEndpointRecord> {
  const endpoint = await webhookStore(c.env).getEndpoint(t, id);
  if (!endpoint) throw notFound('webhook_endpoint');
  return endpoint;
}

/** /v1/webhook_endpoints: where a merchant receives signed events, and what was delivered. */
export const webhookEndpoints = secretApi();

webhookEndpoints.post('/', async (c) => {
  const input = await parseBody(c, WebhookEndpointCreate);
  const { tenant } = c.get('auth');
  assertUrlAllowed(input.url, c.env, tenant);
  const id = newId('webhook_endpoint');
  const secret = newSigningSecret();
  const at = new Date().toISOString();
  const record: WebhookEndpointRecord = {
    id,
    object: 'webhook_endpoint',
    url: input.url,
    events: input.events,
    description: input.description ?? null,
    status: 'enabled',
    disabled_reason: null,
    created_at: at,
    updated_at: at,
    livemode: tenant.mode === 'live',
    secret_box: await sealSecret(c.env, secret, secretBinding(tenant, id)),
  };
  if (!(await createEndpoint(c.env, tenant, record))) {
    throw new ApiError(
      'conflict_error',
      'endpoint_limit_reached',
      `At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints per mode; delete one first.`,
    );
  }
  // The only answer that carries the secret.
  return c.json({ ...endpointView(record), secret } satisfies WebhookEndpointCreated, 201);
});

webhookEndpoints.get('/', async (c) => {
  const query = parseQuery(c, PaginationQuery);
  const { endpoints, hasMore } = await webhookStore(c.env).listEndpoints(
    c.get('auth').tenant,
    query.limit,
    cursor('webhook_endpoint', query.starting_after),
  );
  return c.json(listBody(endpoints.map(endpointView), hasMore));
});

webhookEndpoints.get('/:id', async (c) => {
  return c.json(endpointView(await requireEndpoint(c, c.get('auth').tenant, pathId(c, 'id', 'webhook_endpoint'))));
});

webhookEndpoints.patch('/:id', async (c) => {
  const id = pathId(c, 'id', 'webhook_endpoint');
  const patch = await parseBody(c, WebhookEndpointUpdate);
  const { tenant } = c.get('auth');
  assertUrlAllowed(patch.url, c.env, tenant);
  const updated = await updateEndpoint(c.env, tenant, id, (current) => {
    const status = patch.status ?? current.status;
    const statusChanged = status !== current.status;
    return {
      ...current,
      url: patch.url ?? current.url,
      events: patch.events ?? current.events,
      description: patch.description === undefined ? current.description : patch.description,
      status,
      disabled_reason: status === 'enabled' ? null : statusChanged ? 'disabled_via_api' : current.disabled_reason,
      updated_at: new Date().toISOString(),
    };
  });
  if (!updated) throw notFound('webhook_endpoint');
  return c.json(endpointView(updated));
});

webhookEndpoints.delete('/:id', async (c) => {
  const id = pathId(c, 'id', 'webhook_endpoint');
  if (!(await deleteEndpoint(c.env, c.get('auth').tenant, id))) throw notFound('webhook_endpoint');
  return c.json({ id, object: 'webhook_endpoint', deleted: true as const });
});

webhookEndpoints.get('/:id/deliveries', async (c) => {
  const id = pathId(c, 'id', 'webhook_endpoint');
  const { limit } = parseQuery(c, WebhookDeliveryQuery);
  const { tenant } = c.get('auth');
  await requireEndpoint(c, tenant, id);
  const { attempts, hasMore } = await webhookStore(c.env).attempts(tenant, id, limit);
  return c.json({ object: 'list' as const, data: attempts, has_more: hasMore, next_cursor: null });
});

webhookEndpoints.post('/:id/deliveries/:delivery_id/resend', async (c) => {
  const id = pathId(c, 'id', 'webhook_endpoint');
  const deliveryId = pathId(c, 'delivery_id', 'event');
  const { tenant } = c.get('auth');
  const endpoint = await requireEndpoint(c, tenant, id);
  const delivery = await webhookStore(c.env).delivery(tenant, id, deliveryId);
  if (!delivery) throw notFound('webhook_delivery');
  if (endpoint.status !== 'enabled')
    throw new ApiError(
      'conflict_error',
      'endpoint_disabled',
      'This endpoint is disabled; enable it (PATCH status) before resending.',
      { param: 'status' },
    );
  c.executionCtx.waitUntil(
    attemptDelivery(c.env, { tenant, endpointId: id, eventId: deliveryId }, null).catch((err: unknown) => {
      console.error('webhook resend error', id, deliveryId, (err as Error)?.name);
    }),
  );
  return c.json(delivery, 202);
});
