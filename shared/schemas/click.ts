import * as z from 'zod';
import { idPattern, MAX_CLICK_ID_LENGTH } from '../ids.ts';
import { RefereeOffer } from './program.ts';

export const ClickTrigger = z
  .enum(['link', 'qr', 'deep_link'])
  .describe('How the visit came: a plain link, a scanned QR code, or a deep link.');

export const FilterReason = z
  .enum(['head_request', 'prefetch', 'bot', 'unfurler', 'email_scanner'])
  .describe('Why a hit was not counted as a click.');

/** What the merchant's site may learn about a visit through a publishable key. */
export const AttributionResponse = z
  .object({
    object: z.literal('attribution'),
    click_id: z.string().describe('`clk_…`'),
    code: z.string().describe('The code the friend can use at checkout.'),
    program_id: z.string(),
    referrer: z.object({ first_name: z.string().nullable().describe('First name of the advocate, for a greeting.') }),
    offer: RefereeOffer,
    clicked_at: z.string(),
    expires_at: z.string().describe('End of the attribution window.'),
  })
  .meta({ id: 'AttributionResponse' });
export type AttributionResponse = z.infer<typeof AttributionResponse>;

export const AttributionQuery = z.strictObject({
  click: z
    .string()
    .max(MAX_CLICK_ID_LENGTH)
    .regex(idPattern('click'), 'Must be a click id (clk_…).')
    .describe('The `vouch_click` the visitor arrived with.'),
  key: z.string().optional().describe('The publishable key, when not sent in Authorization.'),
});

export const ClickStatsQuery = z.strictObject({
  date: z.iso.date().optional().describe('UTC day, YYYY-MM-DD; default today.'),
});

const Counts = z.object({
  clicks: z.number().int(),
  unique_visitors: z.number().int().describe('HyperLogLog estimate (about 0.8% standard error).'),
  by_trigger: z.record(z.string(), z.number().int()),
});

export const ClickStats = z
  .object({
    object: z.literal('click_stats'),
    program_id: z.string(),
    date: z.string(),
    totals: Counts,
    filtered: z
      .record(z.string(), z.number().int())
      .describe('Hits not counted as clicks, by reason (auditable, never dropped).'),
  })
  .meta({ id: 'ClickStats' });
export type ClickStats = z.infer<typeof ClickStats>;
