import { createHmac, randomInt, randomUUID } from 'node:crypto';

// Shopify webhook deliveries as Shopify's webhook reference documents each topic (REST Admin resource
// payloads: Order, Refund, Shop, and the compliance topics' bodies) with the headers Shopify sends, for
// the Worker's tests, the demo's replay and the benchmark. Shopify ids are 64-bit integers: builders
// take them as digit strings and shopifyJson writes them as JSON numbers, exactly as Shopify does.

/** The Admin API version the payloads are shaped after (sent as X-Shopify-API-Version). */
export const SHOPIFY_API_VERSION = '2026-04';

/** A Shopify-like numeric id (13 digits, as today's order and customer ids are). */
export const shopifyId = (): string => String(randomInt(1_000_000_000_000, 9_000_000_000_000));

type Id = string;
const ID_FIELDS = ['id', 'order_id', 'shop_id', 'line_item_id', 'product_id', 'variant_id', 'parent_id'];
const ID_FIELD = new RegExp(`"(${ID_FIELDS.join('|')})":"(\\d+)"`, 'g');

/** The body as Shopify writes it: ids (and orders_to_redact, orders_requested) as bare JSON integers. */
export function shopifyJson(payload: object): string {
  return JSON.stringify(payload)
    .replace(ID_FIELD, '"$1":$2')
    .replace(
      /"(orders_to_redact|orders_requested)":\[([^\]]*)\]/g,
      (_all, name: string, list: string) => `"${name}":[${list.replace(/"(\d+)"/g, '$1')}]`,
    );
}

const money = (amount: string, currency: string, shopAmount = amount, shopCurrency = currency) => ({
  shop_money: { amount: shopAmount, currency_code: shopCurrency },
  presentment_money: { amount, currency_code: currency },
});

export interface OrderInput {
  id?: Id;
  /** Decimal text, as Shopify writes it (`"19.99"`). */
  total: string;
  currency: string;
  /** The shop's own currency and the total in it, when the customer paid in another one. */
  shopTotal?: { amount: string; currency: string };
  /** null: a guest checkout (no customer record). */
  customer?: { id: Id; email: string } | null;
  email?: string | null;
  discountCodes?: string[];
  noteAttributes?: { name: string; value: string }[];
  landingSite?: string | null;
  processedAt?: string;
  cancelledAt?: string | null;
  /** Paid with Shopify's test gateway (Bogus Gateway): `test: true` (the default); false: a real payment. */
  test?: boolean;
}

/** The gateway Shopify names for a test payment, and for a real one (Shopify Payments). */
const gatewayOf = (test: boolean) => (test ? 'bogus' : 'shopify_payments');

/** The Order resource, as orders/paid and orders/cancelled deliver it. */
export function shopifyOrder(input: OrderInput) {
  const id = input.id ?? shopifyId();
  const at = input.processedAt ?? new Date().toISOString();
  const shop = input.shopTotal ?? { amount: input.total, currency: input.currency };
  const customer = input.customer === undefined ? { id: shopifyId(), email: 'jon@example.com' } : input.customer;
  const email = input.email === undefined ? (customer?.email ?? null) : input.email;
  const test = input.test ?? true;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    app_id: null,
    browser_ip: '192.0.2.10',
    buyer_accepts_marketing: false,
    cancel_reason: input.cancelledAt ? 'customer' : null,
    cancelled_at: input.cancelledAt ?? null,
    cart_token: null,
    checkout_id: null,
    checkout_token: null,
    confirmation_number: 'B7GQ3KZ1M',
    confirmed: true,
    contact_email: email,
    created_at: at,
    currency: shop.currency,
    current_total_price: shop.amount,
    current_total_price_set: money(input.total, input.currency, shop.amount, shop.currency),
    customer_locale: 'en',
    discount_codes: (input.discountCodes ?? []).map((code) => ({ code, amount: '0.00', type: 'percentage' })),
    email,
    financial_status: input.cancelledAt ? 'refunded' : 'paid',
    fulfillment_status: null,
    landing_site: input.landingSite ?? null,
    landing_site_ref: null,
    name: `#${id.slice(-4)}`,
    note: null,
    note_attributes: input.noteAttributes ?? [],
    number: Number(id.slice(-4)),
    order_number: 1000 + Number(id.slice(-4)),
    payment_gateway_names: [gatewayOf(test)],
    presentment_currency: input.currency,
    processed_at: at,
    source_name: 'web',
    subtotal_price: shop.amount,
    subtotal_price_set: money(input.total, input.currency, shop.amount, shop.currency),
    tags: '',
    taxes_included: false,
    test,
    total_discounts: '0.00',
    total_price: shop.amount,
    total_price_set: money(input.total, input.currency, shop.amount, shop.currency),
    total_tax: '0.00',
    updated_at: at,
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          created_at: at,
          updated_at: at,
          first_name: 'Jon',
          last_name: 'Doe',
          state: 'enabled',
          verified_email: true,
          currency: shop.currency,
          admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
        }
      : null,
    line_items: [
      {
        id: shopifyId(),
        admin_graphql_api_id: 'gid://shopify/LineItem/1',
        name: 'Espresso beans 1 kg',
        price: shop.amount,
        price_set: money(input.total, input.currency, shop.amount, shop.currency),
        product_id: shopifyId(),
        quantity: 1,
        variant_id: shopifyId(),
      },
    ],
    refunds: [],
  };
}

export interface RefundInput {
  id?: Id;
  orderId: Id;
  /** Refund transactions: decimal text in the currency the customer paid in. */
  transactions?: { amount: string; currency: string; status?: 'success' | 'pending' | 'failure' }[];
  /** Refunded line items' subtotals (presentment), for a refund without transactions. */
  lineSubtotals?: { amount: string; currency: string }[];
  /** Refunded through Shopify's test gateway (the default), as a test order's refunds are; false: real money. */
  test?: boolean;
}

/** The Refund resource, as refunds/create delivers it. */
export function shopifyRefund(input: RefundInput) {
  const id = input.id ?? shopifyId();
  const at = new Date().toISOString();
  const test = input.test ?? true;
  return {
    id,
    order_id: input.orderId,
    created_at: at,
    note: 'Damaged in transit',
    user_id: null,
    processed_at: at,
    restock: false,
    duties: [],
    total_duties_set: money('0.00', 'USD'),
    return: null,
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_adjustments: [],
    refund_line_items: (input.lineSubtotals ?? []).map((s) => ({
      id: shopifyId(),
      quantity: 1,
      line_item_id: shopifyId(),
      location_id: null,
      restock_type: 'no_restock',
      subtotal: Number(s.amount),
      total_tax: 0,
      subtotal_set: money(s.amount, s.currency),
      total_tax_set: money('0.00', s.currency),
    })),
    transactions: (input.transactions ?? []).map((t) => ({
      id: shopifyId(),
      order_id: input.orderId,
      kind: 'refund',
      gateway: gatewayOf(test),
      status: t.status ?? 'success',
      message: test ? 'Bogus Gateway: Forced success' : 'Transaction approved',
      created_at: at,
      test,
      authorization: null,
      parent_id: shopifyId(),
      processed_at: at,
      source_name: 'web',
      receipt: {},
      amount: t.amount,
      currency: t.currency,
      admin_graphql_api_id: 'gid://shopify/OrderTransaction/1',
    })),
  };
}

/** The Shop resource, as app/uninstalled delivers it. */
export function shopifyShop(shopDomain: string) {
  const id = shopifyId();
  return {
    id,
    name: shopDomain.split('.')[0],
    email: 'owner@example.com',
    domain: shopDomain,
    myshopify_domain: shopDomain,
    country_code: 'US',
    currency: 'USD',
    plan_name: 'basic',
    created_at: '2024-01-01T00:00:00-05:00',
  };
}

/** customers/data_request's body. */
export function shopifyDataRequest(shopDomain: string, customer: { id: Id; email: string }, orders: Id[] = []) {
  return {
    shop_id: shopifyId(),
    shop_domain: shopDomain,
    orders_requested: orders,
    customer: { id: customer.id, email: customer.email, phone: '555-625-1199' },
    data_request: { id: shopifyId() },
  };
}

/** customers/redact's body. */
export function shopifyCustomerRedact(shopDomain: string, customer: { id: Id; email: string }, orders: Id[] = []) {
  return {
    shop_id: shopifyId(),
    shop_domain: shopDomain,
    customer: { id: customer.id, email: customer.email, phone: '555-625-1199' },
    orders_to_redact: orders,
  };
}

/** shop/redact's body. */
export function shopifyShopRedact(shopDomain: string) {
  return { shop_id: shopifyId(), shop_domain: shopDomain };
}

/** X-Shopify-Hmac-Sha256 as Shopify documents it: base64 HMAC-SHA256 of the raw body with the app's secret. */
export function shopifyHmac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
  eventId: string;
}

/** One webhook delivery: the body and every header Shopify sends with it, signed with `secret`. */
export function shopifyDelivery(
  topic: string,
  payload: object,
  options: { secret: string; shopDomain: string; eventId?: string; webhookId?: string },
): Delivery {
  const body = shopifyJson(payload);
  const eventId = options.eventId ?? randomUUID();
  return {
    body,
    eventId,
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': shopifyHmac(body, options.secret),
      'X-Shopify-Shop-Domain': options.shopDomain,
      'X-Shopify-API-Version': SHOPIFY_API_VERSION,
      'X-Shopify-Webhook-Id': options.webhookId ?? randomUUID(),
      'X-Shopify-Triggered-At': new Date().toISOString(),
      'X-Shopify-Event-Id': eventId,
    },
  };
}
