import { beforeAll, describe, expect, it } from 'vitest';
import { AdvocateWallet } from '../../../shared/api/routes-advocate-wallet.ts';
import { apiClient } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity, type WidgetShop, widgetShop } from '../../support/widget-shop.ts';
import { walletSeeder } from './seed-wallet.ts';

const suite = workerSuite();
const ORIGIN = 'https://shop.example';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
let ipSeq = 0;
const freshIp = () => `10.16.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;

const shop = () => widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] } });
const tenantOf = (s: WidgetShop) => ({ merchantId: s.m.id, mode: 'test' as const });

/** The widget on the merchant's page asking for the wallet. */
const wallet = (s: WidgetShop, body: unknown, origin = ORIGIN) =>
  apiClient(suite.worker, s.m.pk).post('/v1/public/wallet', body, { Origin: origin, 'CF-Connecting-IP': freshIp() });

async function advocate(s: WidgetShop) {
  const customer = `cust-${uid()}`;
  const res = await s.api.post(`/v1/programs/${s.programId}/advocates`, { external_id: customer, name: 'Alice' });
  expect(res.status).toBe(201);
  return { customer, id: res.body.advocate.id as string };
}

/** An advocate with two reward codes (one used), a paid and a pending payout, and PayPal details. */
async function richAdvocate(s: WidgetShop) {
  const a = await advocate(s);
  const seed = walletSeeder(suite, tenantOf(s));
  const percent = await seed.rewardCode(a.id, s.programId, { type: 'percent', value: 15 });
  const fixed = await seed.rewardCode(a.id, s.programId, { type: 'fixed_amount', value: 500, redeemed: true });
  const paid = await seed.payout(a.id, s.programId, { amount: 2500, status: 'paid' });
  const pending = await seed.payout(a.id, s.programId, { amount: 1000, status: 'pending' });
  await seed.paypal(a.id, 'a***e@example.com');
  return { ...a, percent, fixed, paid, pending };
}

describe('POST /v1/public/wallet', () => {
  let s: WidgetShop;
  beforeAll(async () => {
    s = await shop();
  });

  it("answers the signed-in advocate's payouts, reward codes and payout details", async () => {
    const a = await richAdvocate(s);
    const res = await wallet(s, { identity: signIdentity(s.secret, a.customer), program_id: s.programId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(AdvocateWallet.parse(res.body)).toBeTruthy();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.body.advocate_id).toBe(a.id);
    // Newest first.
    expect(res.body.payouts).toEqual([
      {
        id: a.pending.id,
        amount: 1000,
        currency: 'USD',
        status: 'pending',
        created_at: a.pending.created_at,
        paid_at: null,
      },
      {
        id: a.paid.id,
        amount: 2500,
        currency: 'USD',
        status: 'paid',
        created_at: a.paid.created_at,
        paid_at: a.paid.paid_at,
      },
    ]);
    expect(res.body.reward_codes).toHaveLength(2);
    expect(res.body.reward_codes[0]).toMatchObject({
      code: a.fixed,
      discount: { type: 'fixed_amount', value: 500, currency: 'USD' },
      used: true,
    });
    expect(res.body.reward_codes[1]).toMatchObject({
      code: a.percent,
      discount: { type: 'percent', value: 15, currency: null },
      used: false,
    });
    expect(Date.parse(res.body.reward_codes[1].expires_at)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(res.body.payout_details).toEqual({
      method: 'paypal',
      paypal_email: 'a***e@example.com',
      stripe_onboarding_complete: false,
    });
  });

  it('answers an empty wallet for a new advocate, with the default program when none is named', async () => {
    const a = await advocate(s);
    const res = await wallet(s, { identity: signIdentity(s.secret, a.customer) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ program_id: s.programId, payouts: [], reward_codes: [], points: null });
    expect(res.body.payout_details).toEqual({ method: null, paypal_email: null, stripe_onboarding_complete: false });
  });

  it('answers the points balance and the catalog when the program has points', async () => {
    const catalog = [
      { id: 'mug', name: 'A mug', cost: 300, reward: { type: 'item', name: 'Mug' } },
      { id: 'five-off', name: '$5 off', cost: 500, reward: { type: 'store_credit', value: 500, currency: 'USD' } },
    ];
    const p = await widgetShop(suite.worker, {
      merchant: { allowed_origins: [ORIGIN] },
      program: { referrer_reward: { type: 'points', value: 250 }, points: { catalog, expire_after_days: null } },
    });
    const a = await advocate(p);
    const seed = walletSeeder(suite, tenantOf(p));
    await seed.points(p.programId, a.customer, 400);
    await seed.points(p.programId, a.customer, 250);
    await seed.points(p.programId, a.customer, 100, Date.now() + 86_400_000);
    const res = await wallet(p, { identity: signIdentity(p.secret, a.customer), program_id: p.programId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.points).toEqual({
      balance: 750,
      catalog: [
        { id: 'mug', name: 'A mug', cost: 300 },
        { id: 'five-off', name: '$5 off', cost: 500 },
      ],
    });
  });

  it('is a 401 for a bad, stale or foreign identity, revealing nothing', async () => {
    const a = await richAdvocate(s);
    const forged = { ...signIdentity(s.secret, a.customer), customer_id: 'someone-else' };
    const stale = signIdentity(s.secret, a.customer, Math.floor(Date.now() / 1000) - 2 * 86400);
    const wrongSecret = signIdentity('wsec_not-the-secret', a.customer);
    for (const identity of [forged, stale, wrongSecret, { token: 'wtk_aaaaaaaaaaaaaaaaaaaaaaaa' }]) {
      const res = await wallet(s, { identity, program_id: s.programId });
      expect(res.status, JSON.stringify(identity)).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(a.id);
      expect(JSON.stringify(res.body)).not.toContain(a.percent);
    }
  });

  it('is a 404 not_enrolled for a customer who is not an advocate, and 400 for bad input', async () => {
    const res = await wallet(s, { identity: signIdentity(s.secret, `stranger-${uid()}`), program_id: s.programId });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_enrolled');
    for (const body of [{}, { identity: {} }, { identity: signIdentity(s.secret, 'x'), extra: 1 }]) {
      expect((await wallet(s, body)).status).toBe(400);
    }
  });

  it('refuses an origin the merchant did not allow', async () => {
    const a = await advocate(s);
    const res = await wallet(s, { identity: signIdentity(s.secret, a.customer) }, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
  });

  it("keeps tenants apart: another merchant's key and secret never read this advocate's wallet", async () => {
    const a = await richAdvocate(s);
    const other = await shop();
    // The same customer id at another merchant is another person (not enrolled there).
    const there = await wallet(other, { identity: signIdentity(other.secret, a.customer) });
    expect(there.status).toBe(404);
    // This merchant's signature with the other's key: a 401 (the other's secret does not match).
    const crossed = await wallet(other, { identity: signIdentity(s.secret, a.customer) });
    expect(crossed.status).toBe(401);
    // The other merchant's program id with this merchant's key: no such program here.
    const foreignProgram = await wallet(s, {
      identity: signIdentity(s.secret, a.customer),
      program_id: other.programId,
    });
    expect(foreignProgram.status).toBe(404);
    expect(JSON.stringify([there.body, crossed.body, foreignProgram.body])).not.toContain(a.percent);
  });
});

const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

/** Pairs the extension as the advocate does (start, confirm in the widget, exchange): the advocate token. */
async function pairedToken(s: WidgetShop, customer: string): Promise<string> {
  const ext = apiClient(suite.worker);
  const ip = { 'CF-Connecting-IP': freshIp() };
  const started = await ext.post('/v1/extension/pairings', { client: 'chrome' }, ip);
  expect(started.status).toBe(201);
  const confirmed = await apiClient(suite.worker, s.m.pk).post(
    '/v1/public/pairings/confirm',
    { identity: signIdentity(s.secret, customer), user_code: started.body.user_code, program_id: s.programId },
    { Origin: ORIGIN, ...ip },
  );
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  const paired = await ext.post('/v1/extension/tokens', { device_code: started.body.device_code }, ip);
  expect(paired.body.status).toBe('paired');
  return paired.body.token as string;
}

const rewardsOf = (token: string, headers: Record<string, string> = {}) =>
  apiClient(suite.worker).get('/v1/extension/wallet/rewards', { Authorization: `Bearer ${token}`, ...headers });

describe('GET /v1/extension/wallet/rewards', () => {
  let s: WidgetShop;
  beforeAll(async () => {
    s = await shop();
  });

  it("answers the token's advocate's wallet, the same as the widget's; the wallet entry is unchanged", async () => {
    const a = await richAdvocate(s);
    const token = await pairedToken(s, a.customer);
    const res = await rewardsOf(token, { Origin: EXT });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(EXT);
    const widgetView = await wallet(s, { identity: signIdentity(s.secret, a.customer), program_id: s.programId });
    expect(res.body).toEqual(widgetView.body);
    expect(res.body.reward_codes.map((c: { code: string }) => c.code)).toEqual([a.fixed, a.percent]);
    expect(res.body.payouts.map((p: { status: string }) => p.status)).toEqual(['pending', 'paid']);
    const entry = await apiClient(suite.worker).get('/v1/extension/wallet', { Authorization: `Bearer ${token}` });
    expect(entry.status).toBe(200);
    expect(entry.body.object).toBe('wallet_entry');
  });

  it('is a 401 for a missing, unknown or revoked token, and a 403 for a web page origin', async () => {
    const a = await richAdvocate(s);
    const token = await pairedToken(s, a.customer);
    expect((await apiClient(suite.worker).get('/v1/extension/wallet/rewards')).status).toBe(401);
    expect((await rewardsOf(`vat_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await rewardsOf(token, { Origin: 'https://evil.example' })).status).toBe(403);
    const out = await apiClient(suite.worker).call('DELETE', '/v1/extension/tokens/current', undefined, {
      Authorization: `Bearer ${token}`,
    });
    expect(out.status).toBe(200);
    const revoked = await rewardsOf(token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('invalid_advocate_token');
  });

  it('is a 403 for a suspended advocate', async () => {
    const a = await richAdvocate(s);
    const token = await pairedToken(s, a.customer);
    expect((await s.api.patch(`/v1/advocates/${a.id}`, { status: 'suspended' })).status).toBe(200);
    const res = await rewardsOf(token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('advocate_suspended');
  });
});
