import * as z from 'zod';
import { WebhookDelivery, type WebhookDeliveryAttempt, WebhookEvent } from '../../shared/schemas/webhook.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from './client.ts';
import { defineCodec, StoredRecordError } from './codec.ts';
import { WEBHOOK_EVENTS_PUBLISH as PUBLISH } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { endpointCodec, type WebhookEndpointRecord } from './webhook-endpoints.ts';
import { attemptCodec, type DeliveryJob, jobsOf, memberPrefix, WEBHOOK_RETENTION_MS } from './webhook-queue.ts';

// The envelope every delivery of the event sends (its body is this record as JSON, without `v`:
// the schema's key order is the envelope's, id, type, created_at, data, previous_attributes).
const WebhookEventRecord = WebhookEvent.extend({
  previous_attributes: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookEventRecord = z.output<typeof WebhookEventRecord>;
export const eventCodec = defineCodec({ name: 'webhook event', schema: WebhookEventRecord });

export interface PublishedEvent {
  /** Stable per logical occurrence: an event whose key was published before is not recorded again. */
  key: string;
  event: WebhookEventRecord;
}

/**
 * Records each event that has a subscriber and was not published before (30 days), and queues
 * its first attempt to every enabled endpoint subscribed to its type, leased until `leaseUntil`,
 * in one script. Returns the ids recorded and the queued jobs.
 */
export async function publishEvents(
  redis: Redis,
  t: Tenant,
  events: readonly PublishedEvent[],
  now: number,
  leaseUntil: number,
): Promise<{ recorded: string[]; jobs: DeliveryJob[] }> {
  const keys = [redisKeys.webhookSubscriptions(t), redisKeys.webhooksDue()];
  const args: (string | number)[] = [leaseUntil, WEBHOOK_RETENTION_MS, memberPrefix(t), now];
  for (const { key, event } of events) {
    keys.push(
      redisKeys.webhookEventKey(t, await sha256Hex(key)),
      redisKeys.webhookEvent(t, event.id),
      redisKeys.webhookDeliveries(t, event.id),
    );
    args.push(event.id, event.type, eventCodec.encode(event));
  }
  const [recorded, members] = await runScript(redis, PUBLISH, keys, args);
  return { recorded: (recorded ?? []).map(String), jobs: jobsOf(members) };
}

/** What one attempt needs, in one round trip: the endpoint and the event (null when gone). */
export async function readDeliveryTarget(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  eventId: string,
): Promise<{ endpoint: WebhookEndpointRecord | null; event: WebhookEventRecord | null }> {
  const p = redis.pipeline();
  p.get(redisKeys.webhookEndpoint(t, endpointId));
  p.get(redisKeys.webhookEvent(t, eventId));
  const [endpoint, event] = (await p.exec()) as [string | null, string | null];
  return { endpoint: endpointCodec.decodeOrNull(endpoint), event: eventCodec.decodeOrNull(event) };
}

/** The endpoint's attempt log, newest first (the last 100 are kept). */
export async function readAttempts(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  limit: number,
): Promise<{ attempts: WebhookDeliveryAttempt[]; hasMore: boolean }> {
  const raws = ((await redis.lrange(redisKeys.webhookAttempts(t, endpointId), 0, limit)) ?? []) as string[];
  return {
    attempts: raws.slice(0, limit).map((raw) => attemptCodec.decode(String(raw))),
    hasMore: raws.length > limit,
  };
}

const DeliveryStatus = WebhookDelivery.shape.status;

/** One event's delivery to one endpoint (its fields of the event's delivery hash); null when never a target. */
export async function readDelivery(
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
  const [fields, raw] = (await p.exec()) as [Record<string, string | null> | (string | null)[] | null, string | null];
  const [status, attempts, next] = Array.isArray(fields) ? fields : fields ? Object.values(fields) : [];
  if (!status || !raw) return null;
  const event = eventCodec.decode(raw);
  const parsed = DeliveryStatus.safeParse(status);
  if (!parsed.success) throw new StoredRecordError('webhook delivery', `unknown status ${status}`);
  return {
    id: eventId,
    object: 'webhook_delivery',
    endpoint_id: endpointId,
    event_type: event.type,
    status: parsed.data,
    attempts: Number(attempts ?? 0),
    next_attempt_at: next ? new Date(Number(next)).toISOString() : null,
  };
}
