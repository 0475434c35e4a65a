import { ProviderWebhookReceipt } from '../schemas/integration.ts';
import type { RouteSpec } from './routes.ts';

/** Payout provider connections and their status webhooks (issue 16). */
export const PAYOUT_PROVIDER_ROUTES = [
  {
    method: 'post',
    path: '/hooks/paypal/{merchant}/{mode}',
    operationId: 'receivePaypalEvent',
    tag: 'Integrations',
    auth: 'none',
    summary: 'PayPal Payouts webhook (paste into PayPal)',
    description:
      'Verified with PayPal (`POST /v1/notifications/verify-webhook-signature` with the PAYPAL-TRANSMISSION-* ' +
      'headers and the connection\u2019s `webhook_id`): an unverified delivery answers 400 `invalid_signature` ' +
      'and changes nothing; 503 when PayPal cannot be asked (it retries). Applied once per event id. ' +
      'PAYMENT.PAYOUTS-ITEM.SUCCEEDED pays the payout; FAILED, BLOCKED, RETURNED, DENIED, REFUNDED, CANCELED ' +
      'and PAYMENT.PAYOUTSBATCH.DENIED fail it (its rewards back to approved, with PayPal\u2019s reason); ' +
      'UNCLAIMED leaves it processing.',
    params: { merchant: 'Your merchant id, `mer_…`.', mode: '`test` or `live`.' },
    response: { status: 200, description: 'Received.', schema: ProviderWebhookReceipt },
    errors: [400, 404, 409, 503],
    idempotency: false,
  },
  {
    method: 'post',
    path: '/hooks/tremendous/{merchant}/{mode}',
    operationId: 'receiveTremendousEvent',
    tag: 'Integrations',
    auth: 'none',
    summary: 'Tremendous webhook (paste into Tremendous)',
    description:
      'Verified by `Tremendous-Webhook-Signature` (`sha256=` + hex HMAC-SHA256 of the raw body with the webhook ' +
      'private key, compared in constant time): a bad signature answers 400 `invalid_signature` and changes ' +
      'nothing. Applied once per event `uuid`. REWARDS.DELIVERY.SUCCEEDED pays the payout whose order it is ' +
      '(the order\u2019s `external_id`); REWARDS.DELIVERY.FAILED and ORDERS.FAILED fail it. 503 when Tremendous ' +
      'cannot be read (it retries).',
    params: { merchant: 'Your merchant id, `mer_…`.', mode: '`test` or `live`.' },
    response: { status: 200, description: 'Received.', schema: ProviderWebhookReceipt },
    errors: [400, 404, 409, 503],
    idempotency: false,
  },
] as const satisfies readonly RouteSpec[];
