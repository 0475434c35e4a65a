import * as z from 'zod';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENT_TYPES,
  WebhookEndpoint,
  type WebhookEventType,
} from '../../shared/schemas/webhook.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { hashFields } from './hash-reply.ts';
import {
  WEBHOOK_ENDPOINT_CREATE as CREATE,
  WEBHOOK_ENDPOINT_DELETE as DELETE,
  WEBHOOK_ENDPOINT_UPDATE as UPDATE,
} from './lua/index.ts';
import { runScript } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

/** What Redis holds: the API view plus the sealed signing secret (never shown after creation). */
const WebhookEndpointRecord = WebhookEndpoint.extend({ secret_box: z.string() });
export type WebhookEndpointRecord = z.output<typeof WebhookEndpointRecord>;
export const endpointCodec = defineCodec({ name: 'webhook endpoint', schema: WebhookEndpointRecord });

// The subscription hash mirrors enabled endpoints (field: endpoint id, value: its event types,
// comma-separated); every write keeps both in one step.
function subscriptionOf(record: WebhookEndpointRecord): string {
  return record.status === 'enabled' ? record.events.join(',') : '';
}

/** False when the tenant already has MAX_WEBHOOK_ENDPOINTS endpoints. */
export async function createEndpoint(redis: Redis, t: Tenant, record: WebhookEndpointRecord): Promise<boolean> {
  const done = await runScript(
    redis,
    CREATE,
    [redisKeys.webhookEndpoint(t, record.id), redisKeys.webhookEndpoints(t), redisKeys.webhookSubscriptions(t)],
    [record.id, endpointCodec.encode(record), MAX_WEBHOOK_ENDPOINTS, subscriptionOf(record)],
  );
  return Number(done) === 1;
}

export async function getEndpoint(redis: Redis, t: Tenant, id: string): Promise<WebhookEndpointRecord | null> {
  return endpointCodec.decodeOrNull(await redis.get<string>(redisKeys.webhookEndpoint(t, id)));
}

export async function listEndpoints(
  redis: Redis,
  t: Tenant,
  limit: number,
  startingAfter?: string,
): Promise<{ endpoints: WebhookEndpointRecord[]; hasMore: boolean }> {
  const page = await pageOfIds(redis, redisKeys.webhookEndpoints(t), limit, startingAfter);
  if (page.ids.length === 0) return { endpoints: [], hasMore: false };
  const raws = (await redis.mget<(string | null)[]>(...page.ids.map((id) => redisKeys.webhookEndpoint(t, id)))) ?? [];
  return {
    endpoints: raws.filter((raw): raw is string => typeof raw === 'string').map(endpointCodec.decode),
    hasMore: page.hasMore,
  };
}

/**
 * Read-modify-write without lost updates (compare-and-set against the text read, retried),
 * keeping the subscription hash in step. Null when the endpoint does not exist.
 */
export async function updateEndpoint(
  redis: Redis,
  t: Tenant,
  id: string,
  mutate: (current: WebhookEndpointRecord) => WebhookEndpointRecord | Promise<WebhookEndpointRecord>,
): Promise<WebhookEndpointRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await redis.get<string>(redisKeys.webhookEndpoint(t, id));
    if (raw === null) return null;
    const next = await mutate(endpointCodec.decode(raw));
    const encoded = endpointCodec.encode(next);
    if (encoded === raw) return next;
    const done = await runScript(
      redis,
      UPDATE,
      [redisKeys.webhookEndpoint(t, id), redisKeys.webhookSubscriptions(t)],
      [raw, encoded, id, subscriptionOf(next)],
    );
    if (Number(done) === 1) return next;
  }
  throw new Error(`update of webhook endpoint ${id} kept conflicting`);
}

/** Deletes the endpoint with its index entry, subscription and attempt log; false when it did not exist. */
export async function deleteEndpoint(redis: Redis, t: Tenant, id: string): Promise<boolean> {
  const existed = await runScript(
    redis,
    DELETE,
    [
      redisKeys.webhookEndpoint(t, id),
      redisKeys.webhookEndpoints(t),
      redisKeys.webhookSubscriptions(t),
      redisKeys.webhookAttempts(t, id),
    ],
    [id],
  );
  return Number(existed) === 1;
}

const EVENT_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES);

/** Which enabled endpoints want which event types (types this Worker no longer knows are left out). */
export async function readSubscriptions(redis: Redis, t: Tenant): Promise<Map<string, WebhookEventType[]>> {
  const reply: unknown = await redis.hgetall(redisKeys.webhookSubscriptions(t));
  const subscriptions = new Map<string, WebhookEventType[]>();
  for (const [endpoint, events] of Object.entries(hashFields(reply))) {
    subscriptions.set(
      endpoint,
      events.split(',').filter((type): type is WebhookEventType => EVENT_TYPES.has(type)),
    );
  }
  return subscriptions;
}
