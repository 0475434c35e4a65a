import type { WebhookEvent, WebhookEventType } from '../../shared/schemas/webhook.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { getRedis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { runJobs } from './deliver-due.ts';
import { memberPrefix, parseMember, type DeliveryJob } from './queue.ts';
import { CLAIM_LEASE_MS, WEBHOOK_RETENTION_MS } from './schedule.ts';
import { anySubscribed, subscriptionsOf } from './subscriptions.ts';

export interface EventInput {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** On a change: the changed fields of `data` with their values before it (the envelope's `previous_attributes`). */
  previous?: Record<string, unknown>;
  /** Stable per logical occurrence, e.g. `reward.approved:rwd_…`: publishing the same key twice records and sends one event. */
  key: string;
}

// Records each event that has a subscriber and was not published before (SET NX on its key),
// and queues its first attempt to every enabled endpoint subscribed to its type, already leased
// to this isolate (sent right after the response; a later scheduled run sends it if we die).
// Queue members are `{prefix}:{endpoint}:{event}:1` (see queue.ts jobMember).
// KEYS: 1 subscriptions, 2 due, then per event: dedupe key, event, deliveries.
// ARGV: 1 lease until ms, 2 retention ms, 3 member prefix, 4 now ms, then per event: id, type, body.
const PUBLISH = `
local subs = redis.call('HGETALL', KEYS[1])
local recorded, members = {}, {}
for i = 0, (#ARGV - 4) / 3 - 1 do
  local id, etype, body = ARGV[5 + i * 3], ARGV[6 + i * 3], ARGV[7 + i * 3]
  local dedupe, event, deliveries = KEYS[3 + i * 3], KEYS[4 + i * 3], KEYS[5 + i * 3]
  local targets = {}
  for j = 1, #subs, 2 do
    if string.find(',' .. subs[j + 1] .. ',', ',' .. etype .. ',', 1, true) then targets[#targets + 1] = subs[j] end
  end
  if #targets > 0 and redis.call('SET', dedupe, id, 'NX', 'PX', ARGV[2]) then
    redis.call('SET', event, body, 'PX', ARGV[2])
    for _, endpoint in ipairs(targets) do
      local member = ARGV[3] .. ':' .. endpoint .. ':' .. id .. ':1'
      redis.call('ZADD', KEYS[2], ARGV[1], member)
      redis.call('HSET', deliveries, endpoint .. ':status', 'pending', endpoint .. ':attempts', 0, endpoint .. ':next', ARGV[4], endpoint .. ':pending', member)
      members[#members + 1] = member
    end
    redis.call('PEXPIRE', deliveries, ARGV[2])
    recorded[#recorded + 1] = id
  end
end
return {recorded, members}
`;

/**
 * Publishes events of one tenant to its webhook endpoints: records them (`evt_` ids, 30 days)
 * and queues one delivery per subscribed, enabled endpoint in one atomic script, then sends the
 * first attempts after the response (`ctx.waitUntil`). Returns the ids of the events recorded
 * now: an event nobody subscribes to is not recorded, nor one whose key was published before.
 * With no subscriber for any of the types it costs one small read, usually none (isolate cache).
 */
export async function publishEvents(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, tenant: Tenant, events: EventInput[], now = Date.now()): Promise<string[]> {
  if (events.length === 0) return [];
  const redis = getRedis(env);
  if (!anySubscribed(await subscriptionsOf(redis, tenant, now), events.map((e) => e.type))) return [];
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
    keys.push(redisKeys.webhookEventKey(tenant, await sha256Hex(event.key)), redisKeys.webhookEvent(tenant, id), redisKeys.webhookDeliveries(tenant, id));
    args.push(id, event.type, JSON.stringify(envelope));
  }
  const [recorded, members] = await runScript<[string[], string[]]>(redis, PUBLISH, keys, args);
  const jobs = (members ?? []).map(String).map(parseMember).filter((job): job is DeliveryJob => job !== null);
  if (jobs.length > 0) ctx.waitUntil(runJobs(env, jobs));
  return (recorded ?? []).map(String);
}
