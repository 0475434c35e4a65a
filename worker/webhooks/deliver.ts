import { config } from '../lib/config.ts';
import { type AttemptOutcome, type DeliveryJob, webhookStore } from '../storage/webhooks.ts';
import type { Tenant } from '../tenant.ts';
import { updateEndpoint } from './endpoints.ts';
import { delayBefore, SEND_TIMEOUT_MS } from './schedule.ts';
import { openSecret } from './secret-box.ts';
import { signatureHeaders } from './sign.ts';
import { checkReceiverUrl } from './url-policy.ts';

export interface Target {
  tenant: Tenant;
  endpointId: string;
  eventId: string;
}

/** What a receiver did with one request. */
interface ReceiverAnswer {
  status: number | null;
  error: 'timeout' | 'network_error' | 'redirect_not_followed' | 'http_error' | 'url_not_allowed' | null;
  durationMs: number;
}

export type AttemptResult = 'delivered' | 'failed' | 'skipped';

/**
 * The additional data a secret box is sealed with: its tenant and endpoint. Boxes stored since
 * the first release were sealed with exactly this text: it must never change.
 */
export function secretBinding(t: Tenant, endpointId: string): string {
  return `${t.mode}:${t.merchantId}:${endpointId}`;
}

async function send(url: string, headers: Record<string, string>, body: string): Promise<ReceiverAnswer> {
  const started = Date.now();
  try {
    // Redirects are never followed: a receiver must answer itself (and cannot bounce us elsewhere).
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Vouch-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await res.body?.cancel();
    const durationMs = Date.now() - started;
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null, durationMs };
    return {
      status: res.status,
      error: res.status >= 300 && res.status < 400 ? 'redirect_not_followed' : 'http_error',
      durationMs,
    };
  } catch (err) {
    const name = (err as Error)?.name;
    return {
      status: null,
      error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error',
      durationMs: Date.now() - started,
    };
  }
}

/**
 * One attempt of one delivery: an automatic one (a claimed queue member) or a manual resend
 * (`job` null). Sends the stored event body signed with the endpoint's secret, records the
 * attempt and moves the schedule on. A 410 Gone disables the endpoint.
 */
export async function attemptDelivery(env: Env, target: Target, job: DeliveryJob | null): Promise<AttemptResult> {
  const { tenant, endpointId, eventId } = target;
  const store = webhookStore(env);
  const { endpoint, event } = await store.deliveryTarget(tenant, endpointId, eventId);
  if (endpoint?.status !== 'enabled' || !event) {
    // Deleted or disabled endpoint, or an expired event: nothing to send, ever.
    await store.completeAttempt(tenant, endpointId, eventId, { job, outcome: 'canceled', entry: null, next: null });
    return 'skipped';
  }
  // The envelope as published (the record's keys in envelope order; `v` is the codec's, not sent).
  const body = JSON.stringify(event);
  const secret = await openSecret(env, endpoint.secret_box, secretBinding(tenant, endpointId));
  const attemptedAt = Date.now();
  const headers = await signatureHeaders(secret, eventId, Math.floor(attemptedAt / 1000), body);
  // A URL saved before the receiver rule was this strict is refused here rather than fetched.
  const refused: ReceiverAnswer = { status: null, error: 'url_not_allowed', durationMs: 0 };
  const allowed = !('problem' in checkReceiverUrl(env, tenant, endpoint.url));
  const response = allowed ? await send(endpoint.url, headers, body) : refused;
  const ok = response.error === null;
  const gone = response.status === 410;
  let outcome: AttemptOutcome = ok ? 'succeeded' : gone ? 'endpoint_disabled' : 'failed';
  let next: { attempt: number; dueMs: number } | null = null;
  if (job && !ok && !gone) {
    const delay = delayBefore(job.attempt + 1, config(env).WEBHOOK_RETRY_SCALE);
    outcome = delay === null ? 'gave_up' : 'retry_scheduled';
    if (delay !== null) next = { attempt: job.attempt + 1, dueMs: Date.now() + delay };
  }
  await store.completeAttempt(tenant, endpointId, eventId, {
    job,
    outcome,
    next,
    entry: {
      object: 'webhook_delivery_attempt',
      delivery_id: eventId,
      event_id: eventId,
      event_type: event.type,
      trigger: job ? 'automatic' : 'manual',
      outcome,
      response_status: response.status,
      error: response.error,
      duration_ms: response.durationMs,
      attempted_at: new Date(attemptedAt).toISOString(),
      next_attempt_at: next ? new Date(next.dueMs).toISOString() : null,
    },
  });
  if (gone) {
    await updateEndpoint(env, tenant, endpointId, (current) =>
      current.status === 'disabled'
        ? current
        : { ...current, status: 'disabled', disabled_reason: 'receiver_gone', updated_at: new Date().toISOString() },
    );
  }
  return ok ? 'delivered' : 'failed';
}
