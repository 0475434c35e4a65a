import { isId } from '../../../shared/ids.ts';
import type { ProviderOrder } from '../provider-orders.ts';
import { type CheckoutSession, type Invoice, idOf, type StripeDiscount } from './event-schemas.ts';

type Metadata = Record<string, string> | null | undefined;
type Attribution = Pick<ProviderOrder, 'click_id' | 'code' | 'promotionCodeId'>;

/**
 * Who referred an order, from what the merchant's checkout passed to Stripe: a `vouch_click` (as
 * `client_reference_id`, or `metadata.vouch_click`), a typed code (`metadata.vouch_code`), or a promotion
 * code (`promo_…`) that coupon sync created for an advocate. `client_reference_id` counts only when it is
 * a click id: merchants use it for their own references too.
 */
function attributionOf(metadata: Metadata, discounts: StripeDiscount[], clientReferenceId?: string | null) {
  const attribution: Attribution = {};
  const click = clientReferenceId && isId('click', clientReferenceId) ? clientReferenceId : metadata?.vouch_click;
  if (click) attribution.click_id = click;
  if (metadata?.vouch_code) attribution.code = metadata.vouch_code;
  const promotionCodeId = discounts
    .map((discount) => (typeof discount === 'string' ? null : idOf(discount.promotion_code)))
    .find((id) => id?.startsWith('promo_'));
  if (promotionCodeId) attribution.promotionCodeId = promotionCodeId;
  return attribution;
}

/**
 * The paying customer: the Stripe customer (`cus_…`), or for a guest checkout (no customer object) the
 * email, lower-cased, so one guest's orders are one customer. `fallback` names an order with neither.
 */
function customerOf(customer: string | null, email: string | null | undefined, fallback: string) {
  const mail = email?.trim() || undefined;
  const externalId = customer ?? (mail ? `email:${mail.toLowerCase()}` : fallback);
  return mail ? { external_id: externalId, email: mail } : { external_id: externalId };
}

/** A Checkout's referral and customer. */
export function checkoutParty(session: CheckoutSession) {
  const email = session.customer_details?.email ?? session.customer_email;
  return {
    attribution: attributionOf(session.metadata, session.discounts ?? [], session.client_reference_id),
    customer: customerOf(idOf(session.customer), email, `checkout:${session.id}`),
  };
}

/** An invoice's referral (its subscription's metadata, its discounts) and customer. */
export function invoiceParty(invoice: Invoice) {
  const metadata = (invoice.parent?.subscription_details ?? invoice.subscription_details)?.metadata;
  const discounts = [...(invoice.discounts ?? []), ...(invoice.discount ? [invoice.discount] : [])];
  return {
    attribution: attributionOf(metadata, discounts),
    customer: customerOf(idOf(invoice.customer), invoice.customer_email, `invoice:${invoice.id}`),
  };
}
