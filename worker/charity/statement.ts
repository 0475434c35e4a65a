import type { CharityStatement } from '../../shared/schemas/charity.ts';
import type { Columns } from '../analytics/csv-stream.ts';
import { charityStore } from '../storage/charity.ts';
import type { Tenant } from '../tenant.ts';

type Line = CharityStatement['lines'][number];

/** A month's statement: one line per program, charity and currency, in a stable order; whether it was given. */
export async function charityStatement(env: Env, tenant: Tenant, month: string, now: number) {
  const store = charityStore(env);
  const [totals, settledAt] = await Promise.all([store.month(tenant, month), store.settledAt(tenant, month)]);
  const lines: Line[] = totals
    .map((l) => ({
      program_id: l.programId,
      charity_name: l.charityName,
      currency: l.currency,
      amount: l.amount,
      rewards: l.rewards,
    }))
    .sort(
      (a, b) =>
        a.program_id.localeCompare(b.program_id) ||
        a.charity_name.localeCompare(b.charity_name) ||
        a.currency.localeCompare(b.currency),
    );
  return {
    object: 'charity_statement',
    month,
    lines,
    settled_at: settledAt,
    generated_at: new Date(now).toISOString(),
  } satisfies CharityStatement;
}

/** The statement's CSV columns: one row per line, amounts in minor units as in the JSON. */
export const CHARITY_COLUMNS: Columns<Line & { month: string }> = [
  ['month', (l) => l.month],
  ['program_id', (l) => l.program_id],
  ['charity_name', (l) => l.charity_name],
  ['currency', (l) => l.currency],
  ['amount', (l) => l.amount],
  ['rewards', (l) => l.rewards],
];
