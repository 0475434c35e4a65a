import { fractionDigits } from '../../../shared/core/money.ts';
import type { Payout } from '../../../shared/schemas/payout.ts';
import type { Payee, PayoutAdapter, SendResult } from './adapter.ts';
import { decimalString } from './amounts.ts';
import { isTransient, reasonOf, retryOf } from './provider-http.ts';
import { type TremendousCredentials, TremendousOrder, tremendousCall, tremendousWords } from './tremendous-api.ts';

/**
 * Tremendous gift cards: one order of one reward per payout (`POST /api/v2/orders`), delivered by email.
 * The payout id is the order's `external_id`: Tremendous answers a repeat with the order made first
 * (and creates nothing), so a send after a crash never orders twice. The order is accepted; the
 * reward's delivery webhook (REWARDS.DELIVERY.*) finishes the payout.
 */
export function tremendousAdapter(credentials: TremendousCredentials): PayoutAdapter {
  return { provider: 'tremendous', send: (payout, payee) => order(credentials, payout, payee) };
}

async function order(c: TremendousCredentials, payout: Payout, payee: Payee): Promise<SendResult> {
  if (!payee.email)
    return { kind: 'failed', reason: 'The advocate has no email to send the gift card to.', reference: null };
  const denomination = decimalString(payout.amount, payout.currency, fractionDigits(payout.currency.toUpperCase()));
  if (denomination === null) return { kind: 'failed', reason: 'The amount is not positive.', reference: null };
  const body = {
    external_id: payout.id,
    payment: { funding_source_id: c.fundingSourceId },
    reward: {
      campaign_id: c.campaignId,
      value: { denomination: Number(denomination), currency_code: payout.currency.toUpperCase() },
      recipient: { name: payee.name ?? payee.email, email: payee.email },
      delivery: { method: 'EMAIL' },
    },
  };
  const answer = await tremendousCall(c, 'POST', '/orders', body);
  if (answer && answer.status >= 200 && answer.status < 300) {
    const parsed = TremendousOrder.safeParse(answer.body);
    if (!parsed.success) return { kind: 'retry', reason: 'Tremendous answered the order with an unexpected body.' };
    const { id, status } = parsed.data.order;
    if (status === 'FAILED' || status === 'CANCELED') {
      return { kind: 'failed', reason: `Tremendous: the order was ${status.toLowerCase()}.`, reference: id };
    }
    return { kind: 'accepted', reference: id };
  }
  if (isTransient(answer)) return retryOf('Tremendous', answer);
  const status = answer?.status ?? 0;
  return { kind: 'failed', reason: reasonOf('Tremendous', status, tremendousWords(answer?.body)), reference: null };
}
