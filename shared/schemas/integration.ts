import * as z from 'zod';
import { Livemode, Timestamp } from './common.ts';

/** The checkouts Vouch takes orders from by itself (their webhooks) and creates codes in (coupon sync). */
export const IntegrationProvider = z.enum(['stripe', 'shopify']).describe('`stripe` or `shopify`.');
export type IntegrationProvider = z.infer<typeof IntegrationProvider>;

/**
 * Every connection a merchant makes: the checkouts above, and the payout providers Vouch pays rewards
 * through (issue 16). Stripe Connect transfers use the Stripe connection's API key, so it has none of its own.
 * Order hooks and coupon sync concern the checkouts only.
 */
export const ConnectionProvider = z
  .enum(['stripe', 'shopify', 'paypal', 'tremendous'])
  .describe('`stripe`, `shopify`, `paypal` or `tremendous`.');
export type ConnectionProvider = z.infer<typeof ConnectionProvider>;

// Stripe's signing secrets are `whsec_` + base64-ish text; restricted keys `rk_`, secret keys `sk_`.
const StripeWebhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/=_-]{16,200}$/, 'A Stripe webhook signing secret starts with `whsec_`.')
  .describe('The endpoint\u2019s signing secret from Stripe (Developers \u2192 Webhooks \u2192 your endpoint).');
const StripeApiKey = z
  .string()
  .regex(
    /^(rk|sk)_(test|live)_[A-Za-z0-9]{16,250}$/,
    'A Stripe API key starts with `rk_test_`, `rk_live_`, `sk_test_` or `sk_live_`.',
  )
  .describe(
    'Optional: a restricted key with write access to Coupons and Promotion codes, for coupon sync. Without it ' +
      'orders are still tracked; codes are not created in Stripe.',
  );

export const StripeConnect = z.strictObject({
  webhook_secret: StripeWebhookSecret,
  api_key: StripeApiKey.optional(),
  connect_webhook_secret: StripeWebhookSecret.optional().describe(
    'Optional, for Stripe Connect payouts: the signing secret of a second endpoint, created with the same ' +
      '`webhook_url` and \u201cEvents from connected accounts\u201d selected, for the listed `connect_events` (an ' +
      'advocate\u2019s onboarding finishing). Stripe signs it with its own secret. Sending the connection again ' +
      'without it removes it.',
  ),
});
export type StripeConnect = z.infer<typeof StripeConnect>;

export const ShopifyConnect = z.strictObject({
  shop_domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/, 'Use the shop\u2019s `name.myshopify.com` domain.')
    .describe('The shop\u2019s permanent `*.myshopify.com` domain.'),
  api_secret: z
    .string()
    .min(16)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'Printable characters without spaces.')
    .describe('The app\u2019s client secret (API secret key): Shopify signs webhooks with it.'),
  access_token: z
    .string()
    .regex(/^shp(at|ca|pa)_[A-Za-z0-9]{16,200}$/, 'An Admin API access token starts with `shpat_`.')
    .optional()
    .describe('Optional: an Admin API access token with `write_discounts`, for coupon sync.'),
});
export type ShopifyConnect = z.infer<typeof ShopifyConnect>;

// Printable ASCII without spaces: what PayPal and Tremendous issue as ids, keys and secrets.
const Token = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'Printable characters without spaces.');

export const PaypalConnect = z.strictObject({
  client_id: Token(10, 200).describe('The REST app\u2019s client ID (Developer Dashboard \u2192 Apps & Credentials).'),
  client_secret: Token(10, 200).describe('The app\u2019s secret: Vouch asks PayPal for an OAuth2 token with it.'),
  webhook_id: Token(5, 64).describe(
    'The id PayPal gave the webhook you created with the answered `webhook_url`: deliveries are verified with it.',
  ),
  environment: z
    .enum(['sandbox', 'live'])
    .describe('`sandbox` (api-m.sandbox.paypal.com) or `live` (api-m.paypal.com).'),
});
export type PaypalConnect = z.infer<typeof PaypalConnect>;

export const TremendousConnect = z.strictObject({
  api_key: Token(16, 200).describe('A production or sandbox API key (Team settings \u2192 Developers).'),
  webhook_private_key: Token(16, 200).describe(
    'The webhook\u2019s private key: Tremendous signs each delivery with HMAC-SHA256 under it.',
  ),
  funding_source_id: Token(4, 64).describe('The funding source orders are paid from (e.g. your balance\u2019s id).'),
  campaign_id: Token(4, 64).describe('The campaign whose products and design gift cards use.'),
  environment: z
    .enum(['sandbox', 'production'])
    .describe('`sandbox` (testflight.tremendous.com) or `production` (www.tremendous.com).'),
});
export type TremendousConnect = z.infer<typeof TremendousConnect>;

/** What happened to one delivery: kept for the console's "last events received". */
export const IntegrationEventOutcome = z
  .enum(['applied', 'duplicate', 'ignored', 'pending', 'unattributed', 'failed'])
  .describe(
    '`applied`: it changed something; `duplicate`: its id was seen before; `ignored`: a type Vouch does not use; ' +
      '`pending`: kept until what it refers to arrives (a refund before its payment); `unattributed`: an order ' +
      'nobody referred; `failed`: it could not be applied (see `detail`).',
  );
export type IntegrationEventOutcome = z.infer<typeof IntegrationEventOutcome>;

export const IntegrationEvent = z.object({
  id: z
    .string()
    .describe(
      'The provider\u2019s event id (Stripe `evt_…`, Shopify `X-Shopify-Event-Id`, PayPal `WH-…`, Tremendous `uuid`).',
    ),
  type: z.string().describe('e.g. `invoice.paid`, `orders/paid`.'),
  outcome: IntegrationEventOutcome,
  detail: z.string().nullable().describe('What it did, or why not, in words.'),
  received_at: Timestamp,
});
export type IntegrationEvent = z.infer<typeof IntegrationEvent>;

export const IntegrationError = z.object({ code: z.string(), message: z.string(), at: Timestamp });
export type IntegrationError = z.infer<typeof IntegrationError>;

export const Integration = z
  .object({
    object: z.literal('integration'),
    livemode: Livemode,
    provider: ConnectionProvider,
    status: z
      .enum(['connected', 'disconnected'])
      .describe('`disconnected`: removed here, or the Shopify app was uninstalled (events are refused).'),
    webhook_url: z
      .string()
      .describe('Paste this into Stripe or Shopify: it is this merchant\u2019s and this mode\u2019s.'),
    events: z.array(z.string()).describe('The event types to select at the provider.'),
    connect_events: z
      .array(z.string())
      .nullable()
      .describe(
        'Stripe only (null otherwise): the event types to select on a second endpoint, for events from connected ' +
          'accounts (Connect), with the same `webhook_url`; its signing secret is `connect_webhook_secret`.',
      ),
    shop_domain: z.string().nullable().describe('Shopify only.'),
    coupon_sync: z
      .boolean()
      .describe('An API credential was given: codes are created in the checkout too (Stripe, Shopify).'),
    connected_at: Timestamp,
    last_event_at: Timestamp.nullable(),
    last_error: IntegrationError.nullable(),
    recent_events: z.array(IntegrationEvent).describe('The last events received, newest first (at most 20).'),
  })
  .meta({ id: 'Integration' });
export type Integration = z.infer<typeof Integration>;

/** The events to select at each provider: exactly those the Worker handles. */
export const INTEGRATION_EVENTS = {
  stripe: [
    'checkout.session.completed',
    'invoice.paid',
    'invoice_payment.paid',
    'charge.refunded',
    'refund.created',
    'customer.subscription.deleted',
  ],
  shopify: [
    'orders/paid',
    'refunds/create',
    'orders/cancelled',
    'app/uninstalled',
    'customers/data_request',
    'customers/redact',
    'shop/redact',
  ],
  paypal: [
    'PAYMENT.PAYOUTSBATCH.DENIED',
    'PAYMENT.PAYOUTS-ITEM.SUCCEEDED',
    'PAYMENT.PAYOUTS-ITEM.FAILED',
    'PAYMENT.PAYOUTS-ITEM.BLOCKED',
    'PAYMENT.PAYOUTS-ITEM.RETURNED',
    'PAYMENT.PAYOUTS-ITEM.DENIED',
    'PAYMENT.PAYOUTS-ITEM.REFUNDED',
    'PAYMENT.PAYOUTS-ITEM.CANCELED',
    'PAYMENT.PAYOUTS-ITEM.UNCLAIMED',
  ],
  tremendous: ['REWARDS.DELIVERY.SUCCEEDED', 'REWARDS.DELIVERY.FAILED', 'ORDERS.FAILED'],
} as const satisfies Record<ConnectionProvider, readonly string[]>;

/**
 * The events Vouch reads from a Stripe Connect endpoint (events from connected accounts: advocates' Express
 * accounts), selected on a second endpoint with the same URL. A delivery verified only under that endpoint's
 * secret is applied only if it is one of these: connected accounts' orders are not the merchant's.
 */
export const STRIPE_CONNECT_EVENTS = ['account.updated'] as const;

/** How many received events an integration keeps for the console. */
export const RECENT_INTEGRATION_EVENTS = 20;

/** The answer to a provider's webhook delivery. */
export const ProviderWebhookReceipt = z.object({
  received: z.literal(true),
  outcome: IntegrationEventOutcome,
  detail: z.string().nullable(),
});
export type ProviderWebhookReceipt = z.infer<typeof ProviderWebhookReceipt>;
