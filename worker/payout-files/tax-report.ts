import { needs1099 } from '../../shared/core/tax-forms.ts';
import type { TaxReportRow } from '../../shared/schemas/payee.ts';
import { csvRow } from '../analytics/csv.ts';
import { payeeRecords } from '../payees/payee-records.ts';
import { type PayeeEnv, taxFormOf } from '../payees/payout-details.ts';
import { payoutStore } from '../storage/payouts.ts';
import type { Tenant } from '../tenant.ts';

const PAGE = 500;
/** A bound on one request's reading; a merchant paying more payouts a year exports per part (not yet). */
const MAX_PAYOUTS = 50_000;

const COLUMNS: (keyof TaxReportRow)[] = [
  'advocate_id',
  'name',
  'email',
  'country',
  'tax_form',
  'currency',
  'paid_total',
  'payouts',
  'needs_1099',
];

type Totals = Map<string, { advocateId: string; currency: string; total: number; count: number }>;

/** Sums of `paid` payouts whose `paid_at` falls in the UTC calendar year, per advocate and currency. */
async function paidTotals(env: PayeeEnv, t: Tenant, year: number): Promise<Totals> {
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const totals: Totals = new Map();
  let before: string | undefined;
  for (let read = 0; read < MAX_PAYOUTS; read += PAGE) {
    const page = await payoutStore(env).page(t, { status: 'paid' }, PAGE, before);
    for (const p of page.payouts) {
      const at = p.paid_at ? Date.parse(p.paid_at) : Number.NaN;
      if (!(at >= from && at < to)) continue;
      const key = `${p.advocate_id} ${p.currency}`;
      const line = totals.get(key) ?? { advocateId: p.advocate_id, currency: p.currency, total: 0, count: 0 };
      line.total += p.amount;
      line.count += 1;
      totals.set(key, line);
    }
    if (!page.hasMore || page.payouts.length === 0) break;
    before = page.payouts[page.payouts.length - 1]!.id;
  }
  return totals;
}

/** One row per payee and currency, by advocate id; no taxpayer id (none is stored). */
export async function taxReportRows(env: PayeeEnv, t: Tenant, year: number): Promise<TaxReportRow[]> {
  const totals = [...(await paidTotals(env, t, year)).values()];
  const payees = await payeeRecords(
    env,
    t,
    totals.map((l) => l.advocateId),
  );
  return totals
    .sort((a, b) => a.advocateId.localeCompare(b.advocateId) || a.currency.localeCompare(b.currency))
    .map((l) => {
      const { advocate, details } = payees.get(l.advocateId)!;
      const country = details?.country ?? null;
      return {
        advocate_id: l.advocateId,
        name: advocate?.name ?? null,
        email: advocate?.email ?? null,
        country,
        tax_form: taxFormOf(details),
        currency: l.currency,
        paid_total: l.total,
        payouts: l.count,
        needs_1099: needs1099(country, l.currency, l.total, year),
      };
    });
}

export function taxReportCsv(rows: TaxReportRow[]): string {
  return csvRow(COLUMNS) + rows.map((r) => csvRow(COLUMNS.map((c) => r[c]))).join('');
}
