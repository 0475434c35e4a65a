import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../../shared/schemas/program.ts';
import { enrollAdvocate } from '../../../worker/advocates/enroll-advocate.ts';
import type { Publisher } from '../../../worker/conversions/publish-outcomes.ts';
import {
  ingestOrder,
  ingestRefund,
  linkRefundRef,
  type ProviderOrder,
  type ProviderRefund,
} from '../../../worker/integrations/provider-orders.ts';
import { newId } from '../../../worker/lib/ids.ts';
import { advocateStore } from '../../../worker/storage/advocates.ts';
import { conversionStore } from '../../../worker/storage/conversions.ts';
import { programStore } from '../../../worker/storage/programs.ts';
import { rewardStore } from '../../../worker/storage/rewards.ts';
import { PROGRAM_INPUT } from '../../support/api.ts';
import { nodeWorkerEnv } from '../../support/node-env.ts';

// The orders core every provider adapter calls (Stripe and Shopify events read into ProviderOrder /
// ProviderRefund), driven from Node against real Redis through the REST bridge; programs and
// advocates are made through their stores and use cases, and what happened is read back from them.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let publisher: Publisher;
const sent: Promise<unknown>[] = [];
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  const tenant = { merchantId: newId('merchant'), mode: 'test' as const };
  publisher = { env: ctx.env, ctx: { waitUntil: (p) => sent.push(p) }, tenant };
});
afterAll(async () => {
  await Promise.allSettled(sent);
  await ctx?.stop();
});

/** An advocate of a fresh program (a $10 reward per referred sale): the code a friend types. */
async function advocateCode() {
  const t = publisher.tenant;
  const program = await programStore(ctx.env).create(t, ProgramCreate.parse(PROGRAM_INPUT));
  const who = { programId: program.id, externalId: `adv-${uid()}`, email: null, name: null, metadata: {} };
  const enrolled = await enrollAdvocate(advocateStore(ctx.env), t, who, 'api');
  if (enrolled.kind !== 'created') throw new Error('advocate not enrolled');
  return enrolled.code;
}

/** A Stripe-shaped order of 100.00 USD paid with an advocate's code, refunds naming its payment intent. */
function order(code: string | undefined, over: Partial<ProviderOrder> = {}): ProviderOrder {
  const id = uid();
  return {
    provider: 'stripe',
    orderId: `cs_test_${id}`,
    refundRef: `pi_${id}`,
    amount: 10_000,
    currency: 'USD',
    customer: { external_id: `cus_${id}`, email: `friend-${id}@example.com` },
    ...(code ? { code } : {}),
    occurredAt: Date.now(),
    ...over,
  };
}

const refund = (o: ProviderOrder, r: Omit<ProviderRefund, 'provider' | 'refundRef'>): ProviderRefund => ({
  provider: o.provider,
  refundRef: o.refundRef,
  ...r,
});

async function conversionOf(id: string) {
  await Promise.allSettled(sent.splice(0));
  const found = await conversionStore(ctx.env).get(publisher.tenant, id);
  if (!found) throw new Error(`conversion ${id} missing`);
  const advocate = found.view.rewards.find((r) => r.recipient === 'advocate');
  return { conversion: found.view, refunded: found.view.refunded_amount, reward: advocate };
}

async function paid(o: ProviderOrder) {
  const { applied, conversion } = await ingestOrder(publisher, o, Date.now());
  expect(applied.outcome).toBe('applied');
  return conversion!.id;
}

describe('ingestOrder', () => {
  it('records the same order delivered 10 times at once as one conversion, with one reward', async () => {
    const o = order(await advocateCode());
    const results = await Promise.all(Array.from({ length: 10 }, () => ingestOrder(publisher, o, Date.now())));
    const ids = new Set(results.map((r) => r.conversion?.id));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.applied.outcome === 'applied')).toBe(true);
    const created = results.filter((r) => r.applied.detail?.includes('credited to'));
    expect(created).toHaveLength(1);
    const id = [...ids][0]!;
    const { conversion } = await conversionOf(id);
    expect(conversion).toMatchObject({ order_id: o.orderId, amount: 10_000, currency: 'USD' });
    expect(conversion.attribution.source).toBe('code');
    const balance = (await rewardStore(ctx.env).balance(publisher.tenant, conversion.advocate_id)).lines;
    expect(balance).toEqual([{ unit: 'USD', pending: 1000, held: 0, approved: 0, paid: 0 }]);
  });

  it('answers unattributed with the reason in words when the order carries no click or code', async () => {
    const result = await ingestOrder(publisher, order(undefined), Date.now());
    expect(result).toEqual({
      applied: { outcome: 'unattributed', detail: expect.stringContaining('Neither a click id nor a referral code') },
      conversion: null,
    });
  });
});

describe('ingestRefund', () => {
  it(`keeps a refund that arrives before its payment (pending), and applies it when the order arrives: refunded \
amount and the reward's proportional clawback`, async () => {
    const o = order(await advocateCode());
    const early = await ingestRefund(publisher, refund(o, { refund: { id: `re_${uid()}`, amount: 2500 } }), Date.now());
    expect(early.outcome).toBe('pending');
    const { applied, conversion } = await ingestOrder(publisher, o, Date.now());
    expect(applied).toEqual({
      outcome: 'applied',
      detail: expect.stringContaining('Refunds received before it applied'),
    });
    expect(conversion?.refunded_amount).toBe(2500);
    const { refunded, reward } = await conversionOf(conversion!.id);
    expect(refunded).toBe(2500);
    expect(reward).toMatchObject({ status: 'pending', original_amount: 1000, amount: 750, reversed_amount: 250 });
  });

  it(`brings a charge's running totals 30.00 then 50.00 to 50.00 refunded in either order (never 80.00), before \
its payment arrived too`, async () => {
    const code = await advocateCode();
    for (const [totals, early] of [
      [[3000, 5000], false],
      [[5000, 3000], false],
      [[5000, 3000], true],
    ] as const) {
      const o = order(code);
      const id = early ? null : await paid(o);
      const charge = `ch_${uid()}`;
      const outcomes = [];
      for (const amount of totals) {
        outcomes.push(await ingestRefund(publisher, refund(o, { cumulative: { of: charge, amount } }), Date.now()));
      }
      const expected = early
        ? ['pending', 'pending']
        : totals[0] === 3000
          ? ['applied', 'applied']
          : ['applied', 'ignored'];
      expect(outcomes.map((a) => a.outcome)).toEqual(expected);
      const conversionId = id ?? (await paid(o));
      expect(await conversionOf(conversionId)).toMatchObject({
        refunded: 5000,
        reward: { amount: 500, reversed_amount: 500 },
      });
    }
  });

  it(`counts refund.created refunds by id and charge.refunded running totals as one history: never doubled, \
retries change nothing`, async () => {
    const o = order(await advocateCode());
    const id = await paid(o);
    const charge = `ch_${uid()}`;
    const steps: [Omit<ProviderRefund, 'provider' | 'refundRef'>, number][] = [
      [{ refund: { id: 're_a', amount: 2000 } }, 2000],
      [{ cumulative: { of: charge, amount: 2000 } }, 2000],
      [{ refund: { id: 're_a', amount: 2000 } }, 2000],
      [{ refund: { id: 're_b', amount: 3000 } }, 5000],
      [{ cumulative: { of: charge, amount: 5000 } }, 5000],
      [{ cumulative: { of: charge, amount: 2000 } }, 5000],
    ];
    for (const [r, total] of steps) {
      await ingestRefund(publisher, refund(o, r), Date.now());
      expect((await conversionOf(id)).refunded).toBe(total);
    }
    expect((await conversionOf(id)).reward).toMatchObject({ amount: 500, reversed_amount: 500 });
  });

  it('a full cancellation refunds the rest, voiding the unpaid reward; a second cancel changes nothing', async () => {
    const o = order(await advocateCode());
    const id = await paid(o);
    await ingestRefund(publisher, refund(o, { refund: { id: `re_${uid()}`, amount: 2000 } }), Date.now());
    const cancel = await ingestRefund(publisher, refund(o, { full: true }), Date.now());
    expect(cancel).toEqual({ outcome: 'applied', detail: expect.stringContaining('100.00 USD of 100.00 USD') });
    expect(await conversionOf(id)).toMatchObject({ refunded: 10_000, reward: { status: 'voided', amount: 0 } });
    expect((await ingestRefund(publisher, refund(o, { full: true }), Date.now())).outcome).toBe('ignored');
    expect((await conversionOf(id)).refunded).toBe(10_000);
  });

  it('caps a refund larger than the order at the order amount', async () => {
    const o = order(await advocateCode());
    const id = await paid(o);
    const r = await ingestRefund(publisher, refund(o, { refund: { id: `re_${uid()}`, amount: 15_000 } }), Date.now());
    expect(r.outcome).toBe('applied');
    expect(await conversionOf(id)).toMatchObject({ refunded: 10_000, reward: { status: 'voided' } });
  });

  it('applies a refund and its payment arriving at the same moment exactly once, whichever lands first', async () => {
    const code = await advocateCode();
    const orders = Array.from({ length: 5 }, () => order(code));
    await Promise.all(
      orders.flatMap((o) => [
        ingestOrder(publisher, o, Date.now()),
        ingestRefund(publisher, refund(o, { refund: { id: `re_${uid()}`, amount: 4000 } }), Date.now()),
      ]),
    );
    for (const o of orders) {
      const { conversion } = await ingestOrder(publisher, o, Date.now());
      expect((await conversionOf(conversion!.id)).refunded).toBe(4000);
    }
  });

  it('ignores a refund without a usable amount, changing nothing', async () => {
    const o = order(await advocateCode());
    const id = await paid(o);
    const bad = await ingestRefund(publisher, refund(o, { refund: { id: 're_x', amount: 12.5 } }), Date.now());
    expect(bad).toEqual({ outcome: 'ignored', detail: expect.stringContaining('not whole minor units') });
    expect((await ingestRefund(publisher, refund(o, {}), Date.now())).outcome).toBe('ignored');
    expect((await conversionOf(id)).refunded).toBe(0);
  });
});

describe('linkRefundRef', () => {
  it('links another refund reference (a renewal invoice) to a conversion and applies what arrived for it', async () => {
    const o = order(await advocateCode());
    const id = await paid(o);
    const invoicePayment = `pi_${uid()}`;
    const r = { provider: 'stripe' as const, refundRef: invoicePayment, refund: { id: `re_${uid()}`, amount: 1000 } };
    expect((await ingestRefund(publisher, r, Date.now())).outcome).toBe('pending');
    await linkRefundRef(publisher, 'stripe', invoicePayment, id, Date.now());
    expect((await conversionOf(id)).refunded).toBe(1000);
  });
});
