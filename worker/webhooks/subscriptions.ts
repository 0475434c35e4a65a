import type { WebhookEventType } from '../../shared/schemas/webhook.ts';
import { webhookStore } from '../storage/webhooks.ts';
import type { Tenant } from '../tenant.ts';

/**
 * Which enabled endpoints of a tenant want which events, cached briefly per isolate so that
 * publishing to a tenant without webhooks costs one small read at most, usually none. Writes in
 * this isolate forget the entry; other isolates see a change within FRESH_MS (the publish script
 * itself re-reads the hash, so only the "nobody listens" shortcut can be that stale).
 */
const FRESH_MS = 5_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { at: number; subscriptions: Map<string, WebhookEventType[]> }>();

const cacheKey = (t: Tenant) => `${t.mode}:${t.merchantId}`;

export async function subscriptionsOf(env: Env, t: Tenant, now = Date.now()): Promise<Map<string, WebhookEventType[]>> {
  const id = cacheKey(t);
  const hit = cache.get(id);
  if (hit && now - hit.at < FRESH_MS) return hit.subscriptions;
  const subscriptions = await webhookStore(env).subscriptions(t);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(id, { at: now, subscriptions });
  return subscriptions;
}

export function forgetSubscriptions(t: Tenant): void {
  cache.delete(cacheKey(t));
}

export function anySubscribed(
  subscriptions: Map<string, WebhookEventType[]>,
  types: readonly WebhookEventType[],
): boolean {
  for (const events of subscriptions.values()) if (types.some((type) => events.includes(type))) return true;
  return false;
}
