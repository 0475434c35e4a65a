/**
 * `npm run bench:providers`: provider webhooks (Stripe and Shopify) through the bundled Worker in raw workerd,
 * against the REST bridge over a private redis-server, as bench:redeem measures the checkout. Prints, per event
 * type, Redis HTTP round trips (bridge counters), commands sent over REST and commands executed inside Redis
 * (INFO commandstats: every redis.call in a script counts, as Upstash bills it), each the mean over `SAMPLES`
 * deliveries of distinct events; then ingestion throughput under load (autocannon, `CONNECTIONS` concurrent
 * deliveries, every one a new event: a new order by a new customer). The events are built by
 * scripts/providers/ (shaped as the providers' API references document them) and signed as each provider signs.
 * `--check` enforces the budgets below (`npm run budgets` runs it).
 */
import { randomBytes } from 'node:crypto';
import type { IntegrationEventOutcome } from '../../shared/schemas/integration.ts';
import { deliver, type SignedDelivery, signedStripeEvent } from '../demo/provider-delivery.ts';
import { shopifyDelivery, shopifyId, shopifyOrder, shopifyRefund } from '../providers/shopify-events.ts';
import {
  canceledSubscription,
  checkoutSession,
  paidInvoice,
  paidInvoicePayment,
  refund,
  refundedCharge,
  stripeEvent,
} from '../providers/stripe-events.ts';
import { type Cost, type Load, measureCost, postLoad } from './measure.ts';
import { seedAdvocate } from './seed-advocate.ts';
import { coresLine, reportChecks, startBenchStack } from './workerd-stack.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SAMPLES = Number(process.env.BENCH_COST_SAMPLES ?? 20);
const SHOP = 'bench-coffee.myshopify.com';

/**
 * Budgets for `--check`, from this script's measurement on this project's 2-core machines (workerd pinned to
 * one core; figures in the comments), with headroom: round trips +1, executed commands about +15% (a rate-limit
 * window opening mid-run adds a PEXPIRE per bucket), throughput a third of the measured rate (below). Raise one
 * only in a commit that says why.
 */
const BUDGETS: Record<string, { round_trips: number; executed: number }> = {
  'stripe checkout.session.completed': { round_trips: 9, executed: 107 }, // 8.05 / 92.85
  'stripe duplicate delivery': { round_trips: 3, executed: 3 }, // 2.00 / 2.00: answered `duplicate`, nothing applied
  'stripe refund.created': { round_trips: 8, executed: 54 }, // 7.00 / 46.60
  // Subscription orders and renewals read their invoice's payments once recorded (+1 round trip, a MULTI of
  // SMEMBERS and GET), since API 2025-03-31's invoices name no payment: `invoice_payment.paid` does.
  'stripe checkout.session.completed (subscription)': { round_trips: 11, executed: 113 }, // 10.00 / 98.00
  'stripe invoice.paid (first)': { round_trips: 11, executed: 29 }, // 10.00 / 25.00: the order exists already
  'stripe invoice.paid (renewal)': { round_trips: 14, executed: 92 }, // 13.05 / 80.05
  'stripe invoice_payment.paid (renewal)': { round_trips: 6, executed: 22 }, // 5.00 / 19.00
  'stripe charge.refunded': { round_trips: 8, executed: 44 }, // 7.00 / 38.00
  'stripe customer.subscription.deleted': { round_trips: 6, executed: 17 }, // 5.00 / 14.00
  'shopify orders/paid': { round_trips: 9, executed: 106 }, // 8.05 / 92.05
  'shopify refunds/create': { round_trips: 8, executed: 53 }, // 7.00 / 46.00
};
/**
 * Stripe Checkouts ingested per second: 173/s measured (Shopify orders 167/s) at a load average of 3.7 on 2 cores;
 * 49-64/s while eight sessions tested on the same machine (load average 12), where bench:redeem fell below its
 * own floor too. The floor is about a third of the quiet figure.
 */
const MIN_EVENTS_PER_SECOND = 60;

const stack = await startBenchStack({ label: 'bench:providers' });
// Renewals rewarded for the subscription's life, and a code without a use limit: every sample does full work.
const { api, code } = await seedAdvocate(stack.url, stack.adminToken, {
  referrer_reward: { type: 'points', value: 100, recurring: { months: null } },
  limits: { code_max_uses: null },
});
const secrets = { stripe: `whsec_${randomBytes(24).toString('base64url')}`, shopify: randomBytes(24).toString('hex') };
const urls = {
  stripe: (await api.call('connectStripe', { body: { webhook_secret: secrets.stripe } })).webhook_url,
  shopify: (await api.call('connectShopify', { body: { shop_domain: SHOP, api_secret: secrets.shopify } })).webhook_url,
};

const run = randomBytes(4).toString('hex');
let seq = 0;
/** A fresh suffix: every event, order, customer and subscription of a run is new. */
const fresh = () => `${run}${(seq++).toString(36)}`;
const stripe = (type: string, object: object) =>
  signedStripeEvent(stripeEvent(type, object, { id: `evt_b${fresh()}` }), secrets.stripe);
const shopify = (topic: string, payload: object) =>
  shopifyDelivery(topic, payload, { secret: secrets.shopify, shopDomain: SHOP });

/** A one-off Checkout paid by a new customer who typed the advocate's code. */
function oneOffCheckout(n: string) {
  const customer = { customer: `cus_b${n}`, email: `c${n}@example.com` };
  return checkoutSession({
    mode: 'payment',
    amount: 5000,
    ...customer,
    metadata: { vouch_code: code },
    paymentIntent: `pi_b${n}`,
  });
}

/** A subscription's Checkout and its invoices (k = 0 the first payment, then renewals 30 days apart). */
function subscription(n: string) {
  const customer = { customer: `cus_s${n}`, email: `s${n}@example.com` };
  const start = Math.floor(Date.now() / 1000);
  const ids = {
    subscription: `sub_b${n}`,
    invoice: (k: number) => `in_b${n}x${k}`,
    payment: (k: number) => `pi_s${n}x${k}`,
  };
  return {
    ...ids,
    checkout: checkoutSession({
      mode: 'subscription',
      amount: 2400,
      ...customer,
      metadata: { vouch_code: code },
      subscription: ids.subscription,
      invoice: ids.invoice(0),
    }),
    invoice: (k: number) =>
      paidInvoice({
        id: ids.invoice(k),
        billingReason: k === 0 ? 'subscription_create' : 'subscription_cycle',
        amountPaid: 2400,
        ...customer,
        subscription: ids.subscription,
        periodStart: start + k * 30 * 86_400,
        metadata: { vouch_code: code },
      }),
    /** The payment of invoice k (`invoice_payment.paid`): what its refunds name. */
    paid: (k: number) => paidInvoicePayment({ invoice: ids.invoice(k), paymentIntent: ids.payment(k), amount: 2400 }),
  };
}

/** A Shopify order paid by a new customer with the code as its discount code. */
function paidOrder() {
  const customer = { id: shopifyId(), email: `o${fresh()}@example.com` };
  return shopifyOrder({ total: '50.00', currency: 'USD', customer, discountCodes: [code] });
}

async function send(url: string, delivery: SignedDelivery, expected: IntegrationEventOutcome): Promise<void> {
  const answer = await deliver(url, delivery);
  if (answer.receipt?.outcome !== expected) {
    throw new Error(`expected ${expected}, got ${answer.status}: ${answer.text.slice(0, 400)}`);
  }
}

/** Redis cost of one delivery: the mean over `deliveries` (distinct events), sent one after another. */
function costOf(
  name: string,
  url: string,
  deliveries: SignedDelivery[],
  expected: IntegrationEventOutcome = 'applied',
): Promise<Cost> {
  return measureCost(stack, name, deliveries.length, (i) => send(url, deliveries[i]!, expected));
}

/** Every Stripe event type Vouch acts on, plus a redelivery, each over `samples` distinct events. */
async function stripeCosts(samples: number): Promise<Cost[]> {
  const ids = Array.from({ length: samples }, fresh);
  const subs = ids.map(subscription);
  const checkouts = ids.map((n) => stripe('checkout.session.completed', oneOffCheckout(n)));
  const partly = (s: (typeof subs)[number]) =>
    refundedCharge({ amount: 2400, amountRefunded: 1200, paymentIntent: s.payment(1) });
  const m = (name: string, deliveries: SignedDelivery[], expected?: IntegrationEventOutcome) =>
    costOf(`stripe ${name}`, urls.stripe, deliveries, expected);
  return [
    await m('checkout.session.completed', checkouts),
    await m('duplicate delivery', checkouts, 'duplicate'),
    await m(
      'refund.created',
      ids.map((n) => stripe('refund.created', refund({ amount: 1000, paymentIntent: `pi_b${n}` }))),
    ),
    await m(
      'checkout.session.completed (subscription)',
      subs.map((s) => stripe('checkout.session.completed', s.checkout)),
    ),
    await m(
      'invoice.paid (first)',
      subs.map((s) => stripe('invoice.paid', s.invoice(0))),
    ),
    await m(
      'invoice.paid (renewal)',
      subs.map((s) => stripe('invoice.paid', s.invoice(1))),
    ),
    await m(
      'invoice_payment.paid (renewal)',
      subs.map((s) => stripe('invoice_payment.paid', s.paid(1))),
    ),
    await m(
      'charge.refunded',
      subs.map((s) => stripe('charge.refunded', partly(s))),
    ),
    await m(
      'customer.subscription.deleted',
      subs.map((s) => stripe('customer.subscription.deleted', canceledSubscription({ id: s.subscription }))),
    ),
  ];
}

/** Shopify's order topics over `samples` distinct orders: paid with the code, then partly refunded. */
async function shopifyCosts(samples: number): Promise<Cost[]> {
  const orders = Array.from({ length: samples }, paidOrder);
  const refunded = (id: string) => shopifyRefund({ orderId: id, transactions: [{ amount: '10.00', currency: 'USD' }] });
  return [
    await costOf(
      'shopify orders/paid',
      urls.shopify,
      orders.map((o) => shopify('orders/paid', o)),
    ),
    await costOf(
      'shopify refunds/create',
      urls.shopify,
      orders.map((o) => shopify('refunds/create', refunded(o.id))),
    ),
  ];
}

/** `CONNECTIONS` concurrent deliveries for `seconds`, each a new event made (and signed) as it is sent. */
function load(name: string, url: string, make: () => SignedDelivery, seconds: number): Promise<Load> {
  const path = new URL(url).pathname;
  return postLoad(name, { url: stack.url, path, connections: CONNECTIONS, seconds, request: make });
}

/** A 200 alone could be `ignored`: the newest events the integration logged must all have been applied. */
async function lastEventsApplied(provider: 'stripe' | 'shopify'): Promise<string> {
  const list = await api.call('listIntegrations', {});
  const events = list.data.find((i) => i.provider === provider)?.recent_events ?? [];
  const other = events.filter((e) => e.outcome !== 'applied');
  return other.length === 0 && events.length > 0
    ? ''
    : `${other.length} of the last ${events.length} not applied: ${other.map((e) => e.detail).join('; ')}`;
}

// A warm-up pass over every path (JIT, script cache: the first call of each script costs a NOSCRIPT reload).
await stripeCosts(1);
await shopifyCosts(1);
const costs = [...(await stripeCosts(SAMPLES)), ...(await shopifyCosts(SAMPLES))];

const stripeCheckout = () => stripe('checkout.session.completed', oneOffCheckout(fresh()));
const shopifyPaid = () => shopify('orders/paid', paidOrder());
await load('warm-up', urls.stripe, stripeCheckout, 1);
const loads: Load[] = [];
const unapplied: Record<string, string> = {};
for (const [name, url, make] of [
  ['stripe checkout.session.completed', urls.stripe, stripeCheckout],
  ['shopify orders/paid', urls.shopify, shopifyPaid],
] as const) {
  loads.push(await load(name, url, make, SECONDS));
  await stack.settle();
  unapplied[name] = await lastEventsApplied(name.startsWith('stripe') ? 'stripe' : 'shopify');
}
await stack.stop();

console.log(
  `provider webhook benchmark: raw workerd, REST bridge over a private redis-server, ${CONNECTIONS} ` +
    'concurrent deliveries, every one a new event (a new order by a new customer, attributed by code)',
);
console.log(coresLine(stack.pinned));
for (const l of loads) {
  console.log(
    `  ${l.name.padEnd(44)} ${l.perSecond.toFixed(0).padStart(6)} events/s   p50 ${l.p50} ms   p99 ` +
      `${l.p99} ms   (${l.ok} ok${l.failed ? `, failed: ${l.failures}` : ''})`,
  );
}
console.log(
  `Redis per delivery, mean of ${SAMPLES} distinct events (REST round trips / commands sent / ` +
    'commands executed = billed), signature check and apply-once claim included:',
);
for (const c of costs)
  console.log(`  ${c.name.padEnd(52)} ${c.roundTrips.toFixed(2)} / ${c.sent.toFixed(2)} / ${c.executed.toFixed(2)}`);

let broken = 0;
if (process.argv.includes('--check')) broken = check();
process.exit(broken ? 1 : 0);

function check(): number {
  const throughput = loads[0]!;
  const checks: [string, boolean][] = [
    [
      `${throughput.name}: ${throughput.perSecond.toFixed(0)} events/s >= ${MIN_EVENTS_PER_SECOND}`,
      throughput.perSecond >= MIN_EVENTS_PER_SECOND,
    ],
  ];
  for (const l of loads) {
    checks.push([`${l.name} under load: no failed deliveries${l.failed ? ` (${l.failures})` : ''}`, l.failed === 0]);
    const problem = unapplied[l.name];
    checks.push([
      `${l.name} under load: the last events logged were applied${problem ? ` (${problem})` : ''}`,
      !problem,
    ]);
  }
  for (const c of costs) {
    const budget = BUDGETS[c.name];
    if (!budget) {
      checks.push([`${c.name}: a budget`, false]);
      continue;
    }
    checks.push([
      `${c.name}: ${c.roundTrips.toFixed(2)} round trips <= ${budget.round_trips}`,
      c.roundTrips <= budget.round_trips,
    ]);
    checks.push([`${c.name}: ${c.executed.toFixed(2)} executed <= ${budget.executed}`, c.executed <= budget.executed]);
  }
  return reportChecks(checks);
}
