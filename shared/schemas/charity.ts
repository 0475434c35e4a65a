import * as z from 'zod';
import { Currency, MinorUnits, Timestamp } from './common.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM.');

/** What is owed to one charity for one program and currency in a month. */
const CharityStatementLine = z.object({
  program_id: z.string(),
  charity_name: z.string(),
  currency: Currency,
  amount: MinorUnits.describe('Approved `charity_donation` rewards of the month, minus refunds.'),
  rewards: z.number().int().min(0).describe('How many rewards make it up.'),
});

export const CharityStatement = z
  .object({
    object: z.literal('charity_statement'),
    month: Month,
    lines: z.array(CharityStatementLine).describe('One line per program, charity and currency.'),
    settled_at: Timestamp.nullable().describe('When you marked the month given (its rewards became `paid`).'),
    generated_at: Timestamp,
  })
  .meta({ id: 'CharityStatement' });
export type CharityStatement = z.infer<typeof CharityStatement>;

export const CharityStatementQuery = z.strictObject({
  month: Month.describe('The month (UTC), e.g. 2026-11.'),
});
