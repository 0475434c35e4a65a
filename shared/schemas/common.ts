import * as z from 'zod';
import { CURRENCIES } from '../currencies.ts';

export const Currency = z
  .string()
  .refine((c) => CURRENCIES.has(c), { message: 'Must be an ISO 4217 currency code in upper case, e.g. USD.' })
  .describe('ISO 4217 currency code, upper case.');

/** Money is always integer minor units (cents) plus a currency. */
export const MinorUnits = z.number().int().min(0).max(1_000_000_000_00).describe('Amount in minor units (e.g. cents).');

export const Timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time.');

export const Metadata = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 20, { message: 'At most 20 metadata keys.' })
  .describe('Up to 20 of your own key/value strings.');

export const PaginationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1-100.'),
  starting_after: z.string().max(64).optional().describe('Cursor: the `next_cursor` of the previous page.'),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().describe('Pass as `starting_after` for the next page; null on the last page.'),
  });
}

export const Livemode = z.boolean().describe('True for live-mode objects, false for test mode.');
