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

// Characters that make display text lie or break what shows it: C0 and C1 controls, DEL, line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates that reorder what
// follows them (a name that reads as another, "Trojan Source" tricks). Marks (U+200E/F) stay allowed.
const CONTROL = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
const BIDI_OVERRIDES = '\\u202A-\\u202E\\u2066-\\u2069';
const FORBIDDEN = new RegExp(`[${CONTROL}${BIDI_OVERRIDES}]`);
// Multi-line text keeps its line breaks (\n, \r) and tabs; every other control stays refused.
const MULTILINE_CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029';
const FORBIDDEN_MULTILINE = new RegExp(`[${MULTILINE_CONTROL}${BIDI_OVERRIDES}]`);
// What shows nothing at all: blanks, zero-width characters and joiners, BOM, soft hyphen, Hangul
// and Braille blanks, variation selectors, invisible operators, direction marks.
const INVISIBLE = '\\s\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u2060-\\u2064';
const INVISIBLE_MORE = '\\u206A-\\u206F\\u2800\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0';
const ONLY_INVISIBLE = new RegExp(`^[${INVISIBLE}${INVISIBLE_MORE}]*$`);

/**
 * Text shown to people (names, labels, descriptions, notes): trimmed, 1 to `max` characters, no
 * control characters or bidirectional overrides, not only invisible characters. `multiline`
 * admits line breaks and tabs (descriptions, notes).
 */
export function DisplayText(max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN;
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !forbidden.test(value), {
      message: 'Must not contain control characters or bidirectional overrides (U+202A-U+202E, U+2066-U+2069).',
    })
    .refine((value) => !ONLY_INVISIBLE.test(value), {
      message: 'Must contain visible characters, not only blanks or zero-width ones.',
    });
}
