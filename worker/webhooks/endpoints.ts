import { MAX_WEBHOOK_ENDPOINTS, type WebhookEndpoint } from '../../shared/schemas/webhook.ts';
import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { pageOfIds } from '../storage/paginate.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { forgetSubscriptions, subscriptionValue } from './subscriptions.ts';
import {
  WEBHOOK_ENDPOINT_CREATE as CREATE,
  WEBHOOK_ENDPOINT_DELETE as DELETE,
  WEBHOOK_ENDPOINT_UPDATE as UPDATE,
} from '../storage/lua/index.ts';

/** What Redis holds: the API view plus the sealed signing secret (never shown after creation). */
export interface WebhookEndpointRecord extends WebhookEndpoint {
  secret_box: string;
}

export function endpointView(record: WebhookEndpointRecord): WebhookEndpoint {
  const { secret_box: _secret, ...view } = record;
  return view;
}

// The subscription hash mirrors enabled endpoints; every write keeps both in one step.
function subscriptionOf(record: WebhookEndpointRecord): string {
  return record.status === 'enabled' ? subscriptionValue(record.events) : '';
}

/** False when the tenant already has MAX_WEBHOOK_ENDPOINTS endpoints. */
export async function createEndpoint(redis: Redis, t: Tenant, record: WebhookEndpointRecord): Promise<boolean> {
  const done = await runScript(
    redis,
    CREATE,
    [redisKeys.webhookEndpoint(t, record.id), redisKeys.webhookEndpoints(t), redisKeys.webhookSubscriptions(t)],
    [record.id, JSON.stringify(record), MAX_WEBHOOK_ENDPOINTS, subscriptionOf(record)],
  );
  forgetSubscriptions(t);
  return Number(done) === 1;
}

export async function getEndpoint(redis: Redis, t: Tenant, id: string): Promise<WebhookEndpointRecord | null> {
  const raw = await redis.get<string>(redisKeys.webhookEndpoint(t, id));
  return raw ? (JSON.parse(raw) as WebhookEndpointRecord) : null;
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
    endpoints: raws
      .filter((raw): raw is string => typeof raw === 'string')
      .map((raw) => JSON.parse(raw) as WebhookEndpointRecord),
    hasMore: page.hasMore,
  };
}

/**
 * Read-modify-write without lost updates (compare-and-set, retried), keeping the subscription
 * hash in step. Null when the endpoint does not exist.
 */
export async function updateEndpoint(
  redis: Redis,
  t: Tenant,
  id: string,
  mutate: (current: WebhookEndpointRecord) => WebhookEndpointRecord | Promise<WebhookEndpointRecord>,
): Promise<WebhookEndpointRecord | null> {
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const raw = await redis.get<string>(redisKeys.webhookEndpoint(t, id));
      if (raw === null) return null;
      const next = await mutate(JSON.parse(raw) as WebhookEndpointRecord);
      const json = JSON.stringify(next);
      if (json === raw) return next;
      const done = await runScript(
        redis,
        UPDATE,
        [redisKeys.webhookEndpoint(t, id), redisKeys.webhookSubscriptions(t)],
        [raw, json, id, subscriptionOf(next)],
      );
      if (Number(done) === 1) return next;
    }
    throw new Error(`update of webhook endpoint ${id} kept conflicting`);
  } finally {
    forgetSubscriptions(t);
  }
}

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
  forgetSubscriptions(t);
  return Number(existed) === 1;
}
