import type { Context } from 'hono';
import type * as z from 'zod';
import { isId } from '../../shared/ids.ts';
import { type ExportKind as ExportKinds, ExportQuery } from '../../shared/schemas/stats.ts';
import { csvStream } from '../analytics/csv-stream.ts';
import { CLICK_COLUMNS, clicksInPeriod } from '../analytics/export-clicks.ts';
import { CONVERSION_COLUMNS, conversionsInPeriod } from '../analytics/export-conversions.ts';
import { type ExportPeriod, exportPeriod } from '../analytics/export-period.ts';
import { REWARD_COLUMNS, rewardsInPeriod } from '../analytics/export-rewards.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound, parseQuery } from '../lib/validate.ts';
import { type ExportStore, exportStore } from '../storage/exports.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { secretApi } from './secret-api.ts';

type ExportKind = z.infer<typeof ExportKinds>;

/** /v1/exports/{kind}.csv: a period of raw records as a streamed CSV download. */
export const csvExports = secretApi();

/** Where exports read: Redis, and the raw events' bucket (clicks). */
type Sources = { exports: ExportStore; raw: R2Bucket };

type Source = (
  sources: Sources,
  t: Tenant,
  period: ExportPeriod,
  programId: string | undefined,
) => ReadableStream<Uint8Array>;

const SOURCES: Record<ExportKind, Source> = {
  clicks: (sources, t, period, programId) =>
    csvStream('clicks', CLICK_COLUMNS, clicksInPeriod(sources, t, period, programId)),
  conversions: ({ exports }, t, period, programId) =>
    csvStream('conversions', CONVERSION_COLUMNS, conversionsInPeriod(exports, t, period, programId)),
  rewards: ({ exports }, t, period, programId) =>
    csvStream('rewards', REWARD_COLUMNS, rewardsInPeriod(exports, t, period, programId)),
};

/** Everything that can be refused is checked before the 200 goes out: a stream cannot turn into a 400. */
async function exportResponse(c: Context<AppEnv>, kind: ExportKind): Promise<Response> {
  const query = parseQuery(c, ExportQuery);
  const period = exportPeriod(query);
  const { tenant } = c.get('auth');
  if (query.program_id !== undefined) {
    if (!isId('program', query.program_id))
      throw new ApiError('invalid_request_error', 'invalid_request', 'program_id: Not a program id (`prog_…`).', {
        param: 'program_id',
      });
    if (!(await programStore(c.env).get(tenant, query.program_id))) throw notFound('program');
  }
  return c.body(
    SOURCES[kind]({ exports: exportStore(c.env), raw: c.env.RAW_EVENTS }, tenant, period, query.program_id),
    200,
    {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="vouch-${kind}-${period.fromLabel}-${period.toLabel}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  );
}

csvExports.get('/clicks.csv', (c) => exportResponse(c, 'clicks'));
csvExports.get('/conversions.csv', (c) => exportResponse(c, 'conversions'));
csvExports.get('/rewards.csv', (c) => exportResponse(c, 'rewards'));
