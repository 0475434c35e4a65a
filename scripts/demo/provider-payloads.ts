/**
 * The Shopify order the demo replay and bench:providers send, shaped as Shopify's webhook reference (2025-07)
 * documents `orders/paid`: every field a real delivery has that Vouch reads, and the usual ones around them.
 */

interface ShopifyOrderInput {
  id: number;
  /** Decimal text in the shop's (and here the presentment) currency, e.g. "28.00". */
  total: string;
  customerId: number;
  email: string;
  discountCode?: string;
  noteAttributes?: Record<string, string>;
}

/** A paid order as `orders/paid` delivers it (https://shopify.dev/docs/api/webhooks?reference=toml#orders-paid). */
export function shopifyOrder(o: ShopifyOrderInput) {
  const money = (amount: string) => ({
    shop_money: { amount, currency_code: 'USD' },
    presentment_money: { amount, currency_code: 'USD' },
  });
  return {
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: `#${o.id % 100_000}`,
    email: o.email,
    contact_email: o.email,
    created_at: new Date().toISOString(),
    processed_at: new Date().toISOString(),
    currency: 'USD',
    presentment_currency: 'USD',
    financial_status: 'paid',
    test: true,
    total_price: o.total,
    current_total_price: o.total,
    total_price_set: money(o.total),
    current_total_price_set: money(o.total),
    discount_codes: o.discountCode ? [{ code: o.discountCode, amount: '0.00', type: 'percentage' }] : [],
    note_attributes: Object.entries(o.noteAttributes ?? {}).map(([name, value]) => ({ name, value })),
    landing_site: '/',
    customer: { id: o.customerId, email: o.email, admin_graphql_api_id: `gid://shopify/Customer/${o.customerId}` },
    line_items: [{ id: o.id + 1, title: 'Nordlicht house blend, 1 kg', quantity: 1, price: o.total }],
  };
}
