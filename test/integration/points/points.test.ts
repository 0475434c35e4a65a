import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity } from '../../support/widget-shop.ts';

// Its own database (VOUCH_TEST_DB): the scheduled run approves every due reward it can see.
const suite = workerSuite();
const ORIGIN = 'https://shop.example';
let api: ReturnType<typeof apiClient>;
let merchant: Awaited<ReturnType<typeof createTestMerchant>>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

const CATALOG = [
  { id: 'sticker', name: 'Sticker', cost: 1, reward: { type: 'item', name: 'A sticker' } },
  { id: 'credit5', name: '$5 credit', cost: 100, reward: { type: 'store_credit', value: 500, currency: 'USD' } },
  {
    id: 'code10',
    name: '10% off',
    cost: 50,
    reward: { type: 'reward_code', discount: 'percent', value: 10, currency: 'USD', expires_in_days: 30 },
  },
];

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker, { allowed_origins: [ORIGIN] });
  api = apiClient(suite.worker, merchant.sk);
});

/** An advocate in a program whose referrer reward is points; a sale through their code. */
async function pointsSale(value: number, program: Record<string, unknown> = {}) {
  const p = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { type: 'points', value },
      hold_days: 0,
      points: { catalog: CATALOG, expire_after_days: null },
      ...program,
    })
  ).body;
  const externalId = `cus-${uid()}`;
  const e = (await api.post(`/v1/programs/${p.id}/advocates`, { external_id: externalId })).body;
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: e.code,
    })
  ).body;
  const reward = conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
  return { externalId, programId: p.id as string, advocateId: e.id as string, reward };
}

const points = async (externalId: string, programId: string, query = '') =>
  (await api.get(`/v1/points/${encodeURIComponent(externalId)}?program_id=${programId}${query}`)).body;
const redeem = (externalId: string, programId: string, item_id: string, redemption_id: string) =>
  api.post(`/v1/points/${encodeURIComponent(externalId)}/redeem`, { program_id: programId, item_id, redemption_id });

describe('points', () => {
  it('earns an approved points reward once: by hand twice, then the scheduled run', async () => {
    const { externalId, programId, reward } = await pointsSale(250, { hold_days: 1 });
    expect(reward.status).toBe('pending');
    expect((await points(externalId, programId)).balance).toBe(0);
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).status).toBe(200);
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).status).toBe(200);
    await suite.worker.scheduled(Date.now() + 2 * 86400_000);
    await settle(suite.bridge);
    const body = await points(externalId, programId);
    expect(body).toMatchObject({ object: 'points_balance', external_id: externalId, balance: 250, expiring: [] });
    expect(body.ledger.data).toHaveLength(1);
    expect(body.ledger.data[0]).toMatchObject({ kind: 'earn', points: 250, reference: reward.id, balance_after: 250 });
  });

  it('earns once when the scheduled run approves after the hold; a lot that expires shows in expiring', async () => {
    const { externalId, programId, reward } = await pointsSale(80, {
      hold_days: 1,
      points: { catalog: CATALOG, expire_after_days: 30 },
    });
    const approvedAt = Date.now() + 2 * 86400_000;
    await suite.worker.scheduled(approvedAt);
    await suite.worker.scheduled(approvedAt + 1000);
    await settle(suite.bridge);
    expect((await api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('approved');
    const body = await points(externalId, programId);
    expect([body.balance, body.ledger.data.length, body.expiring.length]).toEqual([80, 1, 1]);
    // The lot lapses 30 days after the approval (the scheduled run's time).
    const lapses = Date.parse(body.expiring[0].expires_at) - approvedAt;
    expect(Math.abs(lapses - 30 * 86400_000)).toBeLessThan(60_000);
  });

  it('1,000 concurrent redemptions (5xx retried) never take a balance below 0; the ledger sums to it', async () => {
    const { externalId, programId } = await pointsSale(300);
    const ids = Array.from({ length: 1000 }, (_, i) => `r-${uid()}-${i}`);
    // A 5xx (storage busy or timed out under this load) is retried later with the same redemption id, as a client
    // would.
    const settled = async (id: string) => {
      for (;;) {
        const r = await redeem(externalId, programId, 'sticker', id);
        if (r.status < 500) return r;
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 1800));
      }
    };
    const first = await Promise.all(ids.map(settled));
    const ok = first.filter((r) => r.status === 200);
    const odd = first.filter((r) => r.status !== 200 && r.body.error?.code !== 'insufficient_points');
    expect(odd.map((r) => [r.status, r.body])).toEqual([]);
    expect(ok).toHaveLength(300);
    const afters = ok.map((r) => r.body.balance_after).sort((a: number, b: number) => a - b);
    expect(afters).toEqual(Array.from({ length: 300 }, (_, i) => i));
    let sum = 0;
    let count = 0;
    let cursor = '';
    for (;;) {
      const page = (await points(externalId, programId, `&limit=100${cursor}`)).ledger;
      sum += page.data.reduce((s: number, e: { points: number }) => s + e.points, 0);
      count += page.data.length;
      if (!page.has_more) break;
      cursor = `&starting_after=${page.next_cursor}`;
    }
    expect([sum, count, (await points(externalId, programId)).balance]).toEqual([0, 301, 0]);
    const again = await Promise.all(ids.map(settled));
    for (const [i, r] of again.entries()) {
      expect(r.status).toBe(first[i]!.status);
      if (r.status === 200) expect(r.body).toEqual(first[i]!.body);
    }
  }, 120_000);

  it('a store_credit item credits the customer once; a reward_code item issues one code', async () => {
    const { externalId, programId } = await pointsSale(400);
    const a = await redeem(externalId, programId, 'credit5', 'red-1');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      object: 'points_redemption',
      id: 'red-1',
      item_id: 'credit5',
      cost: 100,
      balance_after: 300,
      given: { type: 'store_credit', amount: 500, currency: 'USD' },
    });
    expect((await redeem(externalId, programId, 'credit5', 'red-1')).body).toEqual(a.body);
    const credit = (await api.get(`/v1/credits/${encodeURIComponent(externalId)}`)).body;
    expect(credit.balances).toEqual([{ currency: 'USD', amount: 500 }]);
    expect(credit.ledger.data).toHaveLength(1);
    expect(credit.ledger.data[0]).toMatchObject({ kind: 'grant', amount: 500 });

    const c = await redeem(externalId, programId, 'code10', 'red-2');
    expect(c.status).toBe(200);
    expect(c.body.given).toMatchObject({ type: 'reward_code' });
    expect(c.body.given.code).toMatch(/^R[A-Z0-9]{11}$/);
    expect(Date.parse(c.body.given.expires_at)).toBeGreaterThan(Date.now() + 29 * 86400_000);
    expect((await redeem(externalId, programId, 'code10', 'red-2')).body).toEqual(c.body);
    expect((await points(externalId, programId)).balance).toBe(250);
  });

  it('a void after a redemption takes back what is left, the rest owed', async () => {
    const { externalId, programId, reward } = await pointsSale(120);
    expect((await redeem(externalId, programId, 'credit5', `r-${uid()}`)).status).toBe(200);
    expect((await api.post(`/v1/rewards/${reward.id}/void`, {})).status).toBe(200);
    const [revoke] = (await points(externalId, programId)).ledger.data;
    expect(revoke).toMatchObject({ kind: 'revoke', points: -20, owed: 100, balance_after: 0 });
  });

  it('answers 400 to bad input, 404 to an unknown item or program, 409 to too few points; no change', async () => {
    const { externalId, programId } = await pointsSale(60);
    const path = `/v1/points/${encodeURIComponent(externalId)}/redeem`;
    for (const body of [
      { program_id: programId, item_id: 'sticker' },
      { program_id: programId, item_id: 'sticker', redemption_id: '' },
      { program_id: programId, item_id: 'sticker', redemption_id: 'x'.repeat(129) },
      { item_id: 'sticker', redemption_id: 'r' },
      { program_id: programId, item_id: 'sticker', redemption_id: 'r', extra: 1 },
    ])
      expect((await api.post(path, body)).status).toBe(400);
    expect((await api.get(`/v1/points/${encodeURIComponent(externalId)}`)).status).toBe(400);
    const unknown = await redeem(externalId, programId, 'yacht', 'r-1');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'item_not_found']);
    expect((await redeem(externalId, 'prog_nope', 'sticker', 'r-1')).status).toBe(404);
    const poor = await redeem(externalId, programId, 'credit5', 'r-2');
    expect([poor.status, poor.body.error.code]).toEqual([409, 'insufficient_points']);
    const body = await points(externalId, programId);
    expect([body.balance, body.ledger.data.length]).toEqual([60, 1]);
  });

  it('keeps each merchant to its own customers', async () => {
    const { externalId, programId } = await pointsSale(70);
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    expect((await other.get(`/v1/points/${externalId}?program_id=${programId}`)).status).toBe(404);
    expect((await points(externalId, programId)).balance).toBe(70);
  });

  it('the widget reads and redeems with a signed identity only (publishable key, allowed origin)', async () => {
    const { externalId, programId } = await pointsSale(150);
    const rolled = await api.post('/v1/widget_secret/roll', { revoke_previous: true });
    const browser = (path: string, body: unknown) =>
      apiClient(suite.worker, merchant.pk).post(path, body, { Origin: ORIGIN });
    const identity = signIdentity(rolled.body.secret, externalId);
    const view = await browser('/v1/public/points', { identity, program_id: programId });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ object: 'public_points', program_id: programId, balance: 150, expiring: [] });
    expect(view.body.catalog.map((i: { id: string }) => i.id)).toEqual(['sticker', 'credit5', 'code10']);
    expect(view.body.recent).toHaveLength(1);
    const redeemed = await browser('/v1/public/points/redeem', {
      identity,
      program_id: programId,
      item_id: 'code10',
      redemption_id: 'w-1',
    });
    expect([redeemed.status, redeemed.body.balance_after, redeemed.body.given.type]).toEqual([200, 100, 'reward_code']);
    const forged = { ...identity, signature: '0'.repeat(64) };
    const refused = await browser('/v1/public/points/redeem', {
      identity: forged,
      program_id: programId,
      item_id: 'sticker',
      redemption_id: 'w-2',
    });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'invalid_identity']);
    const elsewhere = await apiClient(suite.worker, merchant.pk).post(
      '/v1/public/points',
      { identity, program_id: programId },
      { Origin: 'https://evil.example' },
    );
    expect(elsewhere.status).toBe(403);
    expect((await apiClient(suite.worker, merchant.sk).post('/v1/public/points', { identity })).status).toBe(403);
    expect((await points(externalId, programId)).balance).toBe(100);
  });
});
