import { createHmac, randomUUID } from 'node:crypto';
import { ProviderWebhookReceipt } from '../../shared/schemas/integration.ts';
import { stripeSignature } from '../providers/stripe-events.ts';

/**
 * One webhook delivery as Stripe or Shopify sends it: the raw body and the headers that sign it. Used by the
 * demo replay (npm start) and by bench:providers, which both talk to a running Worker over HTTP.
 */
export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** A Stripe Event, signed as Stripe signs it (`Stripe-Signature: t=…,v1=…`, by the official package's helper). */
export function signedStripeEvent(event: { id: string; type: string }, secret: string): SignedDelivery {
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Stripe-Signature': stripeSignature(body, secret),
    },
  };
}

interface ShopifyTopic {
  topic: string;
  shopDomain: string;
  /** The API secret (client secret) of the app the shop installed. */
  secret: string;
  /** `X-Shopify-Event-Id`: the same for every retry of one event. */
  eventId?: string;
  apiVersion?: string;
}

/**
 * A Shopify webhook, signed as Shopify documents: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw
 * body keyed with the app's API secret; the topic, shop, event id and API version ride in headers of their own.
 */
export function signedShopifyWebhook(payload: unknown, to: ShopifyTopic): SignedDelivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': to.topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', to.secret).update(body, 'utf8').digest('base64'),
      'X-Shopify-Shop-Domain': to.shopDomain,
      'X-Shopify-API-Version': to.apiVersion ?? '2025-07',
      'X-Shopify-Webhook-Id': randomUUID(),
      'X-Shopify-Event-Id': to.eventId ?? randomUUID(),
      'X-Shopify-Triggered-At': new Date().toISOString(),
    },
  };
}

export interface DeliveryAnswer {
  status: number;
  /** The receipt on a 200; null otherwise (the error envelope is in `text`). */
  receipt: ProviderWebhookReceipt | null;
  text: string;
}

/** POSTs a signed delivery to a webhook URL and reads the Worker's answer. */
export async function deliver(url: string, delivery: SignedDelivery): Promise<DeliveryAnswer> {
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.text();
  let receipt: ProviderWebhookReceipt | null = null;
  if (res.status === 200) {
    try {
      const parsed = ProviderWebhookReceipt.safeParse(JSON.parse(text));
      receipt = parsed.success ? parsed.data : null;
    } catch {
      /* not JSON: left null, the text says what came back */
    }
  }
  return { status: res.status, receipt, text };
}
