import { fractionDigits } from '../../shared/core/money.ts';
import type { Payout } from '../../shared/schemas/payout.ts';
import { type Cell, csvRow } from '../analytics/csv.ts';
import { payeeRecords, payToEmail } from '../payees/payee-records.ts';
import type { PayeeEnv } from '../payees/payout-details.ts';
import { decimalString, paypalDigits } from '../payouts/providers/amounts.ts';
import { payoutStore } from '../storage/payouts.ts';
import type { Tenant } from '../tenant.ts';

/** PayPal takes 5,000 rows per file (Wise 1,000: the rest of a longer file is a second upload there). */
const MAX_ROWS = 5000;
const PAGE = 500;

export type ManualFormat = 'paypal' | 'wise';

// Wise's "send by email" batch template: recipients give their bank details to Wise from its email.
const WISE_HEADER = [
  'name',
  'recipientEmail',
  'paymentReference',
  'receiverType',
  'amountCurrency',
  'amount',
  'sourceCurrency',
  'targetCurrency',
];

/** Pending payouts of the manual provider, oldest first, at most MAX_ROWS. */
async function pendingManual(env: PayeeEnv, t: Tenant, currency: string | undefined): Promise<Payout[]> {
  const out: Payout[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await payoutStore(env).page(t, { status: 'pending' }, PAGE, before);
    for (const p of page.payouts) {
      if (p.provider === 'manual' && (currency === undefined || p.currency === currency)) out.push(p);
    }
    if (!page.hasMore || out.length >= MAX_ROWS || page.payouts.length === 0) break;
    before = page.payouts[page.payouts.length - 1]!.id;
  }
  return out.slice(0, MAX_ROWS).reverse();
}

function rowOf(format: ManualFormat, p: Payout, email: string, name: string | null): Cell[] {
  const note = `Referral rewards (${p.reward_ids.length})`;
  if (format === 'paypal') {
    // Recipient, amount, currency, unique id (the payout id: 29 characters, PayPal takes 30), note, wallet.
    return [email, decimalString(p.amount, p.currency, paypalDigits(p.currency)), p.currency, p.id, note, 'PAYPAL'];
  }
  const amount = decimalString(p.amount, p.currency, fractionDigits(p.currency));
  return [name ?? email, email, p.id, 'PRIVATE', 'target', amount, p.currency, p.currency];
}

export type ManualCsv =
  | { kind: 'ok'; csv: string; rows: number; left_out: string[] }
  /** A PayPal file holds one currency: the caller must pick one. */
  | { kind: 'multiple_currencies'; currencies: string[] };

/**
 * The file to upload: one row per pending manual payout with an email to pay to (the payee's PayPal
 * email, else their own); payouts without one, or whose amount PayPal cannot take exactly, are left out
 * and named. The payout id is each row's unique id (PayPal) or payment reference (Wise).
 */
export async function manualPayoutsCsv(
  env: PayeeEnv,
  t: Tenant,
  format: ManualFormat,
  currency: string | undefined,
): Promise<ManualCsv> {
  const payouts = await pendingManual(env, t, currency);
  const currencies = [...new Set(payouts.map((p) => p.currency))].sort();
  if (format === 'paypal' && currencies.length > 1) return { kind: 'multiple_currencies', currencies };
  const payees = await payeeRecords(
    env,
    t,
    payouts.map((p) => p.advocate_id),
  );
  let csv = format === 'wise' ? csvRow(WISE_HEADER) : '';
  const leftOut: string[] = [];
  for (const p of payouts) {
    const payee = payees.get(p.advocate_id)!;
    const email = await payToEmail(env, t, p.advocate_id, payee);
    const row = email ? rowOf(format, p, email, payee.advocate?.name ?? null) : null;
    if (!row || row.includes(null)) leftOut.push(p.id);
    else csv += csvRow(row);
  }
  return { kind: 'ok', csv, rows: payouts.length - leftOut.length, left_out: leftOut };
}
