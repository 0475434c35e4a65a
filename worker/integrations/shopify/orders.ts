import * as z from 'zod';
import { parseCode } from '../../../shared/codes.ts';
import { CURRENCIES } from '../../../shared/currencies.ts';
import { isId } from '../../../shared/ids.ts';
import type { Publisher } from '../../conversions/publish-outcomes.ts';
import { advocateStore } from '../../storage/advocates.ts';
import { ingestOrder, ingestRefund, type ProviderOrder } from '../provider-orders.ts';
import type { Applied } from '../receive-event.ts';
import { toMinorUnits } from './money.ts';
import type { ShopifyOrder } from './payloads.ts';

/** What conversions and refunds name a Shopify order by: its id, namespaced. */
export const shopifyOrderRef = (orderId: string) => `shopify_order_${orderId}`;

/**
 * A test order (`test: true`, paid with Shopify's test gateway) moved no money: on the live connection it
 * is not recorded, nor its refunds or cancellation; the test-mode connection applies it, for rehearsals.
 */
export function testOrderOnLive(p: Publisher, isTest: boolean, orderId: string): Applied | null {
  if (!isTest || p.tenant.mode !== 'live') return null;
  const detail = `Order ${orderId}: a test order (Shopify's test gateway) on the live connection: not recorded.`;
  return { outcome: 'ignored', detail };
}

/** orders/paid: the order becomes a conversion (attribution, fraud, rewards, events) once. */
export async function applyOrderPaid(p: Publisher, order: ShopifyOrder, now: number): Promise<Applied> {
  const skipped = testOrderOnLive(p, order.test === true, order.id);
  if (skipped) return skipped;
  const total = orderTotal(order);
  if (typeof total === 'string') return { outcome: 'ignored', detail: total };
  const ref = shopifyOrderRef(order.id);
  const provider: ProviderOrder = {
    provider: 'shopify',
    orderId: ref,
    refundRef: ref,
    ...total,
    customer: orderCustomer(order),
    occurredAt: paidAt(order, now),
  };
  const clickId = clickOf(order);
  if (clickId) provider.click_id = clickId;
  const code = await codeOf(p, order);
  if (code) provider.code = code;
  // A reward code among them is the advocate's own discount, redeemed apart (provider-orders.ts).
  const discountCodes = discountCodesOf(order);
  if (discountCodes.length > 0) provider.discountCodes = discountCodes.slice(0, 5);
  const discount = discountOf(order, total.currency);
  if (discount) provider.discountAmount = discount;
  return (await ingestOrder(p, provider, now)).applied;
}

/** orders/cancelled: a cancelled order is refunded in full (its rewards taken back). */
export async function applyOrderCancelled(p: Publisher, order: ShopifyOrder, now: number): Promise<Applied> {
  const skipped = testOrderOnLive(p, order.test === true, order.id);
  if (skipped) return skipped;
  return ingestRefund(p, { provider: 'shopify', refundRef: shopifyOrderRef(order.id), full: true }, now);
}

/** The amount the customer paid, in the currency they paid in (presentment), or why it cannot be used. */
function orderTotal(order: ShopifyOrder): { amount: number; currency: string } | string {
  const money = order.total_price_set?.presentment_money ?? {
    amount: order.total_price ?? '',
    currency_code: order.currency ?? '',
  };
  const currency = money.currency_code.toUpperCase();
  if (!CURRENCIES.has(currency)) return `Order ${order.id} not recorded: unknown currency "${currency.slice(0, 8)}".`;
  const amount = toMinorUnits(money.amount, currency);
  if (amount === null) {
    return `Order ${order.id} not recorded: total "${money.amount.slice(0, 24)}" is not an exact ${currency} amount.`;
  }
  return { amount, currency };
}

/**
 * The customer as the merchant's Shopify knows them: the Shopify customer id, or for a guest
 * checkout the lower-cased email (what customers/redact names them by too). An order with neither
 * (a POS sale) stands for its own customer.
 */
function orderCustomer(order: ShopifyOrder): ProviderOrder['customer'] {
  const email = (order.customer?.email ?? order.email ?? order.contact_email ?? '').trim().toLowerCase();
  const externalId = order.customer
    ? `shopify_customer_${order.customer.id}`
    : email
      ? `email:${email}`
      : shopifyOrderRef(order.id);
  return email ? { external_id: externalId, email } : { external_id: externalId };
}

// Read here, not in payloads.ts's order: only a reward code's redemption uses it.
const Discounts = z.looseObject({
  presentment_money: z.looseObject({ amount: z.string().max(40), currency_code: z.string() }),
});

/** What the order's discounts took off, in the currency paid (`total_discounts_set`), when it says. */
function discountOf(order: ShopifyOrder, currency: string): number | null {
  const set = Discounts.safeParse(order.total_discounts_set);
  if (!set.success || set.data.presentment_money.currency_code.toUpperCase() !== currency) return null;
  return toMinorUnits(set.data.presentment_money.amount, currency);
}

function paidAt(order: ShopifyOrder, now: number): number {
  const at = Date.parse(order.processed_at ?? order.created_at ?? '');
  return Number.isFinite(at) ? at : now;
}

/**
 * The `vouch_click` the visitor arrived with: a cart attribute (note_attributes, set by the
 * storefront snippet) or the landing page's query (`landing_site`, a path or a URL).
 */
function clickOf(order: ShopifyOrder): string | null {
  const attribute = order.note_attributes?.find((a) => a.name === 'vouch_click')?.value;
  if (typeof attribute === 'string' && isId('click', attribute.trim())) return attribute.trim();
  if (!order.landing_site) return null;
  try {
    const fromLanding = new URL(order.landing_site, 'https://landing.invalid').searchParams.get('vouch_click');
    return fromLanding && isId('click', fromLanding) ? fromLanding : null;
  } catch {
    return null;
  }
}

/**
 * The referral code among the order's discount codes. One code is passed as it is (the conversion
 * says why when it is not a Vouch code); of several, the first this merchant's program issued.
 */
async function codeOf(p: Publisher, order: ShopifyOrder): Promise<string | null> {
  const codes = discountCodesOf(order);
  if (codes.length <= 1) return codes[0] ?? null;
  const advocates = advocateStore(p.env);
  for (const code of codes.slice(0, 5)) {
    const parsed = parseCode(code);
    if (parsed && (await advocates.codeFor(p.tenant, parsed))) return code;
  }
  return null;
}

const discountCodesOf = (order: ShopifyOrder) =>
  (order.discount_codes ?? []).map((d) => d.code).filter((c) => c.trim() !== '');
