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
// Tag characters draw nothing and can spell hidden ASCII ("ASCII smuggling"): refused anywhere,
// except in their one visible use, the three RGI subdivision flags (England, Scotland, Wales),
// which are taken out before the check.
const TAGS = '\\u{E0000}-\\u{E007F}';
const TAG_FLAGS = new RegExp(
  '\\u{1F3F4}\\u{E0067}\\u{E0062}(?:\\u{E0065}\\u{E006E}\\u{E0067}|' +
    '\\u{E0073}\\u{E0063}\\u{E0074}|\\u{E0077}\\u{E006C}\\u{E0073})\\u{E007F}',
  'gu',
);
const FORBIDDEN = new RegExp(`[${CONTROL}${BIDI_OVERRIDES}${TAGS}]`, 'u');
// Multi-line text keeps its line breaks (\n, \r) and tabs; every other control stays refused.
const MULTILINE_CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029';
const FORBIDDEN_MULTILINE = new RegExp(`[${MULTILINE_CONTROL}${BIDI_OVERRIDES}${TAGS}]`, 'u');
// What shows nothing at all, by Unicode's own list rather than a hand-picked one (it covers the
// astral planes too): blanks, every default-ignorable code point (zero-width characters, joiners,
// BOM, soft hyphen, Hangul fillers, variation selectors, invisible operators, direction marks,
// musical-symbol and shorthand format controls), the blank Braille pattern and interlinear
// annotation marks. ZWJ inside an emoji sequence or a word is fine: only text of nothing else fails.
const ONLY_INVISIBLE = /^[\s\p{Default_Ignorable_Code_Point}\u2800\uFFF9-\uFFFB]*$/u;

/**
 * Text shown to people (names, labels, descriptions, notes): trimmed, 1 to `max` characters, no
 * control characters, bidirectional overrides or tag characters, not only invisible characters. `multiline`
 * admits line breaks and tabs (descriptions, notes).
 */
export function DisplayText(max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN;
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !forbidden.test(value.replace(TAG_FLAGS, '')), {
      message:
        'Must not contain control characters or bidirectional overrides (U+202A-U+202E, U+2066-U+2069), ' +
        'nor tag characters (U+E0000-U+E007F) outside a flag.',
    })
    .refine((value) => !ONLY_INVISIBLE.test(value), {
      message: 'Must contain visible characters, not only blanks or zero-width ones.',
    });
}
