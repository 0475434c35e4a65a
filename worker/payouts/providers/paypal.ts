import type { Payout } from '../../../shared/schemas/payout.ts';
import type { Payee, PayoutAdapter, SendResult } from './adapter.ts';
import { decimalString, paypalDigits } from './amounts.ts';
import {
  FAILED_ITEM,
  isDuplicateBatch,
  PayoutBatch,
  type PaypalCredentials,
  paypalCall,
  paypalToken,
  paypalWords,
} from './paypal-api.ts';
import { isTransient, type ProviderAnswer, reasonOf, retryOf } from './provider-http.ts';

/**
 * PayPal Payouts: one batch of one item per payout (`POST /v1/payments/payouts`). The payout id is the
 * `sender_batch_id`: PayPal refuses a second batch with an id used in the last 30 days, naming the first
 * batch (a HATEOAS link), so a send after a crash reads that batch and answers its result: never twice.
 * The batch is accepted, not paid: the item's webhook (PAYMENT.PAYOUTS-ITEM.*) finishes the payout.
 */
export function paypalAdapter(credentials: PaypalCredentials): PayoutAdapter {
  return { provider: 'paypal', send: (payout, payee) => sendBatch(credentials, payout, payee) };
}

async function sendBatch(c: PaypalCredentials, payout: Payout, payee: Payee): Promise<SendResult> {
  if (!payee.paypalEmail) return { kind: 'failed', reason: 'The advocate has no PayPal email.', reference: null };
  const value = decimalString(payout.amount, payout.currency, paypalDigits(payout.currency));
  if (value === null) {
    const reason = `PayPal takes ${payout.currency} in whole units only; this amount has a fraction.`;
    return { kind: 'failed', reason, reference: null };
  }
  const token = await paypalToken(c);
  if (!token.ok) return errorResult(token.answer);
  const body = {
    sender_batch_header: {
      sender_batch_id: payout.id,
      recipient_type: 'EMAIL',
      email_subject: 'You have a payout for your referrals',
    },
    items: [
      {
        recipient_type: 'EMAIL',
        amount: { value, currency: payout.currency.toUpperCase() },
        receiver: payee.paypalEmail,
        note: 'Referral rewards',
        sender_item_id: payout.id,
      },
    ],
  };
  const answer = await paypalCall(c, token.token, 'POST', '/v1/payments/payouts', body);
  if (answer && answer.status >= 200 && answer.status < 300) return batchResult(answer.body);
  if (answer?.status === 400 && isDuplicateBatch(answer.body)) {
    // A batch under this id exists: it may be paying. Only its own answer decides; until it is read, retry.
    const existing = existingBatchPath(answer.body);
    if (!existing) return { kind: 'retry', reason: UNREAD_BATCH('PayPal did not link it') };
    const first = await paypalCall(c, token.token, 'GET', existing);
    if (first?.status === 200) return batchResult(first.body);
    return { kind: 'retry', reason: UNREAD_BATCH(`reading it answered ${first?.status ?? 'nothing'}`) };
  }
  return errorResult(answer);
}

const UNREAD_BATCH = (why: string) => `PayPal already has a batch for this payout and ${why}: asked again later.`;

/** A batch as PayPal shows it: denied or canceled -> failed; its one item finished -> paid/failed; else accepted. */
function batchResult(body: unknown): SendResult {
  const parsed = PayoutBatch.safeParse(body);
  if (!parsed.success) return { kind: 'retry', reason: 'PayPal answered the payout with an unexpected body.' };
  const { batch_header: header, items } = parsed.data;
  const reference = header.payout_batch_id;
  if (header.batch_status === 'DENIED' || header.batch_status === 'CANCELED') {
    return { kind: 'failed', reason: `PayPal: the payout batch was ${header.batch_status.toLowerCase()}.`, reference };
  }
  const item = items?.[0];
  const status = item?.transaction_status;
  if (status === 'SUCCESS') return { kind: 'paid', reference };
  if (status && FAILED_ITEM.has(status)) {
    const words = item?.errors?.message ?? item?.errors?.name ?? status;
    return { kind: 'failed', reason: `PayPal: ${status}: ${words}`.slice(0, 300), reference };
  }
  return { kind: 'accepted', reference };
}

/**
 * The duplicate-`sender_batch_id` answer's link to the batch made first (`/v1/payments/payouts/{id}`),
 * wherever PayPal puts it (`links` or a detail's `link`); null when it gives none.
 */
function existingBatchPath(body: unknown): string | null {
  const text = JSON.stringify(body ?? null);
  const match = /"href"\s*:\s*"https:\/\/[^"/]+(\/v1\/payments\/payouts\/[A-Za-z0-9_-]+)"/.exec(text);
  return match?.[1] ?? null;
}

/** 429, 5xx or no answer -> retry; any other refusal (401 bad credentials, 403, 422) -> failed, in PayPal's words. */
function errorResult(answer: ProviderAnswer | null): SendResult {
  if (isTransient(answer)) return retryOf('PayPal', answer);
  const status = answer?.status ?? 0;
  return { kind: 'failed', reason: reasonOf('PayPal', status, paypalWords(answer?.body)), reference: null };
}
