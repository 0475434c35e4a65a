import * as z from 'zod';
import type { Payout } from '../../../shared/schemas/payout.ts';
import { toStripeAmount } from '../../integrations/stripe/amounts.ts';
import type { Payee, PayoutAdapter, SendResult } from './adapter.ts';
import { callProvider, isTransient, reasonOf, retryOf } from './provider-http.ts';

const STRIPE_API = 'https://api.stripe.com';
/** Pinned, so a change of the account's default API version cannot change these calls. */
const STRIPE_VERSION = '2025-03-31.basil';

const Transfer = z.looseObject({ id: z.string(), object: z.literal('transfer') });
const TransferList = z.looseObject({ object: z.literal('list'), data: z.array(Transfer) });
const StripeError = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), code: z.string().optional() }),
});

/**
 * Stripe Connect: one transfer from the merchant's balance to the advocate's connected account
 * (`POST /v1/transfers`, form-encoded). The payout id is the Idempotency-Key: Stripe answers a retry
 * with the first request's result (kept 24 hours), so a crash after Stripe acted never transfers twice.
 * Stripe forgets a key after 24 hours and sends are retried for longer, so a send after a retry first
 * looks for a transfer of this payout's `transfer_group`. A transfer moves the money at once: success is
 * `paid`. Needs the Stripe connection's API key with Transfers write.
 */
export function stripeConnectAdapter(apiKey: string): PayoutAdapter {
  return {
    provider: 'stripe_connect',
    send: (payout, payee) => transfer(apiKey, payout, payee),
  };
}

const headersOf = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}`, 'Stripe-Version': STRIPE_VERSION });

/**
 * The transfer an earlier send made for this payout (by its transfer_group): its id, null when none or
 * when Stripe refused the lookup (the POST then answers the real error), `retry` when Stripe is down.
 */
async function earlierTransfer(apiKey: string, payout: Payout): Promise<string | null | 'retry'> {
  const query = new URLSearchParams({ transfer_group: payout.id, limit: '1' });
  const answer = await callProvider(`${STRIPE_API}/v1/transfers?${query}`, { headers: headersOf(apiKey) });
  if (isTransient(answer)) return 'retry';
  const list = answer?.status === 200 ? TransferList.safeParse(answer.body) : null;
  return list?.success ? (list.data.data[0]?.id ?? null) : null;
}

/** Sent before: its history holds a `pending` entry besides the first (a send answered `retry`). */
const sentBefore = (payout: Payout) => payout.history.filter((h) => h.status === 'pending').length > 1;

async function transfer(apiKey: string, payout: Payout, payee: Payee): Promise<SendResult> {
  if (!payee.stripeAccountId) {
    return { kind: 'failed', reason: 'The advocate has no connected Stripe account.', reference: null };
  }
  if (sentBefore(payout)) {
    const earlier = await earlierTransfer(apiKey, payout);
    if (earlier === 'retry') return { kind: 'retry', reason: 'Stripe did not answer the transfer lookup.' };
    if (earlier) return { kind: 'paid', reference: earlier };
  }
  const form = new URLSearchParams({
    amount: String(toStripeAmount(payout.amount, payout.currency)),
    currency: payout.currency.toLowerCase(),
    destination: payee.stripeAccountId,
    transfer_group: payout.id,
    description: 'Referral rewards',
    'metadata[vouch_payout]': payout.id,
  });
  const answer = await callProvider(`${STRIPE_API}/v1/transfers`, {
    method: 'POST',
    headers: {
      ...headersOf(apiKey),
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': payout.id,
    },
    body: form.toString(),
  });
  if (answer && answer.status >= 200 && answer.status < 300) {
    const parsed = Transfer.safeParse(answer.body);
    if (parsed.success) return { kind: 'paid', reference: parsed.data.id };
    return { kind: 'retry', reason: 'Stripe answered the transfer with an unexpected body.' };
  }
  // Stripe-Should-Retry overrides the status; 409: a concurrent request with this key is still running.
  const said = answer?.headers.get('Stripe-Should-Retry');
  if (said === 'true' || (said !== 'false' && (isTransient(answer) || answer?.status === 409))) {
    return retryOf('Stripe', answer);
  }
  const error = StripeError.safeParse(answer?.body).data?.error;
  const words = error?.code ? `${error.message ?? ''} (${error.code})` : error?.message;
  return { kind: 'failed', reason: reasonOf('Stripe', answer?.status ?? 0, words), reference: null };
}
