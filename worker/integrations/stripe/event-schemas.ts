import * as z from 'zod';

// Stripe's objects as its webhooks deliver them, reduced to the fields Vouch reads. Loose objects: Stripe
// adds fields in every API version, and a field Vouch does not read must never make a delivery fail.
// Expandable fields arrive as ids in webhooks, but an object with an `id` is taken too.

const Id = z.string().min(1).max(255);
const Expandable = z.union([Id, z.looseObject({ id: Id })]);
const Metadata = z.record(z.string(), z.string()).nullish();
const Amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Currency = z.string().regex(/^[a-zA-Z]{3}$/);
const UnixSeconds = z.number().int().min(0);

/** The id of an expandable field, whether Stripe sent the id or the object. */
export function idOf(value: z.infer<typeof Expandable> | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** The Event object around every delivery: https://docs.stripe.com/api/events/object */
export const StripeEvent = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/),
  object: z.literal('event'),
  type: z.string().min(1).max(100),
  livemode: z.boolean(),
  created: UnixSeconds,
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;

// A discount applied at checkout or on an invoice: the promotion code (`promo_…`) is what coupon sync maps
// back to an advocate's code. On invoices, webhooks carry discount ids unless expanded: those are skipped.
const Discount = z.union([Id, z.looseObject({ promotion_code: Expandable.nullish() })]);
export type StripeDiscount = z.infer<typeof Discount>;

export const CheckoutSession = z.looseObject({
  id: z.string().regex(/^cs_/),
  mode: z.string(),
  payment_status: z.string(),
  amount_total: Amount.nullable(),
  currency: Currency.nullable(),
  client_reference_id: z.string().nullish(),
  metadata: Metadata,
  customer: Expandable.nullish(),
  customer_details: z.looseObject({ email: z.string().nullish() }).nullish(),
  customer_email: z.string().nullish(),
  discounts: z.array(Discount).nullish(),
  /** What the discounts took off (a reward code's redemption is recorded at the total before it). */
  total_details: z.looseObject({ amount_discount: Amount.nullish() }).nullish(),
  invoice: Expandable.nullish(),
  payment_intent: Expandable.nullish(),
  subscription: Expandable.nullish(),
});
export type CheckoutSession = z.infer<typeof CheckoutSession>;

const Period = z.looseObject({ start: UnixSeconds, end: UnixSeconds });
// Where an invoice says which subscription it bills: `parent.subscription_details` since API 2025-03-31,
// top-level `subscription` and `subscription_details` before.
const SubscriptionDetails = z.looseObject({ subscription: Expandable.nullish(), metadata: Metadata });

export const Invoice = z.looseObject({
  id: z.string().regex(/^in_/),
  billing_reason: z.string().nullish(),
  amount_paid: Amount,
  currency: Currency,
  customer: Expandable.nullish(),
  customer_email: z.string().nullish(),
  period_start: UnixSeconds.nullish(),
  lines: z.looseObject({ data: z.array(z.looseObject({ period: Period.nullish() })) }).nullish(),
  discounts: z.array(Discount).nullish(),
  discount: Discount.nullish(),
  parent: z.looseObject({ subscription_details: SubscriptionDetails.nullish() }).nullish(),
  subscription: Expandable.nullish(),
  subscription_details: SubscriptionDetails.nullish(),
  // Before API 2025-03-31 only: since then the payment comes in its own `invoice_payment.paid`.
  payment_intent: Expandable.nullish(),
  charge: Expandable.nullish(),
});
export type Invoice = z.infer<typeof Invoice>;

/**
 * An invoice's payment (`invoice_payment.paid`, https://docs.stripe.com/api/invoice-payment/object): how
 * invoices name what paid them since API 2025-03-31. `payment.charge` is only set for a charge without a
 * PaymentIntent; a `payment_record` (paid outside Stripe) has neither.
 */
export const InvoicePayment = z.looseObject({
  id: z.string().regex(/^inpay_/),
  invoice: Expandable,
  status: z.string(),
  payment: z.looseObject({ type: z.string(), payment_intent: Expandable.nullish(), charge: Expandable.nullish() }),
});
export type InvoicePayment = z.infer<typeof InvoicePayment>;

export const Charge = z.looseObject({
  id: z.string().regex(/^(ch|py)_/),
  amount_refunded: Amount,
  currency: Currency,
  payment_intent: Expandable.nullish(),
});

export const Refund = z.looseObject({
  id: z.string().regex(/^(re|pyr)_/),
  amount: Amount,
  currency: Currency,
  status: z.string().nullish(),
  charge: Expandable.nullish(),
  payment_intent: Expandable.nullish(),
});

export const Subscription = z.looseObject({
  id: z.string().regex(/^sub_/),
  ended_at: UnixSeconds.nullish(),
  canceled_at: UnixSeconds.nullish(),
});

/**
 * A Connect account (`account.updated`, sent to a Connect endpoint, https://docs.stripe.com/api/accounts/object):
 * whose it is (`metadata.vouch_advocate`, set when Vouch created it) and whether it can take transfers.
 */
export const ConnectAccount = z.looseObject({
  id: z.string().regex(/^acct_/),
  metadata: Metadata,
  capabilities: z.looseObject({ transfers: z.string().nullish() }).nullish(),
  payouts_enabled: z.boolean().nullish(),
});
export type ConnectAccount = z.infer<typeof ConnectAccount>;
