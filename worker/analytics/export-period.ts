import type { ExportQuery } from '../../shared/schemas/stats.ts';
import { ApiError } from '../errors/api-error.ts';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The longest export: a year (a leap year included), so one request stays bounded. */
const MAX_EXPORT_DAYS = 366;

/** A half-open period `[startMs, endMs)` and the labels its download is named after. */
export interface ExportPeriod {
  startMs: number;
  endMs: number;
  fromLabel: string;
  toLabel: string;
}

// Colons and dots would make awkward file names; the instant stays readable without them.
const label = (value: string, ms: number) =>
  DAY.test(value)
    ? value
    : new Date(ms)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/:/g, '');

/**
 * `from` is inclusive; `to` is inclusive too: a date covers that whole UTC day, a date-time that
 * very millisecond. Both were checked as dates by the schema, so only their order and span are left.
 */
export function exportPeriod(query: ExportQuery): ExportPeriod {
  const startMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  const endMs = DAY.test(query.to) ? toMs + DAY_MS : toMs + 1;
  if (endMs <= startMs)
    throw new ApiError('invalid_request_error', 'invalid_request', '`to` is before `from`.', { param: 'to' });
  if (endMs - startMs > MAX_EXPORT_DAYS * DAY_MS) {
    throw new ApiError(
      'invalid_request_error',
      'invalid_request',
      `An export covers at most ${MAX_EXPORT_DAYS} days: split longer periods.`,
      { param: 'to' },
    );
  }
  return { startMs, endMs, fromLabel: label(query.from, startMs), toLabel: label(query.to, toMs) };
}

/** Only one program's records when `programId` is given (filtered after the read: the indexes are per tenant). */
export async function* ofProgram<T extends { program_id: string }>(
  pages: AsyncIterable<T[]>,
  programId: string | undefined,
): AsyncGenerator<T[]> {
  for await (const page of pages) yield programId === undefined ? page : page.filter((r) => r.program_id === programId);
}
