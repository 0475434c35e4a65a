import { WebhookDeliveryAttempt } from '../../shared/schemas/webhook.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { WEBHOOK_QUEUE_CLAIM as CLAIM, WEBHOOK_QUEUE_COMPLETE as COMPLETE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

/** Events, their deliveries and the attempt log are kept this long. */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** One entry of an endpoint's attempt log (the API shape). */
export const attemptCodec = defineCodec({ name: 'webhook delivery attempt', schema: WebhookDeliveryAttempt });

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
  /** Automatic attempt number (1..10: webhooks/schedule.ts). */
  attempt: number;
  member: string;
}

/** `{mode}:{merchant}`: the publish script appends `:{endpoint}:{event}:1` (jobMember's format). */
export function memberPrefix(t: Tenant): string {
  return `${t.mode}:${t.merchantId}`;
}

function jobMember(t: Tenant, endpointId: string, eventId: string, attempt: number): string {
  return `${memberPrefix(t)}:${endpointId}:${eventId}:${attempt}`;
}

/** The jobs named by queue members; a member of no known shape is dropped. */
export function jobsOf(members: readonly unknown[] | null): DeliveryJob[] {
  const jobs: DeliveryJob[] = [];
  for (const member of (members ?? []).map(String)) {
    const [mode, merchantId, endpointId, eventId, attempt] = member.split(':');
    if ((mode !== 'test' && mode !== 'live') || !merchantId || !endpointId || !eventId || !attempt) continue;
    jobs.push({ tenant: { mode, merchantId }, endpointId, eventId, attempt: Number(attempt), member });
  }
  return jobs;
}

/** Claims up to `limit` due attempts of every tenant, leased until `leaseUntil`. */
export async function claimDue(redis: Redis, now: number, leaseUntil: number, limit: number): Promise<DeliveryJob[]> {
  return jobsOf(await runScript(redis, CLAIM, [redisKeys.webhooksDue()], [now, leaseUntil, limit]));
}

export type AttemptOutcome = 'succeeded' | 'retry_scheduled' | 'gave_up' | 'endpoint_disabled' | 'failed';

export interface Completion {
  /** The claimed job; null for a manual resend. */
  job: DeliveryJob | null;
  outcome: AttemptOutcome | 'canceled';
  /** The attempt log entry without `attempt` (numbered by the script); null when nothing was sent. */
  entry: Omit<WebhookDeliveryAttempt, 'attempt'> | null;
  /** The next automatic attempt of this delivery, when one is scheduled. */
  next: { attempt: number; dueMs: number } | null;
}

/**
 * The encoded log entry around its attempt number, which only the complete script knows: it
 * writes `head` + number + `tail` (text joined, never parsed).
 */
function entryAround(entry: Completion['entry']): [head: string, tail: string] {
  if (entry === null) return ['', ''];
  const json = attemptCodec.encode({ attempt: 0, ...entry });
  const at = json.indexOf('"attempt":0') + '"attempt":'.length;
  return [json.slice(0, at), json.slice(at + 1)];
}

/**
 * Records an attempt and moves the delivery's schedule on (see webhook-queue-complete.d.lua.ts):
 * the attempt's number, or 0 for a canceled one.
 */
export async function completeAttempt(
  redis: Redis,
  t: Tenant,
  endpointId: string,
  eventId: string,
  c: Completion,
): Promise<number> {
  const [head, tail] = entryAround(c.entry);
  const next = c.next ? jobMember(t, endpointId, eventId, c.next.attempt) : '';
  const done = await runScript(
    redis,
    COMPLETE,
    [redisKeys.webhooksDue(), redisKeys.webhookDeliveries(t, eventId), redisKeys.webhookAttempts(t, endpointId)],
    [c.job?.member ?? '', endpointId, c.outcome, head, tail, next, c.next?.dueMs ?? 0, WEBHOOK_RETENTION_MS],
  );
  return Number(done);
}
