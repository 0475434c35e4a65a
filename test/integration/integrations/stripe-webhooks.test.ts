import { beforeAll, describe, expect, it } from 'vitest';
import {
  canceledSubscription,
  checkoutSession,
  LEGACY_STRIPE_API_VERSION,
  legacyPaidInvoice,
  paidInvoice,
  paidInvoicePayment,
  refund,
  refundedCharge,
  stripeEvent,
  stripeId,
  stripeSignature,
} from '../../../scripts/providers/stripe-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { storedText } from '../../support/stored-text.ts';
import { workerSuite } from '../../support/suite.ts';

// Stripe's webhooks into the Worker (workerd, real Redis). Stripe itself is unreachable here: every
// payload is built as Stripe's API reference documents the event (scripts/providers/stripe-events.ts,
// typed against the official `stripe` package) and signed with that package's test-header helper.
const suite = workerSuite();
let merchant: TestMerchant;
let api: ReturnType<typeof apiClient>;

const WHSEC = 'whsec_Hk3tQ9wLmB7xVz2RcN5pYs8EaJ4uD6Gf';
const OLD_WHSEC = 'whsec_Old0Zq8Lb3Vx7Ty2Wc9Pd4Hs6Jf1Kg0R';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
// Visitors from a block of their own per run: the database outlives a run, and a visitor's conversions
// within the hour count towards the fraud rules' velocity.
let ip = Math.floor(Math.random() * 200) << 8;

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, merchant.sk);
  const connected = await api.call('PUT', '/v1/integrations/stripe', { webhook_secret: WHSEC });
  expect(connected.status).toBe(200);
});

interface Delivery {
  secrets?: string | string[];
  timestamp?: number;
  /** Sent instead of the signed text (an altered body). */
  body?: string;
  path?: string;
  header?: string | null;
}

/** POSTs an event to the merchant's hook URL, signed as Stripe signs it. */
async function deliver(event: object, d: Delivery = {}) {
  const payload = JSON.stringify(event, null, 2);
  const signature = d.header === undefined ? stripeSignature(payload, d.secrets ?? WHSEC, d.timestamp) : d.header;
  const res = await suite.worker.fetch(d.path ?? `/hooks/stripe/${merchant.id}/test`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(signature === null ? {} : { 'Stripe-Signature': signature }),
    },
    body: d.body ?? payload,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function advocateIn(reward: Record<string, unknown> = {}) {
  const program = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      referrer_reward: { ...PROGRAM_INPUT.referrer_reward, ...reward },
    })
  ).body;
  const enrolled = (await api.post(`/v1/programs/${program.id}/advocates`, { external_id: `adv-${uid()}` })).body;
  return { programId: program.id as string, code: enrolled.code as string, advocateId: enrolled.advocate.id as string };
}

/** A real click through the short link: its `vouch_click`. */
async function clickThrough(code: string) {
  const who = visitor(`10.9.${ip >> 8}.${ip++ & 255}`);
  const res = await suite.worker.fetch(`/r/${code}`, { headers: who.headers(), redirect: 'manual' });
  expect(res.status).toBe(302);
  await settle(suite.bridge);
  return new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
}

/** A checkout paid a minute after its click (a paid checkout within 5 s of the click is held as cookie stuffing). */
const aMinuteLater = () => ({ created: Math.floor(Date.now() / 1000) + 60 });

/** Every conversion credited to an advocate, oldest first. */
async function conversionsOf(advocateId: string) {
  const all: any[] = [];
  let after: string | undefined;
  for (;;) {
    const page = (await api.get(`/v1/conversions?limit=100${after ? `&starting_after=${after}` : ''}`)).body;
    all.push(...page.data);
    if (!page.has_more) break;
    after = page.data.at(-1).id;
  }
  return all.filter((c) => c.advocate_id === advocateId).sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
}
const advocateReward = (conversion: any) => conversion.rewards.find((r: any) => r.recipient === 'advocate');

describe('POST /hooks/stripe: checkout.session.completed', () => {
  it('makes a paid Checkout with client_reference_id = vouch_click a conversion of amount_total', async () => {
    const { code, advocateId } = await advocateIn();
    const click = await clickThrough(code);
    const session = checkoutSession({ amount: 12_900, clientReferenceId: click, email: 'Ann@Example.com' });
    const res = await deliver(stripeEvent('checkout.session.completed', session, aMinuteLater()));
    expect(res).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    const [conversion] = await conversionsOf(advocateId);
    expect(conversion).toMatchObject({
      order_id: session.id,
      amount: 12_900,
      currency: 'USD',
      click_id: click,
      customer_external_id: session.customer,
      attribution: { source: 'click' },
    });
    expect(conversion.risk.signals).toEqual([]);
    expect(advocateReward(conversion)).toMatchObject({ amount: 1000, status: 'pending' });
  });

  it('credits metadata.vouch_code on a guest checkout (customer = the lower-cased email)', async () => {
    const { code, advocateId } = await advocateIn();
    const session = checkoutSession({
      amount: 5_000,
      customer: null,
      email: 'Guest.Buyer@Example.com',
      clientReferenceId: 'order-8812',
      metadata: { vouch_code: code.toLowerCase() },
    });
    expect((await deliver(stripeEvent('checkout.session.completed', session))).body.outcome).toBe('applied');
    const [conversion] = await conversionsOf(advocateId);
    expect(conversion).toMatchObject({
      order_id: session.id,
      code,
      customer_external_id: 'email:guest.buyer@example.com',
      attribution: { source: 'code' },
    });
  });

  it('answers unattributed for an order nobody referred, and ignores an unpaid Checkout', async () => {
    const plain = checkoutSession({ amount: 2_000 });
    expect((await deliver(stripeEvent('checkout.session.completed', plain))).body.outcome).toBe('unattributed');
    // A promotion code Vouch did not create (coupon sync maps its own to advocates: coupon-sync.test.ts).
    const foreignPromo = checkoutSession({ amount: 2_000, promotionCode: stripeId('promo') });
    expect((await deliver(stripeEvent('checkout.session.completed', foreignPromo))).body.outcome).toBe('unattributed');
    const { code, advocateId } = await advocateIn();
    const unpaid = checkoutSession({ amount: 2_000, paymentStatus: 'unpaid', metadata: { vouch_code: code } });
    const res = await deliver(stripeEvent('checkout.session.completed', unpaid));
    expect(res.body).toMatchObject({ outcome: 'ignored', detail: expect.stringContaining('not paid') });
    expect(await conversionsOf(advocateId)).toEqual([]);
  });

  it('applies the same event delivered 10 times at once exactly once', async () => {
    const { code, advocateId } = await advocateIn();
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ amount: 9_900, metadata: { vouch_code: code } }),
    );
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    for (const a of answers) expect([200, 409]).toContain(a.status);
    expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
    const later = await deliver(event);
    expect(later.body.outcome).toBe('duplicate');
    const conversions = await conversionsOf(advocateId);
    expect(conversions).toHaveLength(1);
    const balance = (await api.get(`/v1/advocates/${advocateId}/balance`)).body.lines[0];
    expect(balance.pending).toBe(1000);
  });
});

describe('POST /hooks/stripe: refunds', () => {
  it('keeps a refund that arrives before its payment and applies it when the payment arrives', async () => {
    const { code, advocateId } = await advocateIn({ type: 'percent_of_order', value: 10, currency: 'USD' });
    const paymentIntent = stripeId('pi');
    const early = await deliver(stripeEvent('refund.created', refund({ amount: 2_500, paymentIntent })));
    expect(early.body.outcome).toBe('pending');
    const session = checkoutSession({ amount: 10_000, paymentIntent, metadata: { vouch_code: code } });
    expect((await deliver(stripeEvent('checkout.session.completed', session))).body.outcome).toBe('applied');
    const [conversion] = await conversionsOf(advocateId);
    expect(conversion.refunded_amount).toBe(2_500);
    expect(advocateReward(conversion).amount).toBe(750);
  });

  it('reads charge.refunded as a running total: redelivered or repeated totals never refund twice', async () => {
    const { code, advocateId } = await advocateIn({ type: 'percent_of_order', value: 10, currency: 'USD' });
    const paymentIntent = stripeId('pi');
    const session = checkoutSession({ amount: 10_000, paymentIntent, metadata: { vouch_code: code } });
    await deliver(stripeEvent('checkout.session.completed', session));
    const charge = { id: stripeId('ch'), amount: 10_000, paymentIntent };
    const first = await deliver(stripeEvent('charge.refunded', refundedCharge({ ...charge, amountRefunded: 3_000 })));
    expect(first.body.outcome).toBe('applied');
    // Another event with the same running total (Stripe sends one per refund; a retry has a new delivery).
    await deliver(stripeEvent('charge.refunded', refundedCharge({ ...charge, amountRefunded: 3_000 })));
    let [conversion] = await conversionsOf(advocateId);
    expect(conversion.refunded_amount).toBe(3_000);
    expect(advocateReward(conversion).amount).toBe(700);
    // The refund.created of the same refund does not add to it: totals are the larger of the two views.
    await deliver(stripeEvent('refund.created', refund({ amount: 3_000, paymentIntent, charge: charge.id })));
    await deliver(stripeEvent('charge.refunded', refundedCharge({ ...charge, amountRefunded: 10_000 })));
    [conversion] = await conversionsOf(advocateId);
    expect(conversion.refunded_amount).toBe(10_000);
    expect(advocateReward(conversion)).toMatchObject({ amount: 0, status: 'voided' });
  });

  it('ignores a failed refund', async () => {
    const res = await deliver(
      stripeEvent('refund.created', refund({ amount: 100, paymentIntent: stripeId('pi'), status: 'failed' })),
    );
    expect(res.body).toMatchObject({ outcome: 'ignored', detail: expect.stringContaining('failed') });
  });
});

describe('POST /hooks/stripe: subscriptions and recurring commissions', () => {
  async function subscribe(reward: Record<string, unknown>) {
    const { code, advocateId } = await advocateIn(reward);
    const click = await clickThrough(code);
    const subscription = stripeId('sub');
    const invoiceId = stripeId('in');
    const customer = stripeId('cus');
    const start = Math.floor(Date.now() / 1000);
    const session = checkoutSession({
      mode: 'subscription',
      amount: 2_000,
      customer,
      clientReferenceId: click,
      subscription,
      invoice: invoiceId,
    });
    const first = paidInvoice({
      id: invoiceId,
      subscription,
      customer,
      billingReason: 'subscription_create',
      amountPaid: 2_000,
      periodStart: start,
    });
    return { advocateId, subscription, customer, start, session, first };
  }

  it(`makes the Checkout and its first invoice one conversion, then 13 monthly renewals under months: 12 give \
12 renewal rewards, and a partial refund of one renewal claws back that renewal's reward only`, async () => {
    const s = await subscribe({ recurring: { months: 12 } });
    const checkout = stripeEvent('checkout.session.completed', s.session, aMinuteLater());
    expect((await deliver(checkout)).body.outcome).toBe('applied');
    expect((await deliver(stripeEvent('invoice.paid', s.first))).body.outcome).not.toBe('failed');
    expect(await conversionsOf(s.advocateId)).toHaveLength(1);

    const intents: string[] = [];
    for (let month = 1; month <= 13; month++) {
      const paymentIntent = stripeId('pi');
      intents.push(paymentIntent);
      const renewal = paidInvoice({
        subscription: s.subscription,
        customer: s.customer,
        billingReason: 'subscription_cycle',
        amountPaid: 2_000,
        periodStart: monthsAfter(s.start, month),
      });
      const res = await deliver(stripeEvent('invoice.paid', renewal));
      expect(res.status).toBe(200);
      const payment = paidInvoicePayment({ invoice: renewal.id, paymentIntent, amount: 2_000 });
      expect((await deliver(stripeEvent('invoice_payment.paid', payment))).body.outcome).toBe('applied');
    }
    const conversions = await conversionsOf(s.advocateId);
    const renewals = conversions.filter((c) => c.recurring?.subscription_id === s.subscription);
    expect(renewals).toHaveLength(13);
    const rewarded = renewals.filter((c) => advocateReward(c)?.amount > 0);
    expect(rewarded).toHaveLength(12);
    expect(rewarded.map((c) => c.recurring.renewal).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );

    // Renewal 3's charge refunded by half: its reward halves, every other reward stays whole.
    const third = renewals.find((c) => c.recurring.renewal === 3);
    const charge = refundedCharge({ amount: 2_000, amountRefunded: 1_000, paymentIntent: intents[2]! });
    expect((await deliver(stripeEvent('charge.refunded', charge))).body.outcome).toBe('applied');
    const after = await conversionsOf(s.advocateId);
    for (const c of after) {
      const before = conversions.find((x) => x.id === c.id);
      if (c.id === third.id) {
        expect(c.refunded_amount).toBe(1_000);
        expect(advocateReward(c).amount).toBe(advocateReward(before).amount / 2);
      } else {
        expect(c.refunded_amount).toBe(0);
        expect(advocateReward(c)?.amount).toBe(advocateReward(before)?.amount);
      }
    }
  });

  it('stops rewarding renewals once customer.subscription.deleted arrives', async () => {
    const s = await subscribe({ recurring: { months: null } });
    await deliver(stripeEvent('checkout.session.completed', s.session, aMinuteLater()));
    await deliver(stripeEvent('invoice.paid', s.first));
    const renew = (month: number) =>
      paidInvoice({
        subscription: s.subscription,
        customer: s.customer,
        billingReason: 'subscription_cycle',
        amountPaid: 2_000,
        periodStart: monthsAfter(s.start, month),
      });
    expect((await deliver(stripeEvent('invoice.paid', renew(1)))).body.outcome).toBe('applied');
    const ended = await deliver(
      stripeEvent('customer.subscription.deleted', canceledSubscription({ id: s.subscription })),
    );
    expect(ended.status).toBe(200);
    expect(['applied', 'ignored']).toContain(ended.body.outcome);
    const late = await deliver(stripeEvent('invoice.paid', renew(2)));
    expect(late.body.outcome).not.toBe('applied');
    const renewals = (await conversionsOf(s.advocateId)).filter((c) => c.recurring);
    expect(renewals).toHaveLength(1);
  });

  /** A renewal invoice as the current API sends it (no payment on it), and the payment that paid it. */
  function renewalOf(s: Awaited<ReturnType<typeof subscribe>>, month: number) {
    const invoice = paidInvoice({
      subscription: s.subscription,
      customer: s.customer,
      billingReason: 'subscription_cycle',
      amountPaid: 2_000,
      periodStart: monthsAfter(s.start, month),
    });
    const paymentIntent = stripeId('pi');
    const payment = paidInvoicePayment({ invoice: invoice.id, paymentIntent, amount: 2_000 });
    return { invoice, payment, paymentIntent };
  }
  const renewalOrders = async (s: { advocateId: string; subscription: string }) =>
    (await conversionsOf(s.advocateId)).filter((c) => c.recurring?.subscription_id === s.subscription);

  it(`links a current-API renewal's refunds through invoice_payment.paid (the invoice names no payment), \
whichever of invoice.paid, invoice_payment.paid and charge.refunded comes first`, async () => {
    const s = await subscribe({ recurring: { months: 12 } });
    await deliver(stripeEvent('checkout.session.completed', s.session, aMinuteLater()));
    await deliver(stripeEvent('invoice.paid', s.first));
    const outcome = async (type: string, object: object) => (await deliver(stripeEvent(type, object))).body.outcome;
    const charge = (r: ReturnType<typeof renewalOf>, amountRefunded: number) =>
      refundedCharge({ amount: 2_000, amountRefunded, paymentIntent: r.paymentIntent });

    // The invoice, then its payment, then a full refund.
    const one = renewalOf(s, 1);
    expect(one.invoice).not.toHaveProperty('payments');
    expect(await outcome('invoice.paid', one.invoice)).toBe('applied');
    expect(await outcome('invoice_payment.paid', one.payment)).toBe('applied');
    expect(await outcome('charge.refunded', charge(one, 2_000))).toBe('applied');
    // The payment before its invoice (kept), then half refunded.
    const two = renewalOf(s, 2);
    expect(await outcome('invoice_payment.paid', two.payment)).toBe('pending');
    expect(await outcome('invoice.paid', two.invoice)).toBe('applied');
    expect(await outcome('charge.refunded', charge(two, 1_000))).toBe('applied');
    // The refund first, then the payment, then the invoice: both kept until the invoice arrives.
    const three = renewalOf(s, 3);
    expect(await outcome('charge.refunded', charge(three, 500))).toBe('pending');
    expect(await outcome('invoice_payment.paid', three.payment)).toBe('pending');
    expect(await outcome('invoice.paid', three.invoice)).toBe('applied');

    const renewals = await renewalOrders(s);
    const byInvoice = new Map(renewals.map((c) => [c.order_id, c]));
    expect(byInvoice.get(one.invoice.id)).toMatchObject({ refunded_amount: 2_000 });
    expect(advocateReward(byInvoice.get(one.invoice.id))).toMatchObject({ amount: 0, status: 'voided' });
    expect(byInvoice.get(two.invoice.id)).toMatchObject({ refunded_amount: 1_000 });
    // The renewal's fixed $10 reward, in proportion to what was kept.
    expect(advocateReward(byInvoice.get(two.invoice.id)).amount).toBe(500);
    expect(advocateReward(byInvoice.get(three.invoice.id)).amount).toBe(750);
    expect(byInvoice.get(three.invoice.id)).toMatchObject({ refunded_amount: 500 });
  });

  it(`makes invoice.paid before its checkout.session.completed one attributed conversion whose refunds apply \
(the first invoice carries no vouch_click; its payment comes after, or before, the Checkout)`, async () => {
    for (const paymentFirst of [false, true]) {
      const s = await subscribe({ recurring: { months: 12 } });
      const paymentIntent = stripeId('pi');
      const payment = paidInvoicePayment({ invoice: s.first.id, paymentIntent, amount: 2_000 });
      expect((await deliver(stripeEvent('invoice.paid', s.first))).body.outcome).toBe('unattributed');
      if (paymentFirst)
        expect((await deliver(stripeEvent('invoice_payment.paid', payment))).body.outcome).toBe('pending');
      const checkout = await deliver(stripeEvent('checkout.session.completed', s.session, aMinuteLater()));
      expect(checkout.body.outcome).toBe('applied');
      if (!paymentFirst)
        expect((await deliver(stripeEvent('invoice_payment.paid', payment))).body.outcome).toBe('applied');
      const charge = refundedCharge({ amount: 2_000, amountRefunded: 2_000, paymentIntent });
      expect((await deliver(stripeEvent('charge.refunded', charge))).body.outcome).toBe('applied');
      const conversions = await conversionsOf(s.advocateId);
      expect(conversions).toHaveLength(1);
      expect(conversions[0]).toMatchObject({
        order_id: s.first.id,
        attribution: { source: 'click' },
        refunded_amount: 2_000,
      });
      expect(advocateReward(conversions[0])).toMatchObject({ amount: 0, status: 'voided' });
    }
  });

  it(`still records a renewal paid after customer.subscription.deleted for a period that began before the \
subscription ended (its ended_at), and none for a period from then on`, async () => {
    const s = await subscribe({ recurring: { months: null } });
    await deliver(stripeEvent('checkout.session.completed', s.session, aMinuteLater()));
    await deliver(stripeEvent('invoice.paid', s.first));
    const endedAt = monthsAfter(s.start, 1) + 10 * 86_400;
    const cancel = canceledSubscription({ id: s.subscription, endedAt });
    expect((await deliver(stripeEvent('customer.subscription.deleted', cancel))).body.outcome).toBe('applied');
    const late = renewalOf(s, 1);
    expect((await deliver(stripeEvent('invoice.paid', late.invoice))).body.outcome).toBe('applied');
    const after = await deliver(stripeEvent('invoice.paid', renewalOf(s, 2).invoice));
    expect(after.body).toMatchObject({ outcome: 'ignored', detail: expect.stringContaining('earn nothing more') });
    const renewals = await renewalOrders(s);
    expect(renewals.map((c) => [c.order_id, c.recurring.renewal])).toEqual([[late.invoice.id, 1]]);
    expect(advocateReward(renewals[0]).amount).toBeGreaterThan(0);
  });

  it('reads invoices of API versions before 2025-03-31 (subscription and payment_intent at top level)', async () => {
    const { code, advocateId } = await advocateIn({ recurring: { months: 12 } });
    const subscription = stripeId('sub');
    const customer = stripeId('cus');
    const start = Math.floor(Date.now() / 1000);
    const legacy = { apiVersion: LEGACY_STRIPE_API_VERSION };
    const first = legacyPaidInvoice({
      subscription,
      customer,
      billingReason: 'subscription_create',
      amountPaid: 3_000,
      periodStart: start,
      metadata: { vouch_code: code },
    });
    expect((await deliver(stripeEvent('invoice.paid', first, legacy))).body.outcome).toBe('applied');
    const paymentIntent = stripeId('pi');
    const cycle = legacyPaidInvoice({
      subscription,
      customer,
      billingReason: 'subscription_cycle',
      amountPaid: 3_000,
      periodStart: monthsAfter(start, 1),
      paymentIntent,
    });
    expect((await deliver(stripeEvent('invoice.paid', cycle, legacy))).body.outcome).toBe('applied');
    const charge = refundedCharge({ amount: 3_000, amountRefunded: 3_000, paymentIntent });
    expect((await deliver(stripeEvent('charge.refunded', charge, legacy))).body.outcome).toBe('applied');
    const conversions = await conversionsOf(advocateId);
    expect(conversions.map((c) => [c.order_id, c.refunded_amount])).toEqual([
      [first.id, 0],
      [cycle.id, 3_000],
    ]);
  });
});

describe(`POST /hooks/stripe: subscriptions with a free trial (Stripe is unreachable here: its trial Checkout \
(amount_total 0, payment_status no_payment_required) and $0 first invoice are built from its API reference)`, () => {
  const TRIAL_DAYS = 14;

  async function trial() {
    const { code, advocateId } = await advocateIn({ recurring: { months: 12 } });
    const click = await clickThrough(code);
    const subscription = stripeId('sub');
    const invoiceId = stripeId('in');
    const customer = stripeId('cus');
    const email = `Trial.${uid()}@Example.com`;
    const start = Math.floor(Date.now() / 1000);
    const trialEnd = start + TRIAL_DAYS * 86_400;
    const session = checkoutSession({
      mode: 'subscription',
      trial: true,
      amount: 2_000,
      customer,
      email,
      clientReferenceId: click,
      subscription,
      invoice: invoiceId,
    });
    const free = (metadata: Record<string, string> = {}) =>
      paidInvoice({
        id: invoiceId,
        subscription,
        customer,
        billingReason: 'subscription_create',
        amountPaid: 2_000,
        trialDays: TRIAL_DAYS,
        periodStart: start,
        metadata,
      });
    /** The invoice paying month `n` after the trial (n = 0: the first payment, when the trial ends). */
    const paid = (n: number) =>
      paidInvoice({
        subscription,
        customer,
        billingReason: 'subscription_cycle',
        amountPaid: 2_000,
        periodStart: monthsAfter(trialEnd, n),
      });
    return { code, click, advocateId, subscription, customer, email, session, free, paid };
  }
  const lastLogged = async () =>
    (await api.get('/v1/integrations')).body.data.find((i: any) => i.provider === 'stripe').recent_events[0];

  it(`records no conversion and no reward for the free Checkout and $0 first invoice; the first paid invoice is \
the conversion with the reward, and the next two paid invoices are renewals 1 and 2`, async () => {
    const t = await trial();
    const checkout = await deliver(stripeEvent('checkout.session.completed', t.session, aMinuteLater()));
    expect(checkout.body).toMatchObject({ outcome: 'pending', detail: expect.stringMatching(/^free trial: /) });
    expect(checkout.body.detail).toContain(t.click);
    expect(await lastLogged()).toMatchObject({ outcome: 'pending', detail: checkout.body.detail });
    const first = await deliver(stripeEvent('invoice.paid', t.free()));
    expect(first.body).toMatchObject({ outcome: 'pending', detail: expect.stringMatching(/^free trial: /) });
    expect(await conversionsOf(t.advocateId)).toEqual([]);
    const balance = (await api.get(`/v1/advocates/${t.advocateId}/balance`)).body;
    expect(balance.lines.every((l: any) => l.pending === 0 && l.approved === 0)).toBe(true);

    const firstPaid = t.paid(0);
    const converted = await deliver(stripeEvent('invoice.paid', firstPaid, aMinuteLater()));
    expect(converted.body).toMatchObject({ outcome: 'applied', detail: expect.stringMatching(/^free trial: /) });
    const [conversion] = await conversionsOf(t.advocateId);
    expect(conversion).toMatchObject({
      order_id: firstPaid.id,
      amount: 2_000,
      click_id: t.click,
      customer_external_id: t.customer,
      attribution: { source: 'click' },
    });
    expect(conversion.recurring ?? null).toBeNull();
    expect(advocateReward(conversion)).toMatchObject({ amount: 1000, status: 'pending' });

    for (const n of [1, 2])
      expect((await deliver(stripeEvent('invoice.paid', t.paid(n)))).body.outcome).toBe('applied');
    const all = await conversionsOf(t.advocateId);
    expect(all.map((c) => [c.order_id, c.recurring?.renewal ?? 0])).toEqual([
      [firstPaid.id, 0],
      [expect.stringMatching(/^in_/), 1],
      [expect.stringMatching(/^in_/), 2],
    ]);
    for (const c of all) expect(advocateReward(c).amount).toBe(1000);
  });

  it(`remembers the trial whichever of its free invoice and its Checkout comes first, each adding what it carries \
(the invoice the subscription's metadata, the Checkout the click)`, async () => {
    for (const withCode of [true, false]) {
      const t = await trial();
      const invoice = await deliver(stripeEvent('invoice.paid', t.free(withCode ? { vouch_code: t.code } : {})));
      // An invoice naming no referral keeps nothing: its Checkout brings the click.
      expect(invoice.body).toMatchObject({
        outcome: withCode ? 'pending' : 'unattributed',
        detail: expect.stringMatching(/^free trial: /),
      });
      const checkout = await deliver(stripeEvent('checkout.session.completed', t.session, aMinuteLater()));
      expect(checkout.body.outcome).toBe('pending');
      expect(await conversionsOf(t.advocateId)).toEqual([]);
      const firstPaid = t.paid(0);
      expect((await deliver(stripeEvent('invoice.paid', firstPaid, aMinuteLater()))).body.outcome).toBe('applied');
      const conversions = await conversionsOf(t.advocateId);
      expect(conversions).toHaveLength(1);
      expect(conversions[0]).toMatchObject({
        order_id: firstPaid.id,
        click_id: t.click,
        attribution: { source: withCode ? 'click_and_code' : 'click' },
      });
      expect(advocateReward(conversions[0]).amount).toBe(1000);
    }
  });

  it('records nothing for a trial cancelled before its first payment, and forgets it', async () => {
    const t = await trial();
    await deliver(stripeEvent('checkout.session.completed', t.session, aMinuteLater()));
    await deliver(stripeEvent('invoice.paid', t.free()));
    const cancelled = await deliver(
      stripeEvent('customer.subscription.deleted', canceledSubscription({ id: t.subscription, customer: t.customer })),
    );
    expect(cancelled.body).toMatchObject({ outcome: 'applied', detail: expect.stringContaining('free trial: ') });
    expect(cancelled.body.detail).toContain('before its first payment');
    // Forgotten: an invoice paid later (say the customer subscribes again on the same id) credits nobody.
    const later = await deliver(stripeEvent('invoice.paid', t.paid(0), aMinuteLater()));
    expect(later.body.outcome).toBe('unattributed');
    expect(await conversionsOf(t.advocateId)).toEqual([]);
    expect(await storedText(suite.bridge, merchant.id)).not.toContain(`subscription_trial:stripe:${t.subscription}`);
  });

  it(`a customer in their trial: exported with it; erased, no trace of them; the first payment is then credited \
under the erased marker`, async () => {
    const t = await trial();
    await deliver(stripeEvent('checkout.session.completed', t.session, aMinuteLater()));
    const stored = () => storedText(suite.bridge, merchant.id);
    expect(await stored()).toContain(t.email);
    const exported = (await api.get(`/v1/customers/${encodeURIComponent(t.customer)}/export`)).body;
    expect(exported.as_friend.trials).toEqual([
      expect.objectContaining({ provider: 'stripe', subscription_id: t.subscription, click_id: t.click }),
    ]);
    const erased = await api.call('DELETE', `/v1/customers/${t.customer}`);
    expect(erased.status).toBe(200);
    expect(erased.body.counts.subscriptions).toBe(1);
    await settle(suite.bridge);
    const text = (await stored()).toLowerCase();
    for (const needle of [t.customer, t.email]) expect(text).not.toContain(needle.toLowerCase());
    expect((await deliver(stripeEvent('invoice.paid', t.paid(0), aMinuteLater()))).body.outcome).toBe('applied');
    const [conversion] = await conversionsOf(t.advocateId);
    expect(conversion).toMatchObject({ customer_external_id: erased.body.erased_as, click_id: t.click });
  });
});

describe('POST /hooks/stripe: currencies Stripe counts in other decimals than Vouch', () => {
  it(`reads ISK as Stripe sends it, two-decimal (Stripe's currency reference: "to charge 5 ISK, provide an \
amount value of 500"): a Checkout of 1000000 is 10000 kr., a refund of 250000 takes back 2500`, async () => {
    const { code, advocateId } = await advocateIn();
    const paymentIntent = stripeId('pi');
    const session = checkoutSession({
      amount: 1_000_000,
      currency: 'isk',
      paymentIntent,
      metadata: { vouch_code: code },
    });
    expect((await deliver(stripeEvent('checkout.session.completed', session))).body.outcome).toBe('applied');
    const back = refund({ amount: 250_000, currency: 'isk', paymentIntent });
    expect((await deliver(stripeEvent('refund.created', back))).body.outcome).toBe('applied');
    const [conversion] = await conversionsOf(advocateId);
    expect(conversion).toMatchObject({ amount: 10_000, currency: 'ISK', refunded_amount: 2_500 });
  });
});

describe('POST /hooks/stripe: signatures', () => {
  const anEvent = () => stripeEvent('checkout.session.completed', checkoutSession({ amount: 1_000 }));

  it('refuses a wrong secret, stale or future timestamp, altered body or missing header: 400, no changes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = anEvent();
    const signed = JSON.stringify(event, null, 2);
    const before = await storedText(suite.bridge, merchant.id);
    const attempts: Delivery[] = [
      { secrets: 'whsec_Wrong0Zq8Lb3Vx7Ty2Wc9Pd4Hs6Jf1Kg' },
      { timestamp: now - 330 },
      { timestamp: now + 330 },
      { body: signed.replace('"amount_total": 1000', '"amount_total": 100000') },
      { header: null },
      { header: `t=${now}` },
      { header: `t=${now},v0=${'a'.repeat(64)}` },
    ];
    for (const attempt of attempts) {
      const res = await deliver(event, attempt);
      expect(res.status, JSON.stringify(attempt)).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(await storedText(suite.bridge, merchant.id)).toBe(before);
    // The same event, properly signed, is then applied as new: the refusals left no trace of it.
    expect((await deliver(event)).body.outcome).toBe('unattributed');
  });

  it('accepts a timestamp within 5 minutes, and either of two v1 signatures during a secret rotation', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(anEvent(), { timestamp: now - 280 })).status).toBe(200);
    expect((await deliver(anEvent(), { timestamp: now + 280 })).status).toBe(200);
    expect((await deliver(anEvent(), { secrets: [OLD_WHSEC, WHSEC] })).status).toBe(200);
    expect((await deliver(anEvent(), { secrets: [WHSEC, OLD_WHSEC] })).status).toBe(200);
  });
});

describe('POST /hooks/stripe: what is not applied', () => {
  it('receives unknown types and the other mode\u2019s events as ignored', async () => {
    const unknown = await deliver(stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer' }));
    expect(unknown).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
    const { code, advocateId } = await advocateIn();
    const live = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ amount: 1_000, metadata: { vouch_code: code } }),
      {
        livemode: true,
      },
    );
    const res = await deliver(live);
    expect(res.body).toMatchObject({ outcome: 'ignored', detail: expect.stringContaining('live-mode event') });
    expect(await conversionsOf(advocateId)).toEqual([]);
    const log = (await api.get('/v1/integrations')).body.data.find((i: any) => i.provider === 'stripe');
    expect(log.recent_events.slice(0, 2).map((e: any) => e.outcome)).toEqual(['ignored', 'ignored']);
  });

  it('404 if not connected or the path is not a merchant and mode, 413 past 256 KiB, 400 for a bad shape', async () => {
    const other = await createTestMerchant(suite.worker);
    expect((await deliver(anEventFor(), { path: `/hooks/stripe/${other.id}/test` })).status).toBe(404);
    expect((await deliver(anEventFor(), { path: `/hooks/stripe/${merchant.id}/live` })).status).toBe(404);
    expect((await deliver(anEventFor(), { path: `/hooks/stripe/${merchant.id}/staging` })).status).toBe(404);
    expect((await deliver(anEventFor(), { path: '/hooks/stripe/mer_nope/test' })).body.error.code).toBe(
      'integration_not_found',
    );
    const huge = checkoutSession({ amount: 1_000, metadata: { filler: 'x'.repeat(300 * 1024) } });
    expect((await deliver(stripeEvent('checkout.session.completed', huge))).status).toBe(413);
    const broken = stripeEvent('checkout.session.completed', {
      ...checkoutSession({ amount: 1_000 }),
      amount_total: 'ten',
    });
    expect((await deliver(broken)).body.error.code).toBe('invalid_request');
    expect((await deliver({ id: 'evt_1', object: 'event' })).status).toBe(400);
  });
});

describe('POST /hooks/stripe: odd but well-formed events', () => {
  it('answers every one with a 2xx receipt or a 4xx, never a 5xx, and records nothing nobody referred', async () => {
    const { code, advocateId } = await advocateIn({ recurring: { months: 12 } });
    const huge = Number.MAX_SAFE_INTEGER;
    const odd = [
      stripeEvent('checkout.session.completed', checkoutSession({ amount: huge, metadata: { vouch_code: code } })),
      stripeEvent(
        'checkout.session.completed',
        checkoutSession({ amount: 500, currency: 'zzz', metadata: { vouch_code: code } }),
      ),
      stripeEvent(
        'checkout.session.completed',
        checkoutSession({ amount: 500, email: 'not an email', metadata: { vouch_code: 'x'.repeat(200) } }),
      ),
      stripeEvent(
        'invoice.paid',
        paidInvoice({ subscription: stripeId('sub'), billingReason: 'subscription_cycle', amountPaid: huge }),
      ),
      stripeEvent(
        'invoice.paid',
        paidInvoice({ subscription: stripeId('sub'), billingReason: 'manual', amountPaid: 100 }),
      ),
      stripeEvent('charge.refunded', refundedCharge({ amount: huge, amountRefunded: huge, paymentIntent: null })),
      stripeEvent('refund.created', refund({ amount: huge, paymentIntent: stripeId('pi') })),
      stripeEvent('customer.subscription.deleted', canceledSubscription({ id: stripeId('sub') })),
      stripeEvent('invoice_payment.paid', {
        ...paidInvoicePayment({ invoice: stripeId('in'), paymentIntent: stripeId('pi'), amount: 100 }),
        status: 'canceled',
      }),
      // Paid outside Stripe (a payment record): no refund at Stripe can name it.
      stripeEvent('invoice_payment.paid', {
        ...paidInvoicePayment({ invoice: stripeId('in'), paymentIntent: stripeId('pi'), amount: 100 }),
        payment: { type: 'payment_record', payment_record: stripeId('pr') },
      }),
      stripeEvent('invoice_payment.paid', { id: stripeId('inpay'), object: 'invoice_payment', status: 'paid' }),
    ];
    for (const event of odd) {
      const res = await deliver(event);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
      expect([200, 400]).toContain(res.status);
    }
    expect(await conversionsOf(advocateId)).toEqual([]);
  });
});

function anEventFor() {
  return stripeEvent('checkout.session.completed', checkoutSession({ amount: 1_000 }));
}

/** Unix seconds `months` calendar months after `start` (a subscription's monthly anniversaries). */
function monthsAfter(start: number, months: number): number {
  const d = new Date(start * 1000);
  d.setUTCMonth(d.getUTCMonth() + months);
  return Math.floor(d.getTime() / 1000);
}
