import { newId } from '../lib/ids.ts';
import { webhookStore } from '../storage/webhooks.ts';
import type { Tenant } from '../tenant.ts';
import { runJobs } from './deliver-due.ts';
import type { EventInput } from './event-input.ts';
import { CLAIM_LEASE_MS } from './schedule.ts';
import { anySubscribed, subscriptionsOf } from './subscriptions.ts';

export type { EventInput };

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
  const types = events.map((e) => e.type);
  if (!anySubscribed(await subscriptionsOf(env, tenant, now), types)) return [];
  const createdAt = new Date(now).toISOString();
  const published = events.map(({ type, data, previous, key }) => {
    const event = { id: newId('event', now), type, created_at: createdAt, data, previous_attributes: previous };
    return { key, event };
  });
  const { recorded, jobs } = await webhookStore(env).publish(tenant, published, now, now + CLAIM_LEASE_MS);
  if (jobs.length > 0) ctx.waitUntil(runJobs(env, jobs));
  return recorded;
}
