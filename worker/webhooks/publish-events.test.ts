import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookEventType } from '../../shared/schemas/webhook.ts';
import { exampleReferral, exampleReward } from '../../shared/schemas/webhook-event-examples.ts';
import { type Receiver, startReceiver } from '../../test/integration/webhooks/receiver.ts';
import { nodeWorkerEnv } from '../../test/support/node-env.ts';
import { endpointRecord } from '../../test/support/webhook-endpoints.ts';
import { newId } from '../lib/ids.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { secretBinding } from './deliver.ts';
import { createEndpoint, updateEndpoint } from './endpoints.ts';
import { publishEvents } from './publish-events.ts';
import { newSigningSecret, openSecret, sealSecret } from './secret-box.ts';

let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let receiver: Receiver;

beforeAll(async () => {
  ctx = await nodeWorkerEnv({ WEBHOOK_RETRY_SCALE: '0.001' });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await ctx?.stop();
});

const tenant = (): Tenant => ({ mode: 'test', merchantId: newId('merchant') });

/** Collects what publishEvents leaves for after the response, so a test can await it. */
function executionContext() {
  const pending: Promise<unknown>[] = [];
  return { waitUntil: (p: Promise<unknown>) => void pending.push(p), settled: () => Promise.all(pending) };
}

async function endpointFor(t: Tenant, events: WebhookEventType[]) {
  const target = receiver.path();
  const id = newId('webhook_endpoint');
  const secret = newSigningSecret();
  const secret_box = await sealSecret(ctx.env, secret, secretBinding(t, id));
  await createEndpoint(ctx.env, t, endpointRecord({ id, url: target.url, events, secret_box }));
  return { id, secret, path: target.path };
}

describe('publishEvents', () => {
  it('records and sends one event per key, however often it is published', async () => {
    const t = tenant();
    const endpoint = await endpointFor(t, ['reward.approved']);
    const exec = executionContext();
    const event = {
      type: 'reward.approved' as const,
      key: 'reward.approved:rwd_1',
      data: { ...exampleReward, id: 'rwd_1', amount: 1000 },
    };
    const first = await publishEvents(ctx.env, exec, t, [event]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^evt_/);
    expect(await publishEvents(ctx.env, exec, t, [event])).toEqual([]);
    expect(
      await Promise.all([publishEvents(ctx.env, exec, t, [event]), publishEvents(ctx.env, exec, t, [event, event])]),
    ).toEqual([[], []]);
    await exec.settled();
    const [req] = await receiver.waitFor(endpoint.path, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received(endpoint.path)).toHaveLength(1);
    const headers = {
      'webhook-id': String(req!.headers['webhook-id']),
      'webhook-timestamp': String(req!.headers['webhook-timestamp']),
      'webhook-signature': String(req!.headers['webhook-signature']),
    };
    expect(new Webhook(endpoint.secret).verify(req!.body, headers)).toEqual({
      id: first[0],
      type: 'reward.approved',
      created_at: expect.any(String),
      data: event.data,
    });
    expect(
      await ctx.bridge.direct(['ZSCORE', redisKeys.webhooksDue(), `test:${t.merchantId}:${endpoint.id}:${first[0]}:1`]),
    ).toBeNull();
  });

  it('delivers only the subscribed types, to enabled endpoints of the same tenant', async () => {
    const t = tenant();
    const other = tenant();
    const rewards = await endpointFor(t, ['reward.created', 'reward.paid']);
    const fraud = await endpointFor(t, ['fraud.held']);
    const off = await endpointFor(t, ['reward.created']);
    await updateEndpoint(ctx.env, t, off.id, (e) => ({
      ...e,
      status: 'disabled',
      disabled_reason: 'disabled_via_api',
    }));
    const foreign = await endpointFor(other, ['reward.created', 'reward.paid', 'fraud.held']);
    const exec = executionContext();
    const ids = await publishEvents(ctx.env, exec, t, [
      { type: 'reward.created', key: 'reward.created:rwd_a', data: { ...exampleReward, id: 'rwd_a' } },
      { type: 'referral.created', key: 'referral.created:ref_a', data: { ...exampleReferral, id: 'ref_a' } },
      { type: 'reward.paid', key: 'reward.paid:rwd_a', data: { ...exampleReward, id: 'rwd_a', status: 'paid' } },
    ]);
    // Nobody listens to referral.created: that one is not recorded.
    expect(ids).toHaveLength(2);
    await exec.settled();
    const got = await receiver.waitFor(rewards.path, 2);
    expect(got.map((r) => JSON.parse(r.body).type).sort()).toEqual(['reward.created', 'reward.paid']);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received(fraud.path)).toHaveLength(0);
    expect(receiver.received(off.path)).toHaveLength(0);
    expect(receiver.received(foreign.path)).toHaveLength(0);
  });

  it('costs at most one small read when nobody subscribes, and none while cached', async () => {
    const paid = (key: string) => ({ type: 'reward.paid' as const, key, data: exampleReward });
    const t = tenant();
    await endpointFor(t, ['fraud.held']);
    const lonely = tenant();
    const exec = executionContext();
    ctx.bridge.server.resetStats();
    expect(await publishEvents(ctx.env, exec, lonely, [paid('k1')])).toEqual([]);
    expect(ctx.bridge.server.stats()).toMatchObject({ http_requests: 1, commands: 1, by_command: { HGETALL: 1 } });
    expect(await publishEvents(ctx.env, exec, lonely, [paid('k2')])).toEqual([]);
    expect(await publishEvents(ctx.env, exec, t, [paid('k3')])).toEqual([]);
    expect(await publishEvents(ctx.env, exec, t, [paid('k4')])).toEqual([]);
    expect(ctx.bridge.server.stats().commands).toBe(2);
  });

  it('keeps the signing secret sealed to its endpoint', async () => {
    const t = tenant();
    const secret = newSigningSecret();
    const box = await sealSecret(ctx.env, secret, secretBinding(t, 'we_A'));
    expect(box).not.toContain(secret.slice(6));
    expect(await openSecret(ctx.env, box, secretBinding(t, 'we_A'))).toBe(secret);
    await expect(openSecret(ctx.env, box, secretBinding(t, 'we_B'))).rejects.toThrow();
    await expect(openSecret({ HASH_SECRET: 'another-secret' }, box, secretBinding(t, 'we_A'))).rejects.toThrow();
  });
});
