import type { Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';
import {
  type PublishedEvent,
  publishEvents,
  readAttempts,
  readDelivery,
  readDeliveryTarget,
} from './webhook-deliveries.ts';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  readSubscriptions,
  updateEndpoint,
  type WebhookEndpointRecord,
} from './webhook-endpoints.ts';
import { type Completion, claimDue, completeAttempt } from './webhook-queue.ts';

type Mutate = (current: WebhookEndpointRecord) => WebhookEndpointRecord | Promise<WebhookEndpointRecord>;

/**
 * Webhooks of a tenant: endpoints and their subscription hash (webhook-endpoints.ts), events and
 * their deliveries and attempt log (webhook-deliveries.ts), and the global delivery queue
 * (webhook-queue.ts). Signing, sending, the retry schedule and the isolate subscription cache are
 * the feature's (worker/webhooks/).
 */
export const webhookStore = defineStore((redis) => ({
  createEndpoint: (t: Tenant, record: WebhookEndpointRecord) => createEndpoint(redis, t, record),
  getEndpoint: (t: Tenant, id: string) => getEndpoint(redis, t, id),
  listEndpoints: (t: Tenant, limit: number, startingAfter?: string) => listEndpoints(redis, t, limit, startingAfter),
  updateEndpoint: (t: Tenant, id: string, mutate: Mutate) => updateEndpoint(redis, t, id, mutate),
  deleteEndpoint: (t: Tenant, id: string) => deleteEndpoint(redis, t, id),
  subscriptions: (t: Tenant) => readSubscriptions(redis, t),
  publish: (t: Tenant, events: readonly PublishedEvent[], now: number, leaseUntil: number) =>
    publishEvents(redis, t, events, now, leaseUntil),
  delivery: (t: Tenant, endpointId: string, eventId: string) => readDelivery(redis, t, endpointId, eventId),
  deliveryTarget: (t: Tenant, endpointId: string, eventId: string) => readDeliveryTarget(redis, t, endpointId, eventId),
  attempts: (t: Tenant, endpointId: string, limit: number) => readAttempts(redis, t, endpointId, limit),
  claimDue: (now: number, leaseUntil: number, limit: number) => claimDue(redis, now, leaseUntil, limit),
  completeAttempt: (t: Tenant, endpointId: string, eventId: string, c: Completion) =>
    completeAttempt(redis, t, endpointId, eventId, c),
}));
export type WebhookStore = ReturnType<typeof webhookStore>;

export type { WebhookEndpointRecord } from './webhook-endpoints.ts';
export type { AttemptOutcome, Completion, DeliveryJob } from './webhook-queue.ts';
