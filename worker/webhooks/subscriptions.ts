import { hashFields } from '../storage/hash-reply.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, tenantScope, type Tenant } from '../storage/redis-keys.ts';

/**
 * Which enabled endpoints of a tenant want which events, cached briefly per isolate so that
 * publishing to a tenant without webhooks costs one small read at most, usually none. Writes in
 * this isolate forget the entry; other isolates see a change within FRESH_MS (the publish script
 * itself re-reads the hash, so only the "nobody listens" shortcut can be that stale).
 */
const FRESH_MS = 5_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { at: number; subscriptions: Map<string, string[]> }>();

/** HASH field value: the endpoint's event types, comma-separated. */
export function subscriptionValue(events: readonly string[]): string {
  return events.join(',');
}

export async function subscriptionsOf(redis: Redis, t: Tenant, now = Date.now()): Promise<Map<string, string[]>> {
  const id = tenantScope(t);
  const hit = cache.get(id);
  if (hit && now - hit.at < FRESH_MS) return hit.subscriptions;
  const reply: unknown = await redis.hgetall(redisKeys.webhookSubscriptions(t));
  const subscriptions = new Map<string, string[]>();
  for (const [endpoint, events] of Object.entries(hashFields(reply))) subscriptions.set(endpoint, events.split(','));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(id, { at: now, subscriptions });
  return subscriptions;
}

export function forgetSubscriptions(t: Tenant): void {
  cache.delete(tenantScope(t));
}

export function anySubscribed(subscriptions: Map<string, string[]>, types: readonly string[]): boolean {
  for (const events of subscriptions.values()) if (types.some((type) => events.includes(type))) return true;
  return false;
}
