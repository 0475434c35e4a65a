import type { ClickLogRow } from '../storage/clicks.ts';
import type { ExportStore } from '../storage/exports.ts';
import type { Tenant } from '../tenant.ts';
import type { Columns } from './csv-stream.ts';
import type { ExportPeriod } from './export-period.ts';

type ExportedRow = ClickLogRow & { atIso: string };

/**
 * One row per hit the redirect recorded for a person, counted or not (`reason` says why not,
 * e.g. a duplicate within the hour). Bots are never in the log: they cost no Redis write. No
 * visitor hash, IP or user agent is exported: the log does not hold them.
 */
export const CLICK_COLUMNS: Columns<ExportedRow> = [
  ['id', (c) => c.id],
  ['at', (c) => c.atIso],
  ['program_id', (c) => c.program_id],
  ['advocate_id', (c) => c.advocate_id],
  ['code', (c) => c.code],
  ['trigger', (c) => c.trigger],
  ['counted', (c) => c.counted],
  ['reason', (c) => c.reason],
  ['country', (c) => c.country],
  ['device', (c) => c.device],
  ['referrer_host', (c) => c.referrer_host],
];

/** Date-time bounds cut inside a day; a row without a readable time belongs to no period. */
function inPeriod(row: ClickLogRow, period: ExportPeriod, programId: string | undefined): ExportedRow[] {
  const ms = typeof row.at === 'number' ? row.at : Date.parse(row.at);
  if (!(ms >= period.startMs && ms < period.endMs)) return [];
  if (programId !== undefined && row.program_id !== programId) return [];
  return [{ ...row, atIso: new Date(ms).toISOString() }];
}

/** The click log of the period (`exportStore(env).clickLog`: ceil(rows / 500) + 1 round trips), oldest first. */
export async function* clicksInPeriod(
  exports: ExportStore,
  t: Tenant,
  period: ExportPeriod,
  programId?: string,
): AsyncGenerator<ExportedRow[]> {
  for await (const rows of exports.clickLog(t, period)) yield rows.flatMap((row) => inPeriod(row, period, programId));
}
