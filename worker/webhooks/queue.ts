import type { Redis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, tenantScope, type Mode, type Tenant } from '../storage/redis-keys.ts';
import { WEBHOOK_RETENTION_MS } from './schedule.ts';

/**
 * The delivery queue: one global ZSET (`webhooksDue`) of automatic attempts, scored by due time.
 * A member names its tenant, endpoint, event and attempt number, so a sender needs nothing else.
 * Claiming re-scores a member to a lease in the future in the same script that finds it: two
 * concurrent runs never get the same attempt, and an attempt whose sender died is retried once
 * the lease is over.
 */
export interface DeliveryJob {
  tenant: Tenant;
  endpointId: string;
  eventId: string;
  /** Automatic attempt number (1..MAX_ATTEMPTS). */
  attempt: number;
  member: string;
}

/** `{mode}:{merchant}` — the publish script appends `:{endpoint}:{event}:{attempt}` (jobMember's format). */
export function memberPrefix(t: Tenant): string {
  return tenantScope(t);
}

export function jobMember(t: Tenant, endpointId: string, eventId: string, attempt: number): string {
  return `${memberPrefix(t)}:${endpointId}:${eventId}:${attempt}`;
}

export function parseMember(member: string): DeliveryJob | null {
  const [mode, merchantId, endpointId, eventId, attempt] = member.split(':');
  if ((mode !== 'test' && mode !== 'live') || !merchantId || !endpointId || !eventId || !attempt) return null;
  return { tenant: { mode: mode as Mode, merchantId }, endpointId, eventId, attempt: Number(attempt), member };
}

// KEYS: 1 due. ARGV: 1 now ms, 2 lease until ms, 3 limit.
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member) end
return due
`;

export async function claimDue(redis: Redis, now: number, leaseUntil: number, limit: number): Promise<string[]> {
  const members = await runScript<string[] | null>(redis, CLAIM, [redisKeys.webhooksDue()], [now, leaseUntil, limit]);
  return (members ?? []).map(String);
}

export type AttemptOutcome = 'succeeded' | 'retry_scheduled' | 'gave_up' | 'endpoint_disabled' | 'failed';

// Records an attempt: numbers it, logs it (newest first, last 100), and moves the schedule on.
// A success (automatic or manual) cancels any pending automatic attempt. An automatic attempt
// whose member is gone (a success elsewhere removed it, or its lease ran out and another run
// took it) is logged but changes no schedule.
// KEYS: 1 due, 2 deliveries, 3 attempt log. ARGV: 1 member ('' = manual), 2 endpoint id, 3 outcome
// ('canceled' = not sent), 4 attempt JSON without its number, 5 next member, 6 next due ms,
// 7 retention ms.
const COMPLETE = `
local owned = 0
if ARGV[1] ~= '' then owned = redis.call('ZREM', KEYS[1], ARGV[1]) end
local f = ARGV[2] .. ':'
if ARGV[3] == 'canceled' then
  if owned == 1 then redis.call('HSET', KEYS[2], f .. 'status', 'canceled', f .. 'next', '', f .. 'pending', '') end
  return 0
end
local n = redis.call('HINCRBY', KEYS[2], f .. 'attempts', 1)
redis.call('LPUSH', KEYS[3], '{"attempt":' .. n .. ',' .. string.sub(ARGV[4], 2))
redis.call('LTRIM', KEYS[3], 0, 99)
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if ARGV[3] == 'succeeded' then
  local pending = redis.call('HGET', KEYS[2], f .. 'pending')
  if pending and pending ~= '' then redis.call('ZREM', KEYS[1], pending) end
  redis.call('HSET', KEYS[2], f .. 'status', 'succeeded', f .. 'next', '', f .. 'pending', '')
elseif owned == 1 and ARGV[3] == 'retry_scheduled' then
  redis.call('ZADD', KEYS[1], ARGV[6], ARGV[5])
  redis.call('HSET', KEYS[2], f .. 'status', 'pending', f .. 'next', ARGV[6], f .. 'pending', ARGV[5])
elseif owned == 1 or ARGV[3] == 'endpoint_disabled' then
  local pending = redis.call('HGET', KEYS[2], f .. 'pending')
  if pending and pending ~= '' then redis.call('ZREM', KEYS[1], pending) end
  redis.call('HSET', KEYS[2], f .. 'status', 'failed', f .. 'next', '', f .. 'pending', '')
end
return n
`;

export interface Completion {
  /** The claimed member; null for a manual resend. */
  member: string | null;
  outcome: AttemptOutcome | 'canceled';
  /** The attempt log entry without `attempt` (numbered by the script). */
  entry: Record<string, unknown> | null;
  next: { member: string; dueMs: number } | null;
}

export async function completeAttempt(redis: Redis, t: Tenant, endpointId: string, eventId: string, c: Completion): Promise<number> {
  return Number(
    await runScript(
      redis,
      COMPLETE,
      [redisKeys.webhooksDue(), redisKeys.webhookDeliveries(t, eventId), redisKeys.webhookAttempts(t, endpointId)],
      [c.member ?? '', endpointId, c.outcome, JSON.stringify(c.entry ?? {}), c.next?.member ?? '', c.next?.dueMs ?? 0, WEBHOOK_RETENTION_MS],
    ),
  );
}
