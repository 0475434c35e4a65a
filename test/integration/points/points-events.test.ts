import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventSchema } from '../../../shared/schemas/webhook-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { type Receiver, startReceiver } from '../webhooks/receiver.ts';

const suite = workerSuite();
let receiver: Receiver;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

describe('points.changed', () => {
  it('is sent once per entry, matching its schema; a redeem carries what was given; a retry sends none', async () => {
    const api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    const hook = receiver.path();
    expect((await api.post('/v1/webhook_endpoints', { url: hook.url, events: ['points.changed'] })).status).toBe(201);
    const program = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        referrer_reward: { type: 'points', value: 90 },
        hold_days: 0,
        points: {
          catalog: [{ id: 'tote', name: 'Tote', cost: 40, reward: { type: 'item', name: 'A tote' } }],
          expire_after_days: null,
        },
      })
    ).body;
    const externalId = `cus-${uid()}`;
    const e = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: externalId })).body;
    const sale = await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: e.code,
    });
    expect(sale.status).toBe(201);
    const body = { program_id: program.id, item_id: 'tote', redemption_id: 'tote-1' };
    const path = `/v1/points/${encodeURIComponent(externalId)}/redeem`;
    const redeemed = await api.post(path, body);
    expect(redeemed.status).toBe(200);
    expect((await api.post(path, body)).body).toEqual(redeemed.body);

    const got = await receiver.waitFor(hook.path, 2);
    await new Promise((r) => setTimeout(r, 500));
    const events = receiver.received(hook.path).map((r) => JSON.parse(r.body));
    expect(events).toHaveLength(2);
    for (const event of events) expect(webhookEventSchema('points.changed').safeParse(event).success).toBe(true);
    const byKind = Object.fromEntries(events.map((ev) => [ev.data.entry.kind, ev.data]));
    expect(byKind.earn).toMatchObject({ external_id: externalId, program_id: program.id, redemption: null });
    expect(byKind.earn.entry).toMatchObject({ points: 90, balance_after: 90 });
    expect(byKind.redeem.entry).toMatchObject({ points: -40, balance_after: 50, reference: 'tote-1' });
    expect(byKind.redeem.redemption).toEqual(redeemed.body);
    expect(got.length).toBe(2);
  });
});
