import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCreate, type ProgramCreate as ProgramInput } from '../../../shared/schemas/program.ts';
import { webhookEventSchema } from '../../../shared/schemas/webhook-events.ts';
import { enrollAdvocate } from '../../../worker/advocates/enroll-advocate.ts';
import { CONVERSION_COLUMNS } from '../../../worker/analytics/export-conversions.ts';
import { metricsOf } from '../../../worker/analytics/metrics.ts';
import type { Publisher } from '../../../worker/conversions/publish-outcomes.ts';
import { endSubscription, type RenewalInput, startSubscription } from '../../../worker/conversions/renewals.ts';
import { ingestOrder, ingestRefund } from '../../../worker/integrations/provider-orders.ts';
import { ingestRenewal } from '../../../worker/integrations/renewals.ts';
import { newId } from '../../../worker/lib/ids.ts';
import { advocateStore } from '../../../worker/storage/advocates.ts';
import { conversionStore } from '../../../worker/storage/conversions.ts';
import { programStore } from '../../../worker/storage/programs.ts';
import { redisKeys, type Tenant } from '../../../worker/storage/redis-keys.ts';
import { statsDay } from '../../../worker/storage/stats-buckets.ts';
import { subscriptionStore } from '../../../worker/storage/subscriptions.ts';
import { PROGRAM_INPUT } from '../../support/api.ts';
import { nodeWorkerEnv } from '../../support/node-env.ts';

// Recurring commissions, driven from Node against real Redis through the REST bridge, as the
// Stripe adapter drives them: the first paid invoice through ingestOrder + startSubscription, each
// later invoice through ingestRenewal, cancellation through endSubscription. Programs and advocates
// are made through their stores and use cases; what happened is read back from the stores.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let p: Publisher;
const sent: Promise<unknown>[] = [];
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  const tenant: Tenant = { merchantId: newId('merchant'), mode: 'test' };
  p = { env: ctx.env, ctx: { waitUntil: (x) => sent.push(x) }, tenant };
});
afterAll(async () => {
  await Promise.allSettled(sent);
  await ctx?.stop();
});

const MONTHLY_12 = { type: 'fixed_amount', value: 1000, currency: 'USD', recurring: { months: 12 } } as const;

/** Month `i` after `start` (ms), a month end kept as a biller keeps its anchor (Jan 31 → Feb 28 → Mar 31). */
function monthsAfter(start: number, i: number): number {
  const d = new Date(start);
  const m = d.getUTCMonth() + i;
  const last = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), m, Math.min(d.getUTCDate(), last), d.getUTCHours());
}

/**
 * A program, an advocate, and a referred customer's subscription whose first invoice (50.00 USD,
 * paid with the advocate's code at `startedAt`) is its conversion.
 */
async function referredSubscription(program: Partial<ProgramInput> = {}, startedAt = Date.UTC(2025, 0, 31, 9)) {
  const t = p.tenant;
  const created = await programStore(ctx.env).create(
    t,
    ProgramCreate.parse({ ...PROGRAM_INPUT, referrer_reward: MONTHLY_12, ...program }),
  );
  const who = { programId: created.id, externalId: `adv-${uid()}`, email: null, name: null, metadata: {} };
  const enrolled = await enrollAdvocate(advocateStore(ctx.env), t, who, 'api');
  if (enrolled.kind !== 'created') throw new Error('advocate not enrolled');
  const id = uid();
  const first = await ingestOrder(
    p,
    {
      provider: 'stripe',
      orderId: `in_first_${id}`,
      refundRef: `pi_first_${id}`,
      amount: 5000,
      currency: 'USD',
      customer: { external_id: `cus_${id}` },
      code: enrolled.code,
      occurredAt: startedAt,
    },
    Date.now(),
  );
  expect(first.applied.outcome).toBe('applied');
  const subscriptionId = `sub_${id}`;
  await startSubscription(
    p,
    { provider: 'stripe', subscriptionId, conversion: first.conversion!, startedAt },
    Date.now(),
  );
  return { subscriptionId, startedAt, first: first.conversion!, advocateId: first.conversion!.advocate_id };
}

/** The Stripe invoice of renewal `i` (a 50.00 USD monthly plan): its period starts `i` months after the start. */
function renewal(s: { subscriptionId: string; startedAt: number }, i: number, over: Partial<RenewalInput> = {}) {
  const periodStart = monthsAfter(s.startedAt, i);
  return {
    provider: 'stripe',
    subscriptionId: s.subscriptionId,
    orderId: `in_${s.subscriptionId}_${i}`,
    refundRef: `pi_${s.subscriptionId}_${i}`,
    amount: 5000,
    currency: 'USD',
    periodStart,
    occurredAt: periodStart,
    ...over,
  } satisfies RenewalInput;
}

async function conversionOfInvoice(orderId: string, customer: string) {
  await Promise.allSettled(sent.splice(0));
  const all = await conversionStore(ctx.env).list(p.tenant, undefined, 100);
  const found = all.conversions.find((c) => c.order_id === orderId && c.customer_external_id === customer);
  if (!found) return null;
  return (await conversionStore(ctx.env).get(p.tenant, found.id))!.view;
}
const advocateReward = (c: { rewards: { recipient: string }[] }) => c.rewards.find((r) => r.recipient === 'advocate');

/** Today's figures of a program (its renewals are created now, so they count in today's bucket). */
async function programFigures(programId: string) {
  const raw = (await ctx.bridge.direct([
    'HGETALL',
    redisKeys.stats(p.tenant, statsDay(Date.now()), 'program', programId),
  ])) as string[];
  const fields: Record<string, number> = {};
  for (let i = 0; i < raw.length; i += 2) fields[raw[i]!] = Number(raw[i + 1]);
  return metricsOf(fields, 0, 'program');
}

describe('recurring commissions', () => {
  it(`rewards renewals 1..12 of a monthly plan under months: 12 (13 renewals → 12 renewal rewards + the first sale's), \
from a month-end start, and counts them apart in the stats`, async () => {
    const s = await referredSubscription();
    const outcomes = [];
    for (let i = 1; i <= 13; i++) outcomes.push(await ingestRenewal(p, renewal(s, i), Date.now()));
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(13).fill('applied'));
    const customer = s.first.customer_external_id;
    const renewals = [];
    for (let i = 1; i <= 13; i++) renewals.push((await conversionOfInvoice(renewal(s, i).orderId, customer))!);
    expect(renewals.map((c) => c.recurring)).toEqual(
      renewals.map((_, i) => ({ subscription_id: s.subscriptionId, renewal: i + 1 })),
    );
    // Same referral and advocate, advocate rewards only (the friend's offer was their first purchase's).
    for (const c of renewals) {
      expect(c).toMatchObject({ referral_id: s.first.referral_id, advocate_id: s.advocateId, amount: 5000 });
      expect(c.rewards.every((r) => r.recipient === 'advocate')).toBe(true);
    }
    const rewarded = renewals.filter((c) => advocateReward(c));
    expect(rewarded).toHaveLength(12);
    expect(rewarded.map((c) => c.recurring!.renewal)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(advocateReward(rewarded[0]!)).toMatchObject({ amount: 1000, currency: 'USD', status: 'pending' });
    expect(renewals[12]!.reward_note).toMatch(/within 12 months of the first payment \(until 2026-01-31\)/);
    expect(advocateReward(s.first)).toMatchObject({ amount: 1000 });
    // The conversion.created payload of a renewal validates against the published event schema.
    const delivery = {
      id: 'evt_1',
      type: 'conversion.created',
      created_at: renewals[0]!.created_at,
      data: renewals[0],
    };
    expect(webhookEventSchema('conversion.created').safeParse(delivery).error).toBeUndefined();

    // The conversions CSV names the subscription and the renewal's number in its last two columns.
    const stored = (await conversionStore(ctx.env).get(p.tenant, renewals[2]!.id))!.stored;
    expect(CONVERSION_COLUMNS.slice(-2).map(([name, value]) => [name, value(stored)])).toEqual([
      ['subscription_id', s.subscriptionId],
      ['renewal', 3],
    ]);

    const sub = await subscriptionStore(ctx.env).get(p.tenant, 'stripe', s.subscriptionId);
    expect(sub).toMatchObject({ renewals: 13, ended_at: null, conversion_id: s.first.id });
    const figures = await programFigures(s.first.program_id);
    expect(figures.recurring).toEqual({
      renewals: 13,
      revenue: { USD: 13 * 5000 },
      refunds: 0,
      refunded_revenue: {},
      rewards: { count: 12, amount: { USD: 12 * 1000 } },
    });
    // Renewals are not new referred orders: the first sale alone is.
    expect(figures.conversions).toBe(1);
    expect(figures.referred_revenue).toEqual({ USD: 5000 });
    expect(figures.rewards.pending.count).toBe(1 + 1 + 12); // advocate + friend on the first sale, 12 renewals
  });

  it("claws back only that renewal's reward on a partial refund of one renewal", async () => {
    const s = await referredSubscription();
    for (let i = 1; i <= 3; i++) await ingestRenewal(p, renewal(s, i), Date.now());
    const refunded = await ingestRefund(
      p,
      { provider: 'stripe', refundRef: renewal(s, 2).refundRef, refund: { id: `re_${uid()}`, amount: 2000 } },
      Date.now(),
    );
    expect(refunded.outcome).toBe('applied');
    const customer = s.first.customer_external_id;
    const [r1, r2, r3] = await Promise.all([1, 2, 3].map((i) => conversionOfInvoice(renewal(s, i).orderId, customer)));
    expect(r2!.refunded_amount).toBe(2000);
    expect(advocateReward(r2!)).toMatchObject({ original_amount: 1000, amount: 600, reversed_amount: 400 });
    for (const other of [r1!, r3!]) {
      expect(other.refunded_amount).toBe(0);
      expect(advocateReward(other)).toMatchObject({ amount: 1000, reversed_amount: 0 });
    }
    const first = (await conversionStore(ctx.env).get(p.tenant, s.first.id))!.view;
    expect(first.refunded_amount).toBe(0);
    expect(advocateReward(first)).toMatchObject({ amount: 1000, reversed_amount: 0 });
    const figures = await programFigures(s.first.program_id);
    expect(figures.recurring).toMatchObject({ revenue: { USD: 3 * 5000 - 2000 }, refunds: 1 });
    expect(figures.refunds).toBe(0);
  });

  it('applies a refund that arrived before its renewal when the renewal arrives', async () => {
    const s = await referredSubscription();
    const early = await ingestRefund(
      p,
      { provider: 'stripe', refundRef: renewal(s, 1).refundRef, refund: { id: `re_${uid()}`, amount: 5000 } },
      Date.now(),
    );
    expect(early.outcome).toBe('pending');
    await ingestRenewal(p, renewal(s, 1), Date.now());
    const r1 = await conversionOfInvoice(renewal(s, 1).orderId, s.first.customer_external_id);
    expect(r1!.refunded_amount).toBe(5000);
    expect(advocateReward(r1!)).toMatchObject({ amount: 0, reversed_amount: 1000 });
  });

  it('records nothing more once the subscription ended (customer.subscription.deleted)', async () => {
    const s = await referredSubscription();
    expect((await ingestRenewal(p, renewal(s, 1), Date.now())).outcome).toBe('applied');
    // Ended when renewal 2's period starts: that renewal, and any later one, earns nothing.
    expect(await endSubscription(p, 'stripe', s.subscriptionId, Date.now(), renewal(s, 2).periodStart)).toEqual({
      outcome: 'applied',
      detail: expect.stringContaining('ended after 1 renewals'),
    });
    expect((await endSubscription(p, 'stripe', s.subscriptionId, Date.now())).outcome).toBe('ignored');
    const after = await ingestRenewal(p, renewal(s, 2), Date.now());
    expect(after).toEqual({ outcome: 'ignored', detail: expect.stringContaining('renewals earn nothing more') });
    expect(await conversionOfInvoice(renewal(s, 2).orderId, s.first.customer_external_id)).toBeNull();
    // The renewal recorded before the end is still answered as itself.
    expect((await ingestRenewal(p, renewal(s, 1), Date.now())).detail).toContain('was recorded before');
  });

  it('records the same renewal delivered 10 times at once as one conversion, counted once', async () => {
    const s = await referredSubscription();
    const input = renewal(s, 1);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => ingestRenewal(p, input, Date.now())));
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'ignored')).toHaveLength(9);
    await Promise.allSettled(sent.splice(0));
    const all = await conversionStore(ctx.env).list(p.tenant, undefined, 100);
    expect(all.conversions.filter((c) => c.order_id === input.orderId)).toHaveLength(1);
    expect(await subscriptionStore(ctx.env).get(p.tenant, 'stripe', s.subscriptionId)).toMatchObject({ renewals: 1 });
    expect((await programFigures(s.first.program_id)).recurring.renewals).toBe(1);
  });

  it("applies the program's tiers and monthly cap to renewals as to first sales", async () => {
    const s = await referredSubscription({
      reward_tiers: [
        { from_conversions: 2, label: 'Gold', reward: { type: 'fixed_amount', value: 2000, currency: 'USD' } },
      ],
      limits: {
        code_max_uses: null,
        one_redemption_per_customer: true,
        new_customers_only: false,
        min_order_amount: null,
        max_rewards_per_advocate_per_month: 3,
      },
    });
    for (let i = 1; i <= 3; i++) await ingestRenewal(p, renewal(s, i), Date.now());
    const customer = s.first.customer_external_id;
    const rs = await Promise.all([1, 2, 3].map((i) => conversionOfInvoice(renewal(s, i).orderId, customer)));
    // First sale: reward 1 (base); renewals 1 and 2: rewards 2 and 3 (Gold); renewal 3: over the cap of 3.
    expect(advocateReward(s.first)).toMatchObject({ amount: 1000, tier: null });
    expect(rs.slice(0, 2).map((c) => advocateReward(c!))).toMatchObject([
      { amount: 2000, tier: 'Gold' },
      { amount: 2000, tier: 'Gold' },
    ]);
    expect(advocateReward(rs[2]!)).toBeUndefined();
    expect(rs[2]!.reward_note).toMatch(/cap of 3 rewards this month/);
  });

  it('rewards every renewal with months: null, none without the recurring setting', async () => {
    const life = await referredSubscription({
      referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD', recurring: { months: null } },
    });
    await ingestRenewal(p, renewal(life, 120), Date.now());
    const late = await conversionOfInvoice(renewal(life, 120).orderId, life.first.customer_external_id);
    expect(advocateReward(late!)).toMatchObject({ amount: 1000 });

    const plain = await referredSubscription({ referrer_reward: PROGRAM_INPUT.referrer_reward });
    expect((await ingestRenewal(p, renewal(plain, 1), Date.now())).outcome).toBe('applied');
    const r1 = await conversionOfInvoice(renewal(plain, 1).orderId, plain.first.customer_external_id);
    expect(r1!.rewards).toEqual([]);
    expect(r1!.reward_note).toMatch(/only the first sale/);
  });

  it('answers unattributed for a subscription nobody referred, recording nothing', async () => {
    const s = { subscriptionId: `sub_${uid()}`, startedAt: Date.now() };
    const answer = await ingestRenewal(p, renewal(s, 1), Date.now());
    expect(answer).toEqual({ outcome: 'unattributed', detail: expect.stringContaining('was not referred') });
    expect((await endSubscription(p, 'stripe', s.subscriptionId, Date.now())).outcome).toBe('unattributed');
  });
});
