import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, tenantScope, type Mode, type Tenant } from '../storage/redis-keys.ts';
import { WEBHOOK_RETENTION_MS } from './schedule.ts';
import { WEBHOOK_QUEUE_CLAIM as CLAIM, WEBHOOK_QUEUE_COMPLETE as COMPLETE } from '../storage/lua/index.ts';

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

export async function claimDue(redis: Redis, now: number, leaseUntil: number, limit: number): Promise<string[]> {
  const members = await runScript(redis, CLAIM, [redisKeys.webhooksDue()], [now, leaseUntil, limit]);
  return (members ?? []).map(String);
}

export type AttemptOutcome = 'succeeded' | 'retry_scheduled' | 'gave_up' | 'endpoint_disabled' | 'failed';

export interface Completion {
  /** The claimed member; null for a manual resend. */
  member: string | null;
  outcome: AttemptOutcome | 'canceled';
  /** The attempt log entry without `attempt` (numbered by the script). */
  entry: Record<string, unknown> | null;
  next: { member: string; dueMs: number } | null;
}

export async function completeAttempt(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  eventId: string,
  c: Completion,
): Promise<number> {
  return Number(
    await runScript(
      redis,
      COMPLETE,
      [redisKeys.webhooksDue(), redisKeys.webhookDeliveries(t, eventId), redisKeys.webhookAttempts(t, endpointId)],
      [
        c.member ?? '',
        endpointId,
        c.outcome,
        JSON.stringify(c.entry ?? {}),
        c.next?.member ?? '',
        c.next?.dueMs ?? 0,
        WEBHOOK_RETENTION_MS,
      ],
    ),
  );
}
