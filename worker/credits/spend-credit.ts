import type { CreditSpend } from '../../shared/schemas/credit.ts';
import { ApiError } from '../errors/api-error.ts';
import { creditStore } from '../storage/credits.ts';
import { type CreditPublisher as Publisher, publishCreditChange } from './credit-events.ts';

type SpendInput = { order_id: string; amount: number; currency: string };

async function answer(p: Publisher, externalId: string, orderId: string): Promise<CreditSpend> {
  const store = creditStore(p.env);
  const entry = await store.entryFor(p.tenant, externalId, `spend:${orderId}`);
  if (!entry) throw new ApiError('not_found_error', 'spend_not_found', `No credit was spent on order ${orderId}.`);
  const restored = (await store.entryFor(p.tenant, externalId, `restore:${orderId}`)) !== null;
  return {
    object: 'credit_spend',
    order_id: orderId,
    currency: entry.currency,
    spent: -entry.amount,
    remaining: entry.balance_after,
    restored,
    entry,
  };
}

/**
 * Spends at most the customer's balance on an order, once per order: the same order again answers
 * the same spend (whatever its amount), and concurrent spends never take more than the balance.
 */
export async function spendCredit(p: Publisher, externalId: string, s: SpendInput, now: number) {
  const result = await creditStore(p.env).spend(p.tenant, externalId, s, now);
  if (result.status === 'empty')
    throw new ApiError('conflict_error', 'insufficient_credit', `The customer has no ${s.currency} credit to spend.`);
  await publishCreditChange(p, externalId, result.entry);
  return answer(p, externalId, s.order_id);
}

/** The order was refunded: its spend comes back to the balance, once. */
export async function restoreCredit(p: Publisher, externalId: string, orderId: string, now: number) {
  const result = await creditStore(p.env).restore(p.tenant, externalId, orderId, now);
  await publishCreditChange(p, externalId, result.entry);
  return answer(p, externalId, orderId);
}
