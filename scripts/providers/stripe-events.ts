import Stripe from 'stripe';

// Stripe webhook payloads as Stripe's API reference documents them (the Event object around the object
// of each type), for the Worker's tests, the demo's replay and the benchmark. The objects carry the
// fields Stripe sends for these events, typed against the official `stripe` package's definitions of
// the current API version (its types are generated from Stripe's OpenAPI description).

/** The API version of the installed `stripe` package: the shapes below are this version's. */
const STRIPE_API_VERSION = '2026-11-18.endive';
/** An API version before 2025-03-31 (`basil`): invoices name their subscription and payment at top level. */
export const LEGACY_STRIPE_API_VERSION = '2024-06-20';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A Stripe-like object id: `prefix_` + 24 random characters (`cs_test_…` in test mode for sessions). */
export function stripeId(prefix: string): string {
  let body = '';
  for (const b of crypto.getRandomValues(new Uint8Array(24))) body += ALNUM[b % ALNUM.length];
  return `${prefix}_${body}`;
}

const seconds = (ms = Date.now()) => Math.floor(ms / 1000);

interface EventOptions {
  /** Default: test mode. */
  livemode?: boolean;
  /** Unix seconds; default now. */
  created?: number;
  id?: string;
  apiVersion?: string;
}

/** The Event object (https://docs.stripe.com/api/events/object) delivering `object` as `type`. */
export function stripeEvent(type: string, object: object, options: EventOptions = {}) {
  const event: Pick<
    Stripe.Event,
    'id' | 'object' | 'api_version' | 'created' | 'livemode' | 'pending_webhooks' | 'request'
  > & { type: string; data: { object: object } } = {
    id: options.id ?? stripeId('evt'),
    object: 'event',
    api_version: options.apiVersion ?? STRIPE_API_VERSION,
    created: options.created ?? seconds(),
    data: { object },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  return event;
}

/**
 * `Stripe-Signature` for a payload, made by the official package's test helper. Several secrets give
 * one `v1` per secret under one timestamp, as Stripe signs during a secret rotation.
 */
export function stripeSignature(payload: string, secrets: string | string[], timestamp = seconds()): string {
  // The package's static helper: a client per signature cost 0.66 ms against 0.03 ms (the demo replay's figure).
  const signatures = [secrets].flat().map((secret) => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    return header.split(',').find((part) => part.startsWith('v1='))!;
  });
  return [`t=${timestamp}`, ...signatures].join(',');
}

interface CheckoutOptions {
  mode?: 'payment' | 'subscription';
  amount: number;
  /** Lower case, as Stripe sends it. */
  currency?: string;
  /** A `cus_…` id, or null for a guest checkout. */
  customer?: string | null;
  email?: string | null;
  clientReferenceId?: string | null;
  metadata?: Record<string, string>;
  promotionCode?: string | null;
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
  /** Payment mode: the PaymentIntent refunds will name. */
  paymentIntent?: string;
  /** Subscription mode: the subscription and its first invoice. */
  subscription?: string;
  invoice?: string;
  /**
   * Subscription mode: the price has a free trial, so the Checkout charges nothing (`amount_total` 0,
   * `payment_status` `no_payment_required`: "the payment is delayed to a future date"); `amount` is ignored.
   */
  trial?: boolean;
  livemode?: boolean;
}

/** A completed Checkout Session (https://docs.stripe.com/api/checkout/sessions/object). */
export function checkoutSession(o: CheckoutOptions) {
  const mode = o.mode ?? 'payment';
  const created = seconds();
  const amount = o.trial ? 0 : o.amount;
  const session = {
    id: stripeId(o.livemode ? 'cs_live' : 'cs_test'),
    object: 'checkout.session',
    amount_subtotal: amount,
    amount_total: amount,
    cancel_url: 'https://shop.example/cart',
    client_reference_id: o.clientReferenceId ?? null,
    created,
    currency: o.currency ?? 'usd',
    customer: o.customer === undefined ? stripeId('cus') : o.customer,
    customer_creation: o.customer === null ? null : 'always',
    customer_details: {
      address: null,
      business_name: null,
      email: o.email ?? null,
      individual_name: null,
      name: null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: null,
    discounts: o.promotionCode ? [{ coupon: null, promotion_code: o.promotionCode }] : [],
    expires_at: created + 86400,
    invoice: mode === 'subscription' ? (o.invoice ?? stripeId('in')) : null,
    livemode: o.livemode ?? false,
    metadata: o.metadata ?? {},
    mode,
    payment_intent: mode === 'payment' ? (o.paymentIntent ?? stripeId('pi')) : null,
    payment_method_types: ['card'],
    payment_status: o.paymentStatus ?? (o.trial ? 'no_payment_required' : 'paid'),
    status: 'complete',
    subscription: mode === 'subscription' ? (o.subscription ?? stripeId('sub')) : null,
    success_url: 'https://shop.example/thanks',
    url: null,
  } satisfies Partial<Stripe.Checkout.Session>;
  return session;
}

interface InvoiceOptions {
  subscription: string;
  billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';
  amountPaid: number;
  currency?: string;
  customer?: string;
  email?: string | null;
  /** Unix seconds: the start of the period the subscription line bills. */
  periodStart?: number;
  /** Days in the billed period (30 by default). */
  periodDays?: number;
  /** The subscription's metadata (`subscription_data.metadata` at Checkout): where `vouch_click` travels. */
  metadata?: Record<string, string>;
  /**
   * A first invoice (`subscription_create`) of a subscription starting with a free trial of this many days:
   * nothing paid (`amount_paid` 0, `status` paid), its one line the trial period; `amountPaid` is ignored.
   */
  trialDays?: number;
  id?: string;
  livemode?: boolean;
}

/**
 * A paid subscription invoice (https://docs.stripe.com/api/invoices/object) as this API version's webhooks
 * send it: the subscription under `parent.subscription_details`, and no payment at all (`payments` is an
 * includable field, never in a webhook: the payment comes in its own `invoice_payment.paid`, paidInvoicePayment).
 */
export function paidInvoice(options: InvoiceOptions) {
  const o = options.trialDays === undefined ? options : { ...options, amountPaid: 0, periodDays: options.trialDays };
  const start = o.periodStart ?? seconds();
  const end = start + (o.periodDays ?? 30) * 86400;
  const id = o.id ?? stripeId('in');
  const currency = o.currency ?? 'usd';
  const livemode = o.livemode ?? false;
  const invoice = {
    id,
    object: 'invoice',
    amount_due: o.amountPaid,
    amount_paid: o.amountPaid,
    amount_remaining: 0,
    attempt_count: 1,
    attempted: true,
    billing_reason: o.billingReason,
    collection_method: 'charge_automatically',
    created: start,
    currency,
    customer: o.customer ?? stripeId('cus'),
    customer_email: o.email ?? null,
    discounts: [],
    lines: {
      object: 'list',
      data: [subscriptionLine(id, o, currency, livemode, start, end)],
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode,
    metadata: {},
    parent: {
      quote_details: null,
      subscription_details: { metadata: o.metadata ?? {}, subscription: o.subscription },
      type: 'subscription_details',
    },
    // A cycle invoice's own period is the one before (what usage accrued over); its line bills the new one.
    period_end: start,
    period_start: o.billingReason === 'subscription_create' ? start : start - (o.periodDays ?? 30) * 86400,
    status: 'paid',
    subtotal: o.amountPaid,
    total: o.amountPaid,
  } satisfies Partial<Stripe.Invoice>;
  return invoice;
}

function subscriptionLine(
  invoice: string,
  o: InvoiceOptions,
  currency: string,
  livemode: boolean,
  start: number,
  end: number,
) {
  const line: Stripe.InvoiceLineItem = {
    id: stripeId('il'),
    object: 'line_item',
    amount: o.amountPaid,
    currency,
    description: o.trialDays === undefined ? '1 × Pro plan' : 'Trial period for Pro plan',
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice,
    livemode,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: null,
        subscription: o.subscription,
        subscription_item: stripeId('si'),
      },
      type: 'subscription_item_details',
    },
    period: { start, end },
    pretax_credit_amounts: [],
    pricing: null,
    quantity: 1,
    quantity_decimal: null,
    subscription: o.subscription,
    subtotal: o.amountPaid,
    taxes: [],
  };
  return line;
}

/**
 * An invoice's payment (https://docs.stripe.com/api/invoice-payment/object) as `invoice_payment.paid` delivers
 * it: the PaymentIntent that paid the invoice, which its refunds and charges will name.
 */
export function paidInvoicePayment(o: {
  invoice: string;
  paymentIntent: string;
  amount: number;
  currency?: string;
  livemode?: boolean;
}) {
  const created = seconds();
  const payment: Stripe.InvoicePayment = {
    id: stripeId('inpay'),
    object: 'invoice_payment',
    amount_paid: o.amount,
    amount_requested: o.amount,
    created,
    currency: o.currency ?? 'usd',
    invoice: o.invoice,
    is_default: true,
    livemode: o.livemode ?? false,
    payment: { payment_intent: o.paymentIntent, type: 'payment_intent' },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: created },
  };
  return payment;
}

/**
 * The same invoice as API versions before 2025-03-31 sent it (`subscription`, `subscription_details`,
 * `payment_intent` and `charge` at top level, no `parent`): merchants' endpoints keep the
 * version they were created with.
 */
export function legacyPaidInvoice(o: InvoiceOptions & { paymentIntent?: string; charge?: string }) {
  const { parent, ...current } = paidInvoice(o);
  return {
    ...current,
    subscription: o.subscription,
    subscription_details: { metadata: parent?.subscription_details?.metadata ?? {} },
    payment_intent: o.paymentIntent ?? stripeId('pi'),
    charge: o.charge ?? stripeId('ch'),
    paid: true,
  };
}

/** A charge after a refund (https://docs.stripe.com/api/charges/object): `amount_refunded` is the running total. */
export function refundedCharge(o: {
  amount: number;
  amountRefunded: number;
  paymentIntent: string | null;
  id?: string;
  currency?: string;
  livemode?: boolean;
}) {
  const charge = {
    id: o.id ?? stripeId('ch'),
    object: 'charge',
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: o.amountRefunded,
    captured: true,
    created: seconds(),
    currency: o.currency ?? 'usd',
    livemode: o.livemode ?? false,
    metadata: {},
    paid: true,
    payment_intent: o.paymentIntent,
    refunded: o.amountRefunded >= o.amount,
    status: 'succeeded',
  } satisfies Partial<Stripe.Charge>;
  return charge;
}

/** A refund (https://docs.stripe.com/api/refunds/object), as `refund.created` delivers it. */
export function refund(o: {
  amount: number;
  paymentIntent: string | null;
  charge?: string;
  status?: 'succeeded' | 'pending' | 'failed' | 'canceled';
  id?: string;
  currency?: string;
}) {
  const created = {
    id: o.id ?? stripeId('re'),
    object: 'refund',
    amount: o.amount,
    charge: o.charge ?? stripeId('ch'),
    created: seconds(),
    currency: o.currency ?? 'usd',
    metadata: {},
    payment_intent: o.paymentIntent,
    reason: 'requested_by_customer',
    status: o.status ?? 'succeeded',
  } satisfies Partial<Stripe.Refund>;
  return created;
}

/** A canceled subscription (https://docs.stripe.com/api/subscriptions/object), as `customer.subscription.deleted`. */
export function canceledSubscription(o: {
  id: string;
  customer?: string;
  livemode?: boolean;
  /** Unix seconds: when it was cancelled and ended (now by default). */
  endedAt?: number;
}) {
  const now = seconds();
  const ended = o.endedAt ?? now;
  const subscription = {
    id: o.id,
    object: 'subscription',
    canceled_at: ended,
    created: ended - 86400,
    customer: o.customer ?? stripeId('cus'),
    ended_at: ended,
    livemode: o.livemode ?? false,
    metadata: {},
    status: 'canceled',
  } satisfies Partial<Stripe.Subscription>;
  return subscription;
}
