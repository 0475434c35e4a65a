import type {
  ConnectionProvider,
  IntegrationEvent,
  IntegrationEventOutcome,
  ProviderWebhookReceipt,
} from '../../shared/schemas/integration.ts';
import { integrationStore } from '../storage/integrations.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/** What applying one provider event did, in words for the console's log. */
export interface Applied {
  outcome: Exclude<IntegrationEventOutcome, 'duplicate' | 'failed'>;
  detail: string | null;
}

export type Receipt =
  | { kind: 'answered'; receipt: ProviderWebhookReceipt }
  /** Another delivery of this event is being applied: answer 409 so the provider retries later. */
  | { kind: 'in_progress' };

/** A verified delivery: what the log shows it as, and what it is applied once by (default its id). */
interface ProviderDelivery {
  id: string;
  type: string;
  /** Shopify sends one event to every topic it triggers, under one event id: `{topic}:{id}` there. */
  key?: string;
}

/**
 * Applies a verified provider event once, by its key (the provider's event id): the first delivery
 * claims it (a lease), applies it and records the outcome; a later delivery gets that outcome back
 * (`duplicate`), a concurrent one `in_progress`. When applying throws, the claim is given back and
 * the error recorded (`last_error`), then rethrown: the provider's retry applies it again.
 */
export async function receiveEvent(
  env: StoreEnv,
  t: Tenant,
  provider: ConnectionProvider,
  delivery: ProviderDelivery,
  apply: () => Promise<Applied>,
  now: () => number = Date.now,
): Promise<Receipt> {
  const store = integrationStore(env);
  const key = delivery.key ?? delivery.id;
  const event = { id: delivery.id, type: delivery.type };
  const claim = await store.claimEvent(t, provider, key);
  if (claim.kind === 'in_progress') return { kind: 'in_progress' };
  if (claim.kind === 'done') {
    return { kind: 'answered', receipt: { received: true, outcome: 'duplicate', detail: claim.event.detail } };
  }
  let applied: Applied;
  try {
    applied = await apply();
  } catch (err) {
    const at = new Date(now()).toISOString();
    const message = err instanceof Error ? err.message : String(err);
    const failed: IntegrationEvent = { ...event, outcome: 'failed', detail: message, received_at: at };
    // Best effort: the release matters more than the log line.
    await store.finishEvent(t, provider, key, failed, { code: 'apply_failed', message, at }).catch(() => {});
    await store.releaseEvent(t, provider, key);
    throw err;
  }
  const done: IntegrationEvent = { ...event, ...applied, received_at: new Date(now()).toISOString() };
  await store.finishEvent(t, provider, key, done);
  return { kind: 'answered', receipt: { received: true, ...applied } };
}
