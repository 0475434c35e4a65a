import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';

/**
 * Commit-then-drop: Redis runs a script, then the connection is cut before the answer. The Worker's
 * client retries (2 retries), and when all three tries drop the merchant retries the redemption with the
 * same id. The points must be taken once and the item given once, whichever step lost its answer.
 */
const suite = workerSuite();
let proxy: FaultProxy;
let worker: RunningWorker;
let api: ReturnType<typeof apiClient>;
let programId: string;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

const CATALOG = [
  { id: 'credit5', name: '$5 credit', cost: 100, reward: { type: 'store_credit', value: 500, currency: 'USD' } },
];
// Each script names its keys in the EVALSHA body.
const isPointsScript = (body: string) => /"evalsha"/i.test(body) && body.includes(':points:state:');
const isCreditGrant = (body: string) => /"evalsha"/i.test(body) && body.includes('grant:points:');

/** A customer holding 300 points (an approved points reward). */
async function customerWith300() {
  const externalId = `cus-${uid()}`;
  const e = (await api.post(`/v1/programs/${programId}/advocates`, { external_id: externalId })).body;
  const sale = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `friend-${uid()}` },
    amount: 10_000,
    currency: 'USD',
    code: e.code,
  });
  if (sale.status !== 201) throw new Error(`sale: ${sale.status}`);
  return externalId;
}

const redeem = (externalId: string, redemption_id: string) =>
  api.post(`/v1/points/${encodeURIComponent(externalId)}/redeem`, {
    program_id: programId,
    item_id: 'credit5',
    redemption_id,
  });
const pointsOf = async (externalId: string) =>
  (await api.get(`/v1/points/${encodeURIComponent(externalId)}?program_id=${programId}`)).body;
const creditOf = async (externalId: string) => (await api.get(`/v1/credits/${encodeURIComponent(externalId)}`)).body;

beforeAll(async () => {
  proxy = await startFaultProxy(suite.bridge);
  worker = await startWorker({ bridge: suite.bridge, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
  api = apiClient(worker, (await createTestMerchant(worker)).sk);
  const program = await api.post('/v1/programs', {
    ...PROGRAM_INPUT,
    referrer_reward: { type: 'points', value: 300 },
    hold_days: 0,
    points: { catalog: CATALOG, expire_after_days: null },
  });
  programId = program.body.id;
  // Load every script once, so the faulted request is the EVALSHA itself and not a NOSCRIPT reload.
  const warm = await customerWith300();
  expect((await redeem(warm, 'warm')).status).toBe(200);
});
afterAll(async () => {
  suite.bridge.server.clearFaults();
  await worker?.dispose();
  await proxy?.close();
});

describe('points redemptions under commit-then-drop', () => {
  it("the Worker's retry of the points script finds its own redemption: taken once, given once", async () => {
    const externalId = await customerWith300();
    proxy.arm(isPointsScript, { drop_after_commit_requests: 1 });
    proxy.count(isPointsScript);
    const res = await redeem(externalId, 'r-1');
    expect(proxy.counted).toBe(2);
    expect([res.status, res.body.balance_after, res.body.given]).toEqual([
      200,
      200,
      { type: 'store_credit', amount: 500, currency: 'USD' },
    ]);
    expect((await pointsOf(externalId)).balance).toBe(200);
    expect((await creditOf(externalId)).balances).toEqual([{ currency: 'USD', amount: 500 }]);
  });

  it('when every try of the points script drops, the retried redemption takes the points once', async () => {
    const externalId = await customerWith300();
    proxy.arm(isPointsScript, { drop_after_commit_requests: 3 });
    const failed = await redeem(externalId, 'r-1');
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await pointsOf(externalId)).balance).toBe(200);
    const retried = await redeem(externalId, 'r-1');
    expect([retried.status, retried.body.balance_after]).toEqual([200, 200]);
    expect((await redeem(externalId, 'r-1')).body).toEqual(retried.body);
    expect((await pointsOf(externalId)).balance).toBe(200);
    expect((await creditOf(externalId)).balances).toEqual([{ currency: 'USD', amount: 500 }]);
  });

  it('when giving the store credit fails after the points were taken, the retry gives it once', async () => {
    const externalId = await customerWith300();
    proxy.arm(isCreditGrant, { drop_after_commit_requests: 3 });
    const failed = await redeem(externalId, 'r-2');
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await pointsOf(externalId)).balance).toBe(200);
    const retried = await redeem(externalId, 'r-2');
    expect([retried.status, retried.body.given]).toEqual([200, { type: 'store_credit', amount: 500, currency: 'USD' }]);
    const credit = await creditOf(externalId);
    expect([credit.balances, credit.ledger.data.length]).toEqual([[{ currency: 'USD', amount: 500 }], 1]);
    const ledger = (await pointsOf(externalId)).ledger.data;
    expect(ledger.map((e: { kind: string }) => e.kind)).toEqual(['redeem', 'earn']);
  });
});
