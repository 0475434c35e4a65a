import { describe, expect, it } from 'vitest';
import { issueRewardCode } from '../../../worker/reward-codes/issue-reward-code.ts';
import { createRedis } from '../../../worker/storage/client.ts';
import { rewardCodeStore } from '../../../worker/storage/reward-codes.ts';
import { rewardStore } from '../../../worker/storage/rewards.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, startReceiver } from '../webhooks/receiver.ts';

// Its own database (VOUCH_TEST_DB): the scheduled run approves every due reward it can see.
const suite = workerSuite();
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

type Api = ReturnType<typeof apiClient>;
const CODE_TERMS = { discount: 'percent', value: 20, currency: 'USD', expires_in_days: 30 } as const;
const CUSTOMER = { external_id: 'buyer-1' };
const ORDER = { amount: 10_000, currency: 'USD' };

function env() {
  const { url, token } = suite.bridge.server;
  return { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token };
}
const tenantOf = (m: TestMerchant) => ({ mode: 'test' as const, merchantId: m.id });

/** A fresh merchant (so its counts start at 0) whose program rewards advocates with a reward code. */
async function shop(terms: object = CODE_TERMS, program: Record<string, unknown> = {}) {
  const merchant = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, merchant.sk);
  const p = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { type: 'reward_code', ...terms },
      hold_days: 0,
      ...program,
    })
  ).body;
  const advocate = (await api.post(`/v1/programs/${p.id}/advocates`, { external_id: `adv-${uid()}` })).body;
  return { merchant, api, programId: p.id as string, advocate };
}

/** A sale through the advocate's referral code: the advocate's reward. */
async function sale(api: Api, referralCode: string) {
  const conversion = (
    await api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: referralCode,
    })
  ).body;
  return conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
}

const rewardOf = async (api: Api, id: string) => (await api.get(`/v1/rewards/${id}`)).body;
const validate = (api: Api, code: string, order = ORDER) =>
  api.post(`/v1/codes/${code}/validate`, { customer: CUSTOMER, order });
const redeem = (api: Api, code: string, orderId: string) =>
  api.post('/v1/redemptions', { code, order_id: orderId, customer: CUSTOMER, order: ORDER });

describe('reward codes', () => {
  it('approval issues one code, recorded on the reward, under retried and concurrent approvals', async () => {
    const { merchant, api, advocate } = await shop(CODE_TERMS, { hold_days: 1 });
    const reward = await sale(api, advocate.code);
    expect(reward).toMatchObject({ type: 'reward_code', status: 'pending', amount: 0 });
    expect((await rewardOf(api, reward.id)).reward_code ?? null).toBeNull();
    const approvals = Array.from({ length: 10 }, () => api.post(`/v1/rewards/${reward.id}/approve`, {}));
    const runs = [
      suite.worker.scheduled(Date.now() + 2 * 86400_000),
      suite.worker.scheduled(Date.now() + 2 * 86400_000),
    ];
    const answers = await Promise.all(approvals);
    await Promise.all(runs);
    await settle(suite.bridge);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).status).toBe(200);
    const approved = await rewardOf(api, reward.id);
    expect(approved.status).toBe('approved');
    expect(approved.reward_code.code).toMatch(/^R[23456789ABCDEFGHJKMNPQRSTVWXYZ]{11}$/);
    // 30 days after the approval that issued it: by hand now, or by the run as of two days on.
    const expiresIn = Date.parse(approved.reward_code.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * 86400_000 - 60_000);
    expect(expiresIn).toBeLessThan(32 * 86400_000 + 60_000);
    // Exactly one code record for this merchant.
    const keys = await createRedis(env()).keys(`v1:test:${merchant.id}:reward_code:*`);
    expect(keys).toEqual([`v1:test:${merchant.id}:reward_code:${approved.reward_code.code}`]);
  });

  it('issueRewardCode is idempotent per reference (a retry gets the first code back)', async () => {
    const { merchant, programId, advocate } = await shop();
    const input = {
      advocateId: advocate.advocate.id,
      programId,
      reference: `pr_${uid()}`,
      discount: 'fixed_amount' as const,
      value: 500,
      currency: 'USD',
      expiresInDays: null,
    };
    const p = { env: env(), tenant: tenantOf(merchant) };
    const issued = await Promise.all(Array.from({ length: 10 }, () => issueRewardCode(p, input, Date.now())));
    expect(new Set(issued.map((i) => i.code)).size).toBe(1);
    expect(issued[0]!.expires_at).toBeNull();
  });

  it('validates with its own discount (not the program offer) until it expires; refuses another currency', async () => {
    const { api, advocate } = await shop();
    const reward = await sale(api, advocate.code);
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    const ok = await validate(api, code);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, code, discount: { type: 'percent', value: 20, amount_off: 2000 } });
    expect((await validate(api, code.toLowerCase())).body.valid).toBe(true);
    const eur = await validate(api, code, { amount: 10_000, currency: 'EUR' });
    expect(eur.body).toMatchObject({ valid: false, reason: { code: 'currency_mismatch' } });
  });

  it('an expired code is refused at validation and at redemption', async () => {
    const { merchant, api, programId, advocate } = await shop();
    const input = {
      advocateId: advocate.advocate.id,
      programId,
      reference: `pr_${uid()}`,
      discount: 'fixed_amount' as const,
      value: 1500,
      currency: 'USD',
      expiresInDays: 1,
    };
    // Issued two days ago, for a day.
    const { code, expires_at } = await issueRewardCode(
      { env: env(), tenant: tenantOf(merchant) },
      input,
      Date.now() - 2 * 86400_000,
    );
    expect(Date.parse(expires_at!)).toBeLessThan(Date.now());
    expect((await validate(api, code)).body).toMatchObject({ valid: false, reason: { code: 'code_expired' } });
    const refused = await redeem(api, code, `ord-${uid()}`);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'code_expired']);
  });

  it('50 concurrent redemptions: exactly 1 succeeds; its order again gets the same redemption', async () => {
    const { api, advocate } = await shop({
      discount: 'fixed_amount',
      value: 1500,
      currency: 'USD',
      expires_in_days: null,
    });
    const reward = await sale(api, advocate.code);
    expect(reward).toMatchObject({ status: 'approved', amount: 1500 });
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    const orders = Array.from({ length: 50 }, (_, i) => `ord-${uid()}-${i}`);
    const answers = await Promise.all(orders.map((o) => redeem(api, code, o)));
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    const lost = answers.filter((r) => r.status !== 201);
    expect(lost.every((r) => r.status === 422 && r.body.error.code === 'usage_limit_reached')).toBe(true);
    const winner = won[0]!.body;
    expect(winner).toMatchObject({ code, discount: { type: 'fixed_amount', value: 1500, amount_off: 1500 } });
    const again = await redeem(api, code, winner.order_id);
    expect([again.status, again.body]).toEqual([200, winner]);
    expect((await validate(api, code)).body).toMatchObject({ valid: false, reason: { code: 'usage_limit_reached' } });
  });

  it('redemption makes the reward paid and creates no conversion, referral or reward', async () => {
    const { api, advocate } = await shop();
    const reward = await sale(api, advocate.code);
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    const conversions = (await api.get('/v1/conversions')).body.data.length;
    const rewards = (await api.get('/v1/rewards')).body.data.length;
    expect(conversions).toBe(1);
    const redeemed = await redeem(api, code, `ord-${uid()}`);
    expect(redeemed.status).toBe(201);
    const paid = await rewardOf(api, reward.id);
    expect(paid.status).toBe('paid');
    expect(paid.history.at(-1).note).toContain(code);
    expect((await api.get('/v1/conversions')).body.data.length).toBe(1);
    expect((await api.get('/v1/rewards')).body.data.length).toBe(rewards);
    // A retry of the redemption changes nothing more.
    expect((await redeem(api, code, redeemed.body.order_id)).status).toBe(200);
    expect((await rewardOf(api, reward.id)).history).toEqual(paid.history);
    // A refund of that order reverses the redemption; the code stays used, the reward paid.
    const reversed = await api.post(`/v1/redemptions/${redeemed.body.id}/reverse`, {});
    expect(reversed.body).toMatchObject({ status: 'reversed', reversed_amount: 10_000 });
    expect((await redeem(api, code, `ord-${uid()}`)).body.error.code).toBe('usage_limit_reached');
    expect((await rewardOf(api, reward.id)).status).toBe('paid');
    expect((await api.get('/v1/conversions')).body.data.length).toBe(1);
  });

  it('a void before redemption disables the code; the voided reward stays voided', async () => {
    const { api, advocate } = await shop(CODE_TERMS, { hold_days: 1 });
    const reward = await sale(api, advocate.code);
    await api.post(`/v1/rewards/${reward.id}/approve`, {});
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    expect((await validate(api, code)).body.valid).toBe(true);
    expect((await api.post(`/v1/rewards/${reward.id}/void`, {})).status).toBe(200);
    expect((await validate(api, code)).body).toMatchObject({ valid: false, reason: { code: 'code_disabled' } });
    const refused = await redeem(api, code, `ord-${uid()}`);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'code_disabled']);
    expect((await rewardOf(api, reward.id)).status).toBe('voided');
  });

  it('a void stored before its code is disabled refuses the code (code_disabled); nothing is written', async () => {
    const { merchant, api, advocate } = await shop();
    const reward = await sale(api, advocate.code);
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    // The void's move alone, as when the Worker stops before the void's fulfilment disables the code.
    const voided = await rewardStore(env()).move(tenantOf(merchant), reward.id, 'void', 'test', Date.now());
    expect(voided.kind).toBe('moved');
    const refused = await redeem(api, code, `ord-${uid()}`);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'code_disabled']);
    expect((await rewardOf(api, reward.id)).status).toBe('voided');
    const stored = (await rewardCodeStore(env()).read(tenantOf(merchant), code))?.record;
    expect([stored?.status, stored?.redemption_id]).toEqual(['active', null]);
    const balance = (await api.get(`/v1/advocates/${advocate.advocate.id}/balance`)).body;
    expect(balance.lines.every((l: { paid: number }) => l.paid === 0)).toBe(true);
  });

  it('a void racing a redemption: one wins per reward (paid and used, or voided and refused)', async () => {
    const terms = { discount: 'fixed_amount', value: 700, currency: 'USD', expires_in_days: null };
    const { api, advocate } = await shop(terms);
    const rewards: { id: string }[] = [];
    for (let i = 0; i < 8; i++) rewards.push(await sale(api, advocate.code));
    const codes = await Promise.all(rewards.map(async (r) => (await rewardOf(api, r.id)).reward_code.code));
    const raced = await Promise.all(
      rewards.map((r, i) =>
        Promise.all([redeem(api, codes[i], `ord-${uid()}`), api.post(`/v1/rewards/${r.id}/void`, {})]),
      ),
    );
    let paid = 0;
    for (const [i, [redeemed, voided]] of raced.entries()) {
      const status = (await rewardOf(api, rewards[i]!.id)).status;
      if (redeemed.status === 201) {
        expect([status, voided.status]).toEqual(['paid', 409]);
        paid += 700;
      } else {
        expect([status, voided.status, redeemed.status]).toEqual(['voided', 200, 422]);
        expect(redeemed.body.error.code).toBe('code_disabled');
      }
    }
    const balance = (await api.get(`/v1/advocates/${advocate.advocate.id}/balance`)).body;
    const usd = balance.lines.find((l: { unit: string }) => l.unit === 'USD') ?? { paid: 0, approved: 0 };
    expect([usd.paid, usd.approved]).toEqual([paid, 0]);
  });

  it('reward.approved carries the issued code: born approved, approved by hand, by the scheduled run', async () => {
    const receiver = await startReceiver();
    try {
      const approvals = async (api: Api) => {
        const hook = receiver.path();
        expect((await api.post('/v1/webhook_endpoints', { url: hook.url, events: ['reward.approved'] })).status).toBe(
          201,
        );
        return hook.path;
      };
      const born = await shop();
      const held = await shop(CODE_TERMS, { hold_days: 1 });
      const [bornHook, heldHook] = [await approvals(born.api), await approvals(held.api)];
      const now = await sale(born.api, born.advocate.code);
      const [byHand, byRun] = [await sale(held.api, held.advocate.code), await sale(held.api, held.advocate.code)];
      expect((await held.api.post(`/v1/rewards/${byHand.id}/approve`, {})).status).toBe(200);
      await suite.worker.scheduled(Date.now() + 2 * 86400_000);
      // Delivery is at least once (a retry sweep may resend a delivery still in flight on a loaded machine), so
      // receivers dedupe by the event id: wait until every reward's event arrived, then count distinct events.
      const distinct = () => {
        const all = [...receiver.received(bornHook), ...receiver.received(heldHook)].map((r) => JSON.parse(r.body));
        return [...new Map(all.map((e) => [e.id as string, e.data])).values()];
      };
      await eventually(
        async () => distinct(),
        (events) => new Set(events.map((e) => e.id)).size >= 3,
      );
      await settle(suite.bridge);
      const events = distinct();
      for (const reward of [now, byHand, byRun]) {
        const { reward_code } = await rewardOf(reward.id === now.id ? born.api : held.api, reward.id);
        expect(reward_code.code).toMatch(/^R/);
        const approved = events.filter((e) => e.id === reward.id);
        expect(approved).toHaveLength(1);
        expect(approved[0]).toMatchObject({ status: 'approved', reward_code });
      }
    } finally {
      receiver.close();
    }
  });

  it('another merchant cannot see or redeem the code', async () => {
    const { api, advocate } = await shop();
    const reward = await sale(api, advocate.code);
    const { code } = (await rewardOf(api, reward.id)).reward_code;
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    expect((await validate(other, code)).body).toMatchObject({ valid: false, reason: { code: 'code_not_found' } });
    const refused = await redeem(other, code, `ord-${uid()}`);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'code_not_found']);
  });
});
