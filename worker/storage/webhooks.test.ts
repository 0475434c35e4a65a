import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleReward } from '../../shared/schemas/webhook-event-examples.ts';
import { nodeWorkerEnv } from '../../test/support/node-env.ts';
import { endpointRecord } from '../../test/support/webhook-endpoints.ts';
import { newId } from '../lib/ids.ts';
import { createRedis } from './client.ts';
import { StoredRecordError } from './codec.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { type WebhookEndpointRecord, type WebhookStore, webhookStore } from './webhooks.ts';

// The webhook store against real Redis: what it writes (versioned records), what it reads back
// (records written before codecs too), and the queue around a delivery.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let store: WebhookStore;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  store = webhookStore.over(createRedis(ctx.env));
});
afterAll(() => ctx?.stop());

const tenant = (): Tenant => ({ mode: 'test', merchantId: newId('merchant') });
const raw = async (key: string) => String(await ctx.bridge.direct(['GET', key]));

const endpoint = (events: WebhookEndpointRecord['events']) =>
  endpointRecord({ url: 'https://hooks.example/in', events, secret_box: 'v1.aXY=.Ym94' });

describe('webhook endpoints', () => {
  it('are stored versioned, read without the version, and mirrored in the subscriptions', async () => {
    const t = tenant();
    const ep = endpoint(['reward.paid', 'fraud.held']);
    expect(await store.createEndpoint(t, ep)).toBe(true);
    expect(await raw(redisKeys.webhookEndpoint(t, ep.id))).toMatch(/^\{"v":1,"id":"we_/);
    expect(await store.getEndpoint(t, ep.id)).toEqual(ep);
    expect(await store.listEndpoints(t, 10)).toEqual({ endpoints: [ep], hasMore: false });
    expect(await store.subscriptions(t)).toEqual(new Map([[ep.id, ['reward.paid', 'fraud.held']]]));

    const disabled = await store.updateEndpoint(t, ep.id, (e) => ({ ...e, status: 'disabled' }));
    expect(disabled?.status).toBe('disabled');
    expect(await store.subscriptions(t)).toEqual(new Map());
    expect(await store.updateEndpoint(t, 'we_missing', (e) => e)).toBeNull();
    expect(await store.deleteEndpoint(t, ep.id)).toBe(true);
    expect(await store.getEndpoint(t, ep.id)).toBeNull();
  });

  it('reads a record written before codecs, and the next write stores it versioned', async () => {
    const t = tenant();
    const ep = endpoint(['reward.paid']);
    const key = redisKeys.webhookEndpoint(t, ep.id);
    await ctx.bridge.direct(['SET', key, JSON.stringify(ep)]);
    expect(await store.getEndpoint(t, ep.id)).toEqual(ep);
    await store.updateEndpoint(t, ep.id, (e) => ({ ...e, description: 'moved' }));
    expect(JSON.parse(await raw(key))).toEqual({ v: 1, ...ep, description: 'moved' });
  });

  it('leaves out subscribed types this Worker does not know', async () => {
    const t = tenant();
    await ctx.bridge.direct(['HSET', redisKeys.webhookSubscriptions(t), 'we_a', 'reward.paid,payout.sent']);
    expect(await store.subscriptions(t)).toEqual(new Map([['we_a', ['reward.paid']]]));
  });
});

describe('webhook events, deliveries and the queue', () => {
  it('publishes an event, claims its attempt, logs it, and reads the delivery back', async () => {
    const t = tenant();
    const ep = endpoint(['reward.approved']);
    await store.createEndpoint(t, ep);
    const event = {
      id: newId('event'),
      type: 'reward.approved' as const,
      created_at: new Date().toISOString(),
      data: exampleReward,
      previous_attributes: { status: 'pending' },
    };
    // Scores far in the past: the queue is global, so the claim below takes only this test's member.
    const { recorded, jobs } = await store.publish(t, [{ key: `k:${event.id}`, event }], 1_000, 1_000);
    expect(recorded).toEqual([event.id]);
    expect(jobs).toEqual([{ tenant: t, endpointId: ep.id, eventId: event.id, attempt: 1, member: expect.any(String) }]);
    expect(await raw(redisKeys.webhookEvent(t, event.id))).toBe(JSON.stringify({ v: 1, ...event }));
    const target = await store.deliveryTarget(t, ep.id, event.id);
    expect(target).toEqual({ endpoint: ep, event });
    // What a delivery sends: the envelope as published, its keys in order.
    expect(JSON.stringify(target.event)).toBe(JSON.stringify(event));

    expect(await store.claimDue(2_000, 3_000, 10)).toEqual(jobs);
    const entry = {
      object: 'webhook_delivery_attempt' as const,
      delivery_id: event.id,
      event_id: event.id,
      event_type: event.type,
      trigger: 'automatic' as const,
      outcome: 'retry_scheduled' as const,
      response_status: 500,
      error: 'http_error',
      duration_ms: 12,
      attempted_at: new Date().toISOString(),
      next_attempt_at: new Date(4_000).toISOString(),
    };
    const next = { attempt: 2, dueMs: 4_000 };
    expect(
      await store.completeAttempt(t, ep.id, event.id, { job: jobs[0]!, outcome: entry.outcome, entry, next }),
    ).toBe(1);
    const log = redisKeys.webhookAttempts(t, ep.id);
    expect(String(await ctx.bridge.direct(['LINDEX', log, '0']))).toMatch(/^\{"v":1,"attempt":1,"object":/);
    expect(await store.attempts(t, ep.id, 10)).toEqual({ attempts: [{ ...entry, attempt: 1 }], hasMore: false });
    expect(await store.delivery(t, ep.id, event.id)).toEqual({
      id: event.id,
      object: 'webhook_delivery',
      endpoint_id: ep.id,
      event_type: 'reward.approved',
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(4_000).toISOString(),
    });
    const [retry] = await store.claimDue(5_000, 6_000, 10);
    expect(retry).toEqual({ ...jobs[0]!, attempt: 2, member: expect.any(String) });
    expect(await store.delivery(t, 'we_other', event.id)).toBeNull();
    // Nothing left in the global queue for a scheduled run of another test to send.
    await ctx.bridge.direct(['ZREM', redisKeys.webhooksDue(), retry!.member]);
  });

  it('refuses a delivery whose stored status it does not know, and drops queue members of no known shape', async () => {
    const t = tenant();
    const event = { id: newId('event'), type: 'fraud.held' as const, created_at: new Date().toISOString(), data: {} };
    await ctx.bridge.direct(['SET', redisKeys.webhookEvent(t, event.id), JSON.stringify(event)]);
    await ctx.bridge.direct(['HSET', redisKeys.webhookDeliveries(t, event.id), 'we_a:status', 'exploded']);
    await expect(store.delivery(t, 'we_a', event.id)).rejects.toThrow(StoredRecordError);

    await ctx.bridge.direct(['ZADD', redisKeys.webhooksDue(), '7000', 'not-a-member']);
    expect(await store.claimDue(7_500, 8_000, 10)).toEqual([]);
    await ctx.bridge.direct(['ZREM', redisKeys.webhooksDue(), 'not-a-member']);
  });
});
