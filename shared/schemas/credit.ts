import * as z from 'zod';
import { Currency, listOf, MinorUnits, Timestamp } from './common.ts';

/** One change of a customer's store credit. */
export const CreditEntry = z
  .object({
    id: z.string().describe('`cre_…`, time-sortable.'),
    object: z.literal('credit_entry'),
    kind: z
      .enum(['grant', 'revoke', 'spend', 'restore'])
      .describe(
        '`grant`: a `store_credit` reward approved; `revoke`: that reward voided or refunded after approval; ' +
          '`spend`: used on an order; `restore`: that order refunded, the credit given back.',
      ),
    amount: z.number().int().describe('Signed change of the balance, minor units.'),
    currency: Currency,
    reference: z.string().describe('The reward id (grant, revoke) or your order id (spend, restore).'),
    balance_after: z.number().int().min(0).describe('The balance in this currency just after this entry.'),
    owed: z
      .number()
      .int()
      .min(0)
      .describe('On a revoke: what could not be taken back because it was already spent (the balance stops at 0).'),
    created_at: Timestamp,
  })
  .meta({ id: 'CreditEntry' });
export type CreditEntry = z.infer<typeof CreditEntry>;

export const CreditBalances = z
  .object({
    object: z.literal('credit_balance'),
    external_id: z.string(),
    balances: z.array(z.object({ currency: Currency, amount: MinorUnits })).describe('One line per currency held.'),
    ledger: listOf(CreditEntry).describe('Entries, newest first.'),
  })
  .meta({ id: 'CreditBalances' });
export type CreditBalances = z.infer<typeof CreditBalances>;

export const CreditSpendBody = z.strictObject({
  order_id: z.string().trim().min(1).max(128).describe('Your order id: the same order again answers the same spend.'),
  amount: MinorUnits.min(1).describe('At most this much is spent (less when the balance is smaller).'),
  currency: Currency,
});

export const CreditSpend = z
  .object({
    object: z.literal('credit_spend'),
    order_id: z.string(),
    currency: Currency,
    spent: MinorUnits.describe('What was taken from the balance for this order.'),
    remaining: MinorUnits.describe('The balance in this currency just after the spend.'),
    restored: z.boolean().describe('True once the order was refunded and the credit given back.'),
    entry: CreditEntry,
  })
  .meta({ id: 'CreditSpend' });
export type CreditSpend = z.infer<typeof CreditSpend>;

/** A `credit.changed` event's data: whose credit, and the ledger entry that changed it. */
export const CreditChange = z.object({
  object: z.literal('credit_change'),
  external_id: z.string(),
  entry: CreditEntry,
});
