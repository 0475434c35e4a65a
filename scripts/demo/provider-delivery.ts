import Stripe from 'stripe';
import { ProviderWebhookReceipt } from '../../shared/schemas/integration.ts';

/**
 * One webhook delivery as Stripe or Shopify sends it: the raw body and the headers that sign it. Used by the
 * demo replay (npm start) and by bench:providers, which both talk to a running Worker over HTTP.
 */
export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * A Stripe Event, signed as Stripe signs it (`Stripe-Signature: t=…,v1=…`) by the official package's test helper.
 * The package's static helper, not a client per call: constructing a client costs ~0.6 ms, which would weigh
 * on bench:providers' load generator (the helper alone: ~0.03 ms).
 */
export function signedStripeEvent(event: { id: string; type: string }, secret: string): SignedDelivery {
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }),
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
