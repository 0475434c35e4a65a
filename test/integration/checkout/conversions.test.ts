import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

// A database of its own: the scheduled run it triggers approves every due reward it can see.
const suite = workerSuite({ db: 11 });
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
let ip = 0;

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
});

async function advocateIn(program: Record<string, unknown> = {}, advocate: Record<string, unknown> = {}) {
  const p = (await api.post('/v1/programs', { ...PROGRAM_INPUT, ...program })).body;
  const e = (
    await api.post(`/v1/programs/${p.id}/advocates`, {
      external_id: `adv-${uid()}`,
      email: `alice-${uid()}@example.com`,
      ...advocate,
    })
  ).body;
  return { programId: p.id as string, code: e.code as string, advocateId: e.advocate.id as string, program: p };
}

async function anotherAdvocate(programId: string) {
  const e = (await api.post(`/v1/programs/${programId}/advocates`, { external_id: `adv-${uid()}` })).body;
  return { code: e.code as string, advocateId: e.advocate.id as string };
}

/** A real click through the redirect, recorded after the response: its `vouch_click`. */
async function clickThrough(code: string, who = visitor(`10.7.${ip >> 8}.${ip++ & 255}`), query = '') {
  const res = await suite.worker.fetch(`/r/${code}${query}`, { headers: who.headers(), redirect: 'manual' });
  expect(res.status).toBe(302);
  who.remember(res);
  await settle(suite.bridge);
  return new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
}

const sale = (body: Record<string, unknown>) =>
  api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `cust-${uid()}` },
    amount: 10_000,
    currency: 'USD',
    ...body,
  });
const balance = async (advocateId: string, unit = 'USD') =>
  (await api.get(`/v1/advocates/${advocateId}/balance`)).body.lines.find((l: { unit: string }) => l.unit === unit) ?? {
    pending: 0,
    held: 0,
    approved: 0,
    paid: 0,
  };
const advocateRewardOf = (conversion: { rewards: { recipient: string }[] }) =>
  conversion.rewards.find((r) => r.recipient === 'advocate') as any;

describe('POST /v1/conversions: attribution', () => {
  it(`credits the code, creates the referral and pending rewards for advocate and friend; the same order again is the \
same conversion`, async () => {
    const { code, advocateId, programId } = await advocateIn();
    const orderId = `ord-${uid()}`;
    const res = await sale({ order_id: orderId, code: code.toLowerCase() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      attributed: true,
      program_id: programId,
      advocate_id: advocateId,
      code,
      status: 'approved',
      attribution: { source: 'code' },
      risk: { decision: 'approve', signals: [] },
    });
    expect(res.body.referral_id).toMatch(/^ref_/);
    const adv = advocateRewardOf(res.body);
    expect(adv).toMatchObject({ status: 'pending', amount: 1000, currency: 'USD', type: 'fixed_amount' });
    expect(Date.parse(adv.approve_after) - Date.now()).toBeGreaterThan(29 * 86400_000);
    expect(res.body.rewards.find((r: any) => r.recipient === 'friend')).toMatchObject({
      type: 'percent',
      amount: 1500,
      status: 'pending',
    });

    const again = await sale({ order_id: orderId, code });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect((await balance(advocateId)).pending).toBe(1000);
    expect((await api.get(`/v1/referrals/${res.body.referral_id}`)).body).toMatchObject({
      advocate_id: advocateId,
      conversion_ids: [res.body.id],
      rewarded: true,
    });
  });

  it('credits a real click through the short link', async () => {
    const { code, advocateId } = await advocateIn();
    const clickId = await clickThrough(code);
    const res = await sale({ click_id: clickId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      advocate_id: advocateId,
      click_id: clickId,
      code,
      attribution: { source: 'click' },
    });
  });

  it(`lets the program model decide when the click and the code point to different advocates, and says \
why`, async () => {
    for (const model of ['last_click', 'first_click'] as const) {
      const a = await advocateIn({ attribution: { model } });
      const b = await anotherAdvocate(a.programId);
      const clickId = await clickThrough(a.code);
      const res = await sale({ click_id: clickId, code: b.code });
      expect(res.status).toBe(201);
      expect(res.body.advocate_id).toBe(model === 'first_click' ? a.advocateId : b.advocateId);
      expect(res.body.attribution.source).toBe(model === 'first_click' ? 'click' : 'code');
      expect(res.body.attribution.reason).toMatch(model === 'first_click' ? /first-click/ : /last-click/);
    }
  });

  it('answers attributed: false with a reason, never an empty success', async () => {
    const none = await sale({});
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ attributed: false, reason: { code: 'no_click_or_code' } });
    expect((await sale({ code: 'NOSUCHCODE42' })).body.reason.code).toBe('code_not_found');
    expect((await sale({ click_id: 'clk_01KB0000000000000000000000' })).body.reason.code).toBe('click_not_found');
    const { code } = await advocateIn({ status: 'paused' });
    expect((await sale({ code })).body.reason.code).toBe('program_inactive');
  });

  it('validates the body', async () => {
    for (const body of [
      { type: 'sale', customer: { external_id: 'x' }, amount: 100, currency: 'USD' },
      { type: 'sale', order_id: 'o', customer: { external_id: 'x' } },
      { type: 'refund', customer: { external_id: 'x' } },
      { type: 'signup', customer: {} },
    ]) {
      expect((await api.post('/v1/conversions', body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('rewards: tiers, caps, repeat purchases', () => {
  it('pays the tier reached and records the tier change', async () => {
    const { code, advocateId } = await advocateIn({
      reward_tiers: [
        { from_conversions: 2, label: 'Silver', reward: { type: 'fixed_amount', value: 2500, currency: 'USD' } },
      ],
    });
    const first = await sale({ code });
    expect(advocateRewardOf(first.body)).toMatchObject({ amount: 1000, tier: null });
    const second = await sale({ code });
    expect(advocateRewardOf(second.body)).toMatchObject({ amount: 2500, tier: 'Silver' });
    expect((await balance(advocateId)).pending).toBe(3500);
  });

  it('holds the monthly cap per advocate and rewards a referred customer once', async () => {
    const { code } = await advocateIn({ limits: { max_rewards_per_advocate_per_month: 1 } });
    const customer = { external_id: `cust-${uid()}` };
    const first = await sale({ code, customer });
    expect(advocateRewardOf(first.body)).toBeDefined();
    const repeat = await sale({ code, customer });
    expect(repeat.status).toBe(201);
    expect(repeat.body.rewards).toEqual([]);
    expect(repeat.body.reward_note).toMatch(/repeat purchase/i);
    const capped = await sale({ code });
    expect(advocateRewardOf(capped.body)).toBeUndefined();
    expect(capped.body.reward_note).toMatch(/cap of 1/);
  });

  it("keeps a referred customer with the advocate who referred them first, even through another's code", async () => {
    const first = await advocateIn();
    const other = await anotherAdvocate(first.programId);
    const customer = { external_id: `cust-${uid()}` };
    const signup = await api.post('/v1/conversions', { type: 'signup', customer, code: first.code });
    expect(signup.body).toMatchObject({ advocate_id: first.advocateId, rewards: [] });
    const res = await sale({ code: other.code, customer });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      advocate_id: first.advocateId,
      referral_id: signup.body.referral_id,
      code: other.code,
      attribution: { source: 'code' },
    });
    expect(res.body.attribution.reason).toBe(
      `The customer used the advocate's code ${other.code}. ` +
        `The customer was referred by ${first.advocateId} first, who keeps the referral.`,
    );
    // The referral's first sale: its rewards go to the first advocate.
    expect(advocateRewardOf(res.body)).toMatchObject({ advocate_id: first.advocateId, amount: 1000 });
    expect((await balance(first.advocateId)).pending).toBe(1000);
    expect((await balance(other.advocateId)).pending).toBe(0);
    const referral = (await api.get(`/v1/referrals/${signup.body.referral_id}`)).body;
    expect(referral).toMatchObject({ advocate_id: first.advocateId, rewarded: true });
    expect(referral.conversion_ids).toEqual([signup.body.id, res.body.id]);
  });

  it('keeps balances exact under concurrent conversions of one advocate', async () => {
    // Relaxed: twelve conversions in a minute would otherwise (rightly) trip the velocity check.
    const { code, advocateId } = await advocateIn({
      fraud_strictness: 'relaxed',
      reward_tiers: [
        { from_conversions: 5, label: 'Gold', reward: { type: 'fixed_amount', value: 3000, currency: 'USD' } },
      ],
    });
    const results = await Promise.all(Array.from({ length: 12 }, () => sale({ code })));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const amounts = results.map((r) => advocateRewardOf(r.body).amount).sort();
    // Conversions 1-4 at the base reward, 5-12 at Gold: however the requests raced.
    expect(amounts.filter((a: number) => a === 1000)).toHaveLength(4);
    expect(amounts.filter((a: number) => a === 3000)).toHaveLength(8);
    expect((await balance(advocateId)).pending).toBe(4 * 1000 + 8 * 3000);
  });
});

describe('rewards ledger: approval, payment, refunds', () => {
  it('moves pending -> approved -> paid, refuses invalid moves, and repeats harmlessly', async () => {
    const { code, advocateId } = await advocateIn();
    const reward = advocateRewardOf((await sale({ code })).body);
    expect((await api.post(`/v1/rewards/${reward.id}/mark_paid`, {})).status).toBe(409);
    const approved = await api.post(`/v1/rewards/${reward.id}/approve`, { note: 'checked by hand' });
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(approved.body.history.at(-1)).toMatchObject({ status: 'approved', note: 'checked by hand' });
    expect((await api.post(`/v1/rewards/${reward.id}/approve`, {})).body.status).toBe('approved');
    expect(await balance(advocateId)).toMatchObject({ pending: 0, approved: 1000 });
    expect((await api.post(`/v1/rewards/${reward.id}/mark_paid`, {})).body.status).toBe('paid');
    expect(await balance(advocateId)).toMatchObject({ approved: 0, paid: 1000 });
    expect((await api.post(`/v1/rewards/${reward.id}/void`, {})).status).toBe(409);
    const listed = await api.get(`/v1/rewards?status=paid&limit=100`);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toContain(reward.id);
  });

  it('approves pending rewards in the scheduled run once the hold period is over', async () => {
    const { code, advocateId } = await advocateIn({ hold_days: 1 });
    const reward = advocateRewardOf((await sale({ code })).body);
    await suite.worker.scheduled(Date.now());
    expect((await api.get(`/v1/rewards/${reward.id}`)).body.status).toBe('pending');
    await suite.worker.scheduled(Date.now() + 86400_000 + 60_000);
    await settle(suite.bridge);
    const after = (await api.get(`/v1/rewards/${reward.id}`)).body;
    expect(after.status).toBe('approved');
    expect(after.history.at(-1).note).toBe('hold period over');
    expect(await balance(advocateId)).toMatchObject({ pending: 0, approved: 1000 });
  });

  it('reverses rewards in proportion to refunds, and adjusts rewards already paid', async () => {
    const { code, advocateId } = await advocateIn({
      referrer_reward: { type: 'percent_of_order', value: 10, currency: 'USD' },
    });
    const conversion = (await sale({ code, amount: 10_000 })).body;
    const reward = advocateRewardOf(conversion);
    expect(reward.amount).toBe(1000);
    const partial = await api.post(`/v1/conversions/${conversion.id}/refund`, { amount: 2500 });
    expect(partial.status).toBe(200);
    expect(advocateRewardOf(partial.body)).toMatchObject({ amount: 750, reversed_amount: 250, status: 'pending' });
    expect((await balance(advocateId)).pending).toBe(750);

    // Pay what is left, then refund half the order: 500 of the paid 750 comes back as an adjustment.
    await api.post(`/v1/rewards/${reward.id}/approve`, {});
    await api.post(`/v1/rewards/${reward.id}/mark_paid`, {});
    const more = await api.post(`/v1/conversions/${conversion.id}/refund`, { amount: 5000 });
    const adjustment = more.body.rewards.find((r: { kind: string }) => r.kind === 'adjustment');
    expect(adjustment).toMatchObject({ amount: -500, status: 'approved', recipient: 'advocate' });
    expect(await balance(advocateId)).toMatchObject({ paid: 750, approved: -500, pending: 0 });
    expect((await api.post(`/v1/conversions/${conversion.id}/refund`, { amount: 5000 })).status).toBe(422);
    const rest = await api.post(`/v1/conversions/${conversion.id}/refund`, {});
    expect(rest.body.refunded_amount).toBe(10_000);
    // Fully refunded: everything paid for this order has been taken back.
    expect(await balance(advocateId)).toMatchObject({ paid: 750, approved: -750 });
    expect((await api.post(`/v1/conversions/${conversion.id}/refund`, {})).status).toBe(409);
  });
});

describe('fraud: explainable holds and review', () => {
  it('holds a conversion with a disposable email, says why, and releases it on review', async () => {
    const { code, advocateId } = await advocateIn();
    const held = await sale({ code, customer: { external_id: `cust-${uid()}`, email: 'buyer@mailinator.com' } });
    expect(held.body).toMatchObject({
      status: 'held',
      risk: { decision: 'hold', signals: [{ code: 'disposable_email' }] },
    });
    expect(advocateRewardOf(held.body)).toMatchObject({ status: 'held', fraud_signals: ['disposable_email'] });
    expect((await balance(advocateId)).held).toBe(1000);
    const queue = await api.get('/v1/conversions?status=held&limit=100');
    expect(queue.body.data.map((c: { id: string }) => c.id)).toContain(held.body.id);

    const reviewed = await api.post(`/v1/conversions/${held.body.id}/review`, { decision: 'approve' });
    expect(reviewed.body.status).toBe('approved');
    expect(advocateRewardOf(reviewed.body).status).toBe('pending');
    expect(await balance(advocateId)).toMatchObject({ held: 0, pending: 1000 });
    expect((await api.post(`/v1/conversions/${held.body.id}/review`, { decision: 'approve' })).status).toBe(200);
    expect((await api.post(`/v1/conversions/${held.body.id}/review`, { decision: 'reject' })).status).toBe(409);
  });

  it('rejects self-referral by a normalised email, with no rewards', async () => {
    const { code } = await advocateIn({}, { email: 'alice.smith@gmail.com' });
    const res = await sale({
      code,
      customer: { external_id: `cust-${uid()}`, email: 'Alice.Smith+deals@googlemail.com' },
    });
    expect(res.body).toMatchObject({ status: 'rejected', rewards: [], risk: { decision: 'reject' } });
    expect(res.body.risk.signals.map((s: { code: string }) => s.code)).toContain('self_referral_email');
  });

  it("learns the advocate's own browser and flags later conversions from it", async () => {
    const { code, advocateId } = await advocateIn({ fraud_strictness: 'relaxed' }, { external_id: `self-${uid()}` });
    const advocate = (await api.get(`/v1/advocates/${advocateId}`)).body;
    const own = visitor('10.99.1.1');
    // The advocate buys through their own link (flagged by customer id), from their browser...
    await sale({ click_id: await clickThrough(code, own), customer: { external_id: advocate.external_id } });
    // ...then a "friend" converts from that same browser: flagged by the visitor alone.
    await new Promise((r) => setTimeout(r, 100));
    const friend = await sale({ click_id: await clickThrough(code, visitor('10.99.1.1')) });
    expect(friend.body.risk.signals.map((s: { code: string }) => s.code)).toContain('self_referral_visitor');
    // Two different customers behind one office address and browser are not flagged for that alone.
    const office = (await advocateIn()).code;
    const colleagueA = await sale({ click_id: await clickThrough(office, visitor('10.50.0.1')) });
    const colleagueB = await sale({ click_id: await clickThrough(office, visitor('10.50.0.1')) });
    expect(
      colleagueA.body.risk.signals.filter((s: { code: string }) => s.code !== 'click_to_conversion_too_fast'),
    ).toEqual([]);
    expect(
      colleagueB.body.risk.signals.filter((s: { code: string }) => s.code !== 'click_to_conversion_too_fast'),
    ).toEqual([]);
  });

  it('flags a conversion seconds after the click (cookie stuffing) and ad-click traffic', async () => {
    const { code } = await advocateIn();
    const fast = await sale({ click_id: await clickThrough(code) });
    expect(fast.body.risk.signals.map((s: { code: string }) => s.code)).toContain('click_to_conversion_too_fast');
    const later = await sale({
      click_id: await clickThrough(code),
      occurred_at: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(later.body.risk.signals.map((s: { code: string }) => s.code)).not.toContain('click_to_conversion_too_fast');
    const ad = await sale({
      click_id: await clickThrough(code, undefined, '?gclid=Cj0KCQ'),
      occurred_at: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(ad.body.risk.signals.map((s: { code: string }) => s.code)).toEqual(['ad_click_id']);
  });
});

describe('redemptions are conversions', () => {
  it('creates the referral and rewards when a code is redeemed, and refunds follow reversals', async () => {
    const { code, advocateId } = await advocateIn({
      referrer_reward: { type: 'percent_of_order', value: 10, currency: 'USD' },
    });
    const orderId = `ord-${uid()}`;
    const redeemed = await api.post('/v1/redemptions', {
      code,
      order_id: orderId,
      customer: { external_id: `cust-${uid()}` },
      order: { amount: 8000, currency: 'USD' },
    });
    expect(redeemed.status).toBe(201);
    const conversion = await sale({ order_id: orderId, code });
    expect(conversion.status).toBe(200);
    expect(advocateRewardOf(conversion.body)).toMatchObject({ amount: 800, status: 'pending' });
    expect(conversion.body.rewards.find((r: any) => r.recipient === 'friend')).toMatchObject({
      status: 'paid',
      amount: 1200,
    });
    await api.post(`/v1/redemptions/${redeemed.body.id}/reverse`, { amount: 2000 });
    expect((await balance(advocateId)).pending).toBe(600);
    await api.post(`/v1/redemptions/${redeemed.body.id}/reverse`, {});
    const after = (await api.get(`/v1/conversions/${conversion.body.id}`)).body;
    expect(after.refunded_amount).toBe(8000);
    expect(advocateRewardOf(after).status).toBe('voided');
    expect((await balance(advocateId)).pending).toBe(0);
  });
});

describe('retries: Idempotency-Key on every new write, natural keys underneath', () => {
  it('replays conversions, refunds, reviews and reward moves once', async () => {
    const { code, advocateId } = await advocateIn({
      referrer_reward: { type: 'percent_of_order', value: 10, currency: 'USD' },
    });
    const twice = async (path: string, body: unknown) => {
      const k = { 'Idempotency-Key': `idem-${uid()}` };
      const first = await api.post(path, body, k);
      const second = await api.post(path, body, k);
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      return first.body;
    };
    const conversion = await twice('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `cust-${uid()}`, email: 'b@mailinator.com' },
      amount: 10_000,
      currency: 'USD',
      code,
    });
    expect(conversion.status).toBe('held');
    await twice(`/v1/conversions/${conversion.id}/review`, { decision: 'approve' });
    const reward = advocateRewardOf(conversion);
    await twice(`/v1/rewards/${reward.id}/approve`, {});
    const refunded = await twice(`/v1/conversions/${conversion.id}/refund`, { amount: 1000 });
    expect(refunded.refunded_amount).toBe(1000);
    // Without the header, the same refund again is a second refund: that is what the key is for.
    expect((await api.get(`/v1/conversions/${conversion.id}`)).body.refunded_amount).toBe(1000);
    expect(await balance(advocateId)).toMatchObject({ approved: 900, pending: 0, held: 0 });
  });
});
