import type { Context } from 'hono';
import { CharityStatementQuery } from '../../shared/schemas/charity.ts';
import { csvStream } from '../analytics/csv-stream.ts';
import type { AppEnv } from '../app-env.ts';
import { settleMonth } from '../charity/settle-month.ts';
import { CHARITY_COLUMNS, charityStatement } from '../charity/statement.ts';
import { ApiError } from '../errors/api-error.ts';
import { moveReward } from '../rewards/move-reward.ts';
import { secretApi } from './secret-api.ts';

/** /v1/charity/statements/{month}: what `charity_donation` rewards add up to per month, as JSON or CSV; settling. */
export const charity = secretApi();

function monthOf(raw: string): string {
  const parsed = CharityStatementQuery.safeParse({ month: raw });
  if (!parsed.success)
    throw new ApiError('invalid_request_error', 'invalid_request', 'month: A month as YYYY-MM.', { param: 'month' });
  return parsed.data.month;
}

async function statementResponse(c: Context<AppEnv>) {
  // Hono reads `:month.csv` as one parameter matching any segment, so this one handler serves both paths.
  const raw = c.req.param('month') ?? '';
  const csv = raw.endsWith('.csv');
  const month = monthOf(csv ? raw.slice(0, -4) : raw);
  const statement = await charityStatement(c.env, c.get('auth').tenant, month, Date.now());
  if (!csv) return c.json(statement);
  const rows = statement.lines.map((line) => ({ ...line, month }));
  const pages = (async function* () {
    yield rows;
  })();
  return c.body(csvStream('charity', CHARITY_COLUMNS, pages), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="vouch-charity-${month}.csv"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

charity.get('/statements/:month', statementResponse);
charity.get('/statements/:month.csv', statementResponse);

charity.post('/statements/:month/settle', async (c) => {
  const month = monthOf(c.req.param('month') ?? '');
  const now = Date.now();
  if (month > new Date(now).toISOString().slice(0, 7))
    throw new ApiError('conflict_error', 'month_not_started', `${month} has not started: nothing to settle yet.`);
  const p = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  const markPaid = (id: string) => moveReward(p, id, 'mark_paid', `charity statement ${month} given`, now);
  return c.json(await settleMonth(c.env, p.tenant, month, markPaid, now));
});
