import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookEventType } from '../../shared/schemas/webhook.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

/** The endpoint's attempt log, newest first (the last 100 are kept). */
export async function readAttempts(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  limit: number,
): Promise<{ attempts: WebhookDeliveryAttempt[]; hasMore: boolean }> {
  const raws = ((await redis.lrange(redisKeys.webhookAttempts(t, endpointId), 0, limit)) ?? []) as string[];
  const attempts = raws.slice(0, limit).map((raw) => JSON.parse(String(raw)) as WebhookDeliveryAttempt);
  return { attempts, hasMore: raws.length > limit };
}

/** One event's delivery to one endpoint; null when that endpoint was never a target of it. */
export async function getDelivery(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  eventId: string,
): Promise<WebhookDelivery | null> {
  const p = redis.pipeline();
  p.hmget(
    redisKeys.webhookDeliveries(t, eventId),
    `${endpointId}:status`,
    `${endpointId}:attempts`,
    `${endpointId}:next`,
  );
  p.get(redisKeys.webhookEvent(t, eventId));
  const [fields, event] = (await p.exec()) as [Record<string, string | null> | (string | null)[] | null, string | null];
  const [status, attempts, next] = Array.isArray(fields) ? fields : fields ? Object.values(fields) : [];
  if (!status || !event) return null;
  return {
    id: eventId,
    object: 'webhook_delivery',
    endpoint_id: endpointId,
    event_type: (JSON.parse(event) as { type: WebhookEventType }).type,
    status: status as WebhookDelivery['status'],
    attempts: Number(attempts ?? 0),
    next_attempt_at: next ? new Date(Number(next)).toISOString() : null,
  };
}
