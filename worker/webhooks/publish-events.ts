import type { WebhookEvent, WebhookEventType } from '../../shared/schemas/webhook.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { getRedis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { runJobs } from './deliver-due.ts';
import { memberPrefix, parseMember, type DeliveryJob } from './queue.ts';
import { CLAIM_LEASE_MS, WEBHOOK_RETENTION_MS } from './schedule.ts';
import { anySubscribed, subscriptionsOf } from './subscriptions.ts';
import { WEBHOOK_EVENTS_PUBLISH as PUBLISH } from '../storage/lua/index.ts';

export interface EventInput {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** On a change: the changed fields of `data` with their values before it (the envelope's `previous_attributes`). */
  previous?: Record<string, unknown>;
  /** Stable per logical occurrence, e.g. `reward.approved:rwd_…`: publishing the same key twice records and sends one event. */
  key: string;
}

/**
 * Publishes events of one tenant to its webhook endpoints: records them (`evt_` ids, 30 days)
 * and queues one delivery per subscribed, enabled endpoint in one atomic script, then sends the
 * first attempts after the response (`ctx.waitUntil`). Returns the ids of the events recorded
 * now: an event nobody subscribes to is not recorded, nor one whose key was published before.
 * With no subscriber for any of the types it costs one small read, usually none (isolate cache).
 */
export async function publishEvents(
  env: Env,
  ctx: { waitUntil(p: Promise<unknown>): void },
  tenant: Tenant,
  events: EventInput[],
  now = Date.now(),
): Promise<string[]> {
  if (events.length === 0) return [];
  const redis = getRedis(env);
  if (
    !anySubscribed(
      await subscriptionsOf(redis, tenant, now),
      events.map((e) => e.type),
    )
  )
    return [];
  const createdAt = new Date(now).toISOString();
  const keys = [redisKeys.webhookSubscriptions(tenant), redisKeys.webhooksDue()];
  const args: (string | number)[] = [now + CLAIM_LEASE_MS, WEBHOOK_RETENTION_MS, memberPrefix(tenant), now];
  for (const event of events) {
    const id = newId('event', now);
    const envelope: WebhookEvent & { previous_attributes?: Record<string, unknown> } = {
      id,
      type: event.type,
      created_at: createdAt,
      data: event.data,
    };
    if (event.previous) envelope.previous_attributes = event.previous;
    keys.push(
      redisKeys.webhookEventKey(tenant, await sha256Hex(event.key)),
      redisKeys.webhookEvent(tenant, id),
      redisKeys.webhookDeliveries(tenant, id),
    );
    args.push(id, event.type, JSON.stringify(envelope));
  }
  const [recorded, members] = await runScript(redis, PUBLISH, keys, args);
  const jobs = (members ?? [])
    .map(String)
    .map(parseMember)
    .filter((job): job is DeliveryJob => job !== null);
  if (jobs.length > 0) ctx.waitUntil(runJobs(env, jobs));
  return (recorded ?? []).map(String);
}
