import { randomBytes, randomInt } from 'node:crypto';
import { createClient, type Output } from '../../shared/api/client.ts';
import type { IntegrationEventOutcome } from '../../shared/schemas/integration.ts';
import { shopifyDelivery, shopifyId, shopifyOrder } from '../providers/shopify-events.ts';
import {
  checkoutSession,
  paidInvoice,
  paidInvoicePayment,
  refundedCharge,
  stripeEvent,
} from '../providers/stripe-events.ts';
import { type DeliveryAnswer, deliver, type SignedDelivery, signedStripeEvent } from './provider-delivery.ts';

/**
 * The demo's provider replay (`npm start`): connects Stripe and Shopify for the demo merchant in test mode with
 * secrets generated here, turns on recurring commissions for the demo program, then replays, signed as each
 * provider signs, what a newcomer would otherwise need two real accounts for: a Stripe Checkout for a subscription
 * from a real click on a referral link, its first invoice, three renewals and a partial refund of one renewal, and
 * a Shopify order paid with a referral code. Every event goes through the Worker's public webhook URLs, exactly
 * as Stripe and Shopify would send it; an answer other than the expected one stops the replay with the details.
 */
export interface ReplayTarget {
  apiBase: string;
  secretKey: string;
  publishableKey: string;
  /** One of the merchant's allowed origins: the click is looked up from there, as the shop's page would. */
  origin: string;
  programId: string;
  /** The referral link a visitor clicks before the Stripe checkout. */
  clickLink: string;
  /** The referral code typed at the Shopify checkout (a discount code). */
  discountCode: string;
}

interface ReplayedEvent {
  provider: 'stripe' | 'shopify';
  type: string;
  /** What this step of the story is, e.g. `renewal 2`. */
  label: string;
  outcome: IntegrationEventOutcome;
  detail: string | null;
}

/**
 * A person's browser, a new one on every replay (the build number varies): the visitor is a hash of IP and
 * User-Agent, and one visitor converting again and again on each restart would be held as suspicious.
 */
const browserUa = () =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.${randomInt(1000, 9999)}.0 ` +
  'Safari/537.36';
/** A checkout sooner than 5 s after its click is flagged as cookie stuffing (shared/core/assess-risk.ts). */
const CLICK_TO_CHECKOUT_MS = 6_000;
/** The demo shop's Shopify domain (any `*.myshopify.com` name: nothing is sent to Shopify). */
const SHOP_DOMAIN = 'nordlicht-coffee-demo.myshopify.com';

export async function replayProviders(
  target: ReplayTarget,
  log: (line: string) => void = console.log,
): Promise<ReplayedEvent[]> {
  const hooks = await connectProviders(target);
  await enableRecurring(target);
  const clickedAt = Date.now();
  const click = await demoClick(target);
  log(`  Stripe and Shopify connected (test mode); program ${target.programId}: recurring {"months": 12}`);
  log(`  a visitor clicked ${target.clickLink} (${click}) and checks out a few seconds later…`);
  // A person takes a moment to pay: a checkout right after the click would rightly be held for review.
  await new Promise((r) => setTimeout(r, Math.max(0, clickedAt + CLICK_TO_CHECKOUT_MS - Date.now())));
  const replayed: ReplayedEvent[] = [];
  const run = randomBytes(4).toString('hex');
  for (const step of [...stripeSteps(run, click), ...shopifySteps(run, target.discountCode)]) {
    const url = hooks[step.provider].url;
    const delivery = step.sign(hooks[step.provider].secret);
    const event = checkAnswer(step, await deliver(url, delivery));
    log(`  ${step.provider} ${step.type} (${step.label}) → ${event.outcome}: ${event.detail ?? '(no detail)'}`);
    replayed.push(event);
  }
  return replayed;
}

interface Step {
  provider: 'stripe' | 'shopify';
  type: string;
  label: string;
  expect: IntegrationEventOutcome;
  sign(secret: string): SignedDelivery;
}

/** Never a silent skip: anything but the expected outcome stops the replay, saying what came back. */
function checkAnswer(step: Step, answer: DeliveryAnswer): ReplayedEvent {
  const what = `${step.provider} ${step.type} (${step.label})`;
  if (answer.status !== 200 || !answer.receipt) {
    throw new Error(`the demo replay's ${what} was answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
  const { outcome, detail } = answer.receipt;
  if (outcome !== step.expect) {
    throw new Error(`the demo replay's ${what} was ${outcome}, not ${step.expect}: ${detail ?? '(no detail)'}`);
  }
  return { provider: step.provider, type: step.type, label: step.label, outcome, detail };
}

type Hooks = Record<'stripe' | 'shopify', { url: string; secret: string }>;

/** PUT /v1/integrations/stripe and /shopify with secrets made here: only this process can sign for them. */
async function connectProviders(target: ReplayTarget): Promise<Hooks> {
  const api = createClient({ baseUrl: target.apiBase, key: target.secretKey });
  const stripeSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const shopifySecret = randomBytes(24).toString('hex');
  const stripe = await api.call('connectStripe', { body: { webhook_secret: stripeSecret } });
  const shopify = await api.call('connectShopify', { body: { shop_domain: SHOP_DOMAIN, api_secret: shopifySecret } });
  return {
    stripe: { url: stripe.webhook_url, secret: stripeSecret },
    shopify: { url: shopify.webhook_url, secret: shopifySecret },
  };
}

/** The demo program rewards each renewal of a referred subscription for its first 12 months. */
async function enableRecurring(target: ReplayTarget): Promise<Output<'updateProgram'>> {
  const api = createClient({ baseUrl: target.apiBase, key: target.secretKey });
  const program = await api.call('getProgram', { params: { id: target.programId } });
  return api.call('updateProgram', {
    params: { id: target.programId },
    body: { referrer_reward: { ...program.referrer_reward, recurring: { months: 12 } } },
  });
}

/**
 * A real click on the referral link, as a browser makes it; the click is recorded just after the redirect
 * answers, so it is looked up (as the shop's landing page would) until the Worker knows it.
 */
async function demoClick(target: ReplayTarget): Promise<string> {
  const hop = await fetch(target.clickLink, { redirect: 'manual', headers: { 'User-Agent': browserUa() } });
  const location = hop.headers.get('location');
  const click = location ? new URL(location).searchParams.get('vouch_click') : null;
  if (hop.status !== 302 || !click) {
    throw new Error(`the demo replay's click on ${target.clickLink} answered ${hop.status}, no vouch_click`);
  }
  const lookup = `${target.apiBase}/v1/attribution?click=${encodeURIComponent(click)}`;
  const headers = { Authorization: `Bearer ${target.publishableKey}`, Origin: target.origin };
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await fetch(lookup, { headers })).status === 200) return click;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the demo replay's click ${click} was never recorded (GET /v1/attribution kept failing)`);
}

const MONTHLY = 2400; // a $24 monthly coffee subscription, in cents
const DAY_S = 86_400;

/**
 * The Stripe story: Checkout for a subscription carrying the click, its first invoice (the same order), three
 * renewals (each invoice followed by the payment that paid it), then half of renewal 2 refunded. A demo
 * compresses time: the events arrive now, and the periods they pay for start 30 days apart.
 */
function stripeSteps(run: string, click: string): Step[] {
  const customer = `cus_demo${run}`;
  const email = `dana.${run}@example.com`;
  const subscription = `sub_demo${run}`;
  const start = Math.floor(Date.now() / 1000);
  let n = 0;
  const event = (type: string, object: object) => (secret: string) =>
    signedStripeEvent(stripeEvent(type, object, { id: `evt_demo${run}${n++}` }), secret);
  const invoice = (k: number) =>
    paidInvoice({
      id: `in_demo${run}${k}`,
      billingReason: k === 0 ? 'subscription_create' : 'subscription_cycle',
      amountPaid: MONTHLY,
      customer,
      email,
      subscription,
      periodStart: start + k * 30 * DAY_S,
      metadata: { vouch_click: click },
    });
  // Since API 2025-03-31 an invoice's payment (what its refunds name) comes in an event of its own.
  const payment = (k: number) =>
    paidInvoicePayment({ invoice: `in_demo${run}${k}`, paymentIntent: `pi_demo${run}${k}`, amount: MONTHLY });
  const session = checkoutSession({
    mode: 'subscription',
    amount: MONTHLY,
    customer,
    email,
    clientReferenceId: click,
    subscription,
    invoice: `in_demo${run}0`,
  });
  const refund = refundedCharge({
    id: `ch_demo${run}2`,
    paymentIntent: `pi_demo${run}2`,
    amount: MONTHLY,
    amountRefunded: 1200,
  });
  const step = (type: string, label: string, object: object): Step => ({
    provider: 'stripe',
    type,
    label,
    expect: 'applied',
    sign: event(type, object),
  });
  return [
    step('checkout.session.completed', 'subscription checkout', session),
    step('invoice.paid', 'first invoice', invoice(0)),
    step('invoice_payment.paid', 'payment of the first invoice', payment(0)),
    ...[1, 2, 3].flatMap((k) => [
      step('invoice.paid', `renewal ${k}`, invoice(k)),
      step('invoice_payment.paid', `payment of renewal ${k}`, payment(k)),
    ]),
    step('charge.refunded', 'half of renewal 2 refunded', refund),
  ];
}

/** The Shopify story: an order paid with the referral code typed as its discount code. */
function shopifySteps(run: string, code: string): Step[] {
  const customer = { id: shopifyId(), email: `eli.${run}@example.com` };
  const order = shopifyOrder({ total: '28.00', currency: 'USD', customer, discountCodes: [code] });
  return [
    {
      provider: 'shopify',
      type: 'orders/paid',
      label: `order with discount code ${code}`,
      expect: 'applied',
      sign: (secret) => shopifyDelivery('orders/paid', order, { secret, shopDomain: SHOP_DOMAIN }),
    },
  ];
}
