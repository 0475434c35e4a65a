import * as z from 'zod';
import { CharityStatement } from '../schemas/charity.ts';
import type { RouteSpec } from './routes.ts';

const MonthParam = 'The month (UTC), `YYYY-MM`, e.g. `2026-11`.';
const Lines =
  'One line per program, charity and currency: `charity_donation` rewards approved that month (UTC, the month ' +
  'of approval), minus refunds and voids since (taken back from the month they were counted in), and how many ' +
  'rewards make it up.';

/** Charity statements (issue 16). */
export const CHARITY_ROUTES = [
  {
    method: 'get',
    path: '/v1/charity/statements/{month}',
    operationId: 'getCharityStatement',
    tag: 'Charity',
    auth: 'secret',
    summary: 'A month\u2019s charity statement',
    description: `${Lines} \`settled_at\` says when you marked it given. A month with no donations has no lines.`,
    params: { month: MonthParam },
    response: { status: 200, description: 'The statement.', schema: CharityStatement },
  },
  {
    method: 'get',
    path: '/v1/charity/statements/{month}.csv',
    operationId: 'exportCharityStatement',
    tag: 'Charity',
    auth: 'secret',
    summary: 'A month\u2019s charity statement as CSV',
    description: `${Lines} Columns: month, program_id, charity_name, currency, amount (minor units), rewards.`,
    params: { month: MonthParam },
    response: {
      status: 200,
      description: "A CSV download (RFC 4180, UTF-8, header row, CRLF; formula-like text cells prefixed with `'`).",
      schema: z.string(),
      mediaType: 'text/csv',
    },
  },
  {
    method: 'post',
    path: '/v1/charity/statements/{month}/settle',
    operationId: 'settleCharityStatement',
    tag: 'Charity',
    auth: 'secret',
    summary: 'Mark a month\u2019s charity statement given',
    description:
      'You gave what the statement says: the month\u2019s approved `charity_donation` rewards become `paid` ' +
      '(a `reward.paid` event each) and `settled_at` is set. Idempotent: again, the same `settled_at` (the first ' +
      'one), and rewards counted in the month since are paid too. A month that has not started: 409 ' +
      '`month_not_started`.',
    params: { month: MonthParam },
    response: { status: 200, description: 'The statement, settled.', schema: CharityStatement },
    errors: [409],
  },
] as const satisfies readonly RouteSpec[];
