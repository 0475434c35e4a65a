import * as z from 'zod';
import type { Applied } from '../../integrations/receive-event.ts';
import type { Tenant } from '../../tenant.ts';
import type { PayoutOutcome } from '../finish-payout.ts';
import { applyPayoutOutcome } from './payout-hook-outcome.ts';
import { FAILED_ITEM, PayoutBatch, PayoutItem, type PaypalCredentials, paypalCall, paypalToken } from './paypal-api.ts';

/** A PayPal webhook event: only the fields read (the resource is checked per event type). */
export const PaypalEvent = z.looseObject({
  id: z.string().min(1).max(128),
  event_type: z.string().min(1).max(128),
  resource: z.unknown(),
});
export type PaypalEvent = z.infer<typeof PaypalEvent>;

/** The transmission headers PayPal signs a delivery with, all required. */
const TRANSMISSION = ['auth-algo', 'cert-url', 'transmission-id', 'transmission-sig', 'transmission-time'] as const;

export type Verification = 'verified' | 'invalid' | 'unavailable';

/**
 * Verifies a delivery as PayPal documents: `POST /v1/notifications/verify-webhook-signature` with the
 * PAYPAL-* transmission headers, the connection's webhook_id and the event as received; PayPal answers
 * `verification_status: SUCCESS`. `unavailable`: PayPal could not be asked (its retry will verify).
 */
export async function verifyPaypalDelivery(
  c: PaypalCredentials,
  header: (name: string) => string | undefined,
  event: unknown,
): Promise<Verification> {
  const values = TRANSMISSION.map((name) => header(`paypal-${name}`));
  if (values.some((v) => !v || v.length > 2048)) return 'invalid';
  const [authAlgo, certUrl, transmissionId, transmissionSig, transmissionTime] = values as string[];
  // PayPal's certificates live on its own hosts: anything else is not a delivery, and costs no call to PayPal.
  if (!isPaypalUrl(certUrl!)) return 'invalid';
  const token = await paypalToken(c);
  if (!token.ok) return 'unavailable';
  const answer = await paypalCall(c, token.token, 'POST', '/v1/notifications/verify-webhook-signature', {
    auth_algo: authAlgo,
    cert_url: certUrl,
    transmission_id: transmissionId,
    transmission_sig: transmissionSig,
    transmission_time: transmissionTime,
    webhook_id: c.webhookId,
    webhook_event: event,
  });
  if (!answer || answer.status === 429 || answer.status >= 500) return 'unavailable';
  const status = (answer.body as { verification_status?: unknown } | null)?.verification_status;
  return answer.status === 200 && status === 'SUCCESS' ? 'verified' : 'invalid';
}

function isPaypalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && (u.hostname === 'paypal.com' || u.hostname.endsWith('.paypal.com'));
  } catch {
    return false;
  }
}

type Ctx = { waitUntil(p: Promise<unknown>): void };

/**
 * What a verified PayPal event does: an item SUCCEEDED -> paid; FAILED, BLOCKED, RETURNED, DENIED,
 * REFUNDED, CANCELED -> failed with PayPal's error message; the batch DENIED -> failed; UNCLAIMED (the
 * receiver has no PayPal account yet; PayPal returns it after 30 days) and others leave it processing.
 * Our payout id is the item's `sender_item_id` and the batch's `sender_batch_id`.
 */
export function applyPaypalEvent(env: Env, ctx: Ctx, t: Tenant, event: PaypalEvent): Promise<Applied> {
  if (event.event_type === 'PAYMENT.PAYOUTSBATCH.DENIED') {
    const batch = PayoutBatch.safeParse(event.resource).data;
    const payoutId = batch?.batch_header.sender_batch_header?.sender_batch_id ?? null;
    const outcome = { kind: 'failed' as const, reason: 'PayPal denied the payout batch.' };
    return applyPayoutOutcome(env, ctx, t, 'paypal', payoutId, outcome);
  }
  const item = /^PAYMENT\.PAYOUTS-ITEM\.([A-Z]+)$/.exec(event.event_type)?.[1];
  if (!item || !(item === 'SUCCEEDED' || FAILED_ITEM.has(item))) {
    return Promise.resolve({ outcome: 'ignored', detail: `${event.event_type}: the payout stays as it is.` });
  }
  const resource = PayoutItem.safeParse(event.resource).data;
  const payoutId = resource?.payout_item?.sender_item_id ?? null;
  const words = resource?.errors?.message ?? resource?.errors?.name ?? `the item was ${item.toLowerCase()}`;
  const outcome: PayoutOutcome =
    item === 'SUCCEEDED'
      ? { kind: 'paid', ...(resource?.payout_batch_id ? { reference: resource.payout_batch_id } : {}) }
      : { kind: 'failed', reason: `PayPal: ${item}: ${words}`.slice(0, 300) };
  return applyPayoutOutcome(env, ctx, t, 'paypal', payoutId, outcome);
}
