import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

// A redis-server of its own: erasure SCANs the database, and the test scans every key of it for the person.
const suite = workerSuite({ private: true });
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
});

/** Keys whose name or value holds `needle`, whatever their type. */
async function keysHolding(needle: string): Promise<string[]> {
  const direct = suite.bridge.direct;
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = (await direct(['SCAN', cursor, 'COUNT', '1000'])) as [unknown, unknown[]];
    cursor = String(next);
    for (const key of keys.map(String)) {
      const type = String(await direct(['TYPE', key]));
      const read = { string: ['GET'], hash: ['HGETALL'], set: ['SMEMBERS'], zset: ['ZRANGE', '0', '-1'] }[type];
      const value = read ? await direct([read[0]!, key, ...read.slice(1)]) : '';
      if (`${key}\n${Array.isArray(value) ? value.map(String).join('\n') : String(value)}`.includes(needle))
        found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

describe('customer export and erasure cover points', () => {
  it(`exports each program's balance and ledger; erasure moves the points (redemptions rewritten) to the marker, \
leaving no trace of the id`, async () => {
    const program = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        referrer_reward: { type: 'points', value: 200 },
        hold_days: 0,
        points: {
          catalog: [{ id: 'mug', name: 'Mug', cost: 75, reward: { type: 'item', name: 'A mug' } }],
          expire_after_days: 365,
        },
      })
    ).body;
    const externalId = `points-adv-${uid()}`;
    const enrolled = await api.post(`/v1/programs/${program.id}/advocates`, { external_id: externalId });
    const sale = await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `points-friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: enrolled.body.code,
    });
    expect(sale.status).toBe(201);
    const redeemPath = `/v1/points/${encodeURIComponent(externalId)}/redeem`;
    const redeemed = await api.post(redeemPath, { program_id: program.id, item_id: 'mug', redemption_id: 'mug-1' });
    expect([redeemed.status, redeemed.body.given]).toEqual([200, { type: 'item', name: 'A mug' }]);

    const exported = (await api.get(`/v1/customers/${encodeURIComponent(externalId)}/export`)).body;
    expect(exported.points).toHaveLength(1);
    expect(exported.points[0]).toMatchObject({ program_id: program.id, balance: 125 });
    expect(exported.points[0].ledger.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([
      ['redeem', -75],
      ['earn', 200],
    ]);

    expect((await keysHolding(externalId)).some((k) => k.includes(':points:'))).toBe(true);
    const erased = await api.call('DELETE', `/v1/customers/${encodeURIComponent(externalId)}`);
    expect(erased.status).toBe(200);
    expect(erased.body.counts).toMatchObject({ advocates: 1, points: 2 });
    await settle(suite.bridge);
    expect(await keysHolding(externalId)).toEqual([]);

    // Kept under the marker (the redemption names the marker now), where no request by the person's id reaches.
    const marker = erased.body.erased_as as string;
    const kept = await keysHolding(marker);
    const state = kept.find((k) => k.includes(':points:state:'))!;
    expect(String(await suite.bridge.direct(['HGET', state, 'balance']))).toBe('125');
    const redemptions = kept.find((k) => k.includes(':points:redemptions:'))!;
    expect(JSON.parse(String(await suite.bridge.direct(['HGET', redemptions, 'mug-1'])))).toMatchObject({
      external_id: marker,
      item_id: 'mug',
    });
    const read = await api.get(`/v1/points/${encodeURIComponent(externalId)}?program_id=${program.id}`);
    expect([read.body.balance, read.body.ledger.data]).toEqual([0, []]);
    // Reading (or failing to redeem) the points of someone Vouch holds nothing about stores nothing.
    const poor = await api.post(redeemPath, { program_id: program.id, item_id: 'mug', redemption_id: 'mug-2' });
    expect(poor.status).toBe(409);
    expect(await keysHolding(externalId)).toEqual([]);
    expect((await api.get(`/v1/customers/${encodeURIComponent(externalId)}/export`)).body.points).toEqual([]);
    expect((await api.call('DELETE', `/v1/customers/${encodeURIComponent(externalId)}`)).body.counts.points).toBe(0);
  });
});
