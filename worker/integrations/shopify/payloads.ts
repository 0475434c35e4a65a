import * as z from 'zod';

/**
 * The Shopify webhook payloads Vouch reads (REST Admin resource shapes, as Shopify's webhook
 * reference documents each topic): only the fields read here, every object loose (Shopify adds
 * fields in new API versions).
 */

/** Shopify ids are integers up to 2^63: a digit string here, exactly (see parseShopifyJson). */
const ShopifyId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])
  .transform((id) => String(id));

const Amount = z.string().max(40);
const Currency = z.string().max(8);
const Money = z.looseObject({ amount: Amount, currency_code: Currency });
/** A `*_set`: the amount in the shop's currency and in the one the customer paid in. */
const MoneySet = z.looseObject({ shop_money: Money, presentment_money: Money });
const Email = z.string().max(254).nullish();

const Customer = z.looseObject({ id: ShopifyId, email: Email });

/** orders/paid and orders/cancelled: the Order resource. */
export const ShopifyOrder = z.looseObject({
  id: ShopifyId,
  email: Email,
  contact_email: Email,
  currency: Currency.optional(),
  total_price: Amount.optional(),
  total_price_set: MoneySet.optional(),
  discount_codes: z.array(z.looseObject({ code: z.string().max(256) })).nullish(),
  note_attributes: z.array(z.looseObject({ name: z.string(), value: z.unknown() })).nullish(),
  landing_site: z.string().nullish(),
  customer: Customer.nullish(),
  processed_at: z.string().nullish(),
  created_at: z.string().nullish(),
  /** true: placed with Shopify's test gateway (Bogus Gateway), no money moved. */
  test: z.boolean().nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;

/** refunds/create: the Refund resource, with its transactions and refunded line items. */
export const ShopifyRefund = z.looseObject({
  id: ShopifyId,
  order_id: ShopifyId,
  transactions: z
    .array(
      z.looseObject({
        kind: z.string().max(40),
        status: z.string().max(40),
        amount: Amount,
        currency: Currency,
        amount_set: MoneySet.optional(),
        /** true: a refund through Shopify's test gateway (of a test order). */
        test: z.boolean().nullish(),
      }),
    )
    .nullish(),
  refund_line_items: z.array(z.looseObject({ subtotal_set: MoneySet.optional() })).nullish(),
});
export type ShopifyRefund = z.infer<typeof ShopifyRefund>;

/** customers/data_request and customers/redact (mandatory compliance topics). */
export const ShopifyCustomerRequest = z.looseObject({
  shop_domain: z.string(),
  customer: z.looseObject({ id: ShopifyId.nullish(), email: Email }),
});
export type ShopifyCustomerRequest = z.infer<typeof ShopifyCustomerRequest>;

/** shop/redact: 48 hours after an uninstall, the shop's data is to be erased. */
export const ShopifyShopRedact = z.looseObject({ shop_domain: z.string() });

/**
 * The body as JSON with Shopify's 64-bit ids kept exact: an integer past 2^53 is read from its
 * source text (JSON.parse's reviver context), so order 820982911946154508 stays that order.
 */
export function parseShopifyJson(raw: string): unknown {
  return JSON.parse(raw, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source
      ? context.source
      : value,
  );
}
