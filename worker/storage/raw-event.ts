import * as z from 'zod';
import { FilterReason } from '../../shared/schemas/click.ts';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { StoredClick } from './clicks.ts';

/**
 * A raw event: what happened once, at the edge or in the API, kept as a row (R2, per type, tenant and
 * hour) and counted by the queue consumer (docs/ANALYTICS.md, "Raw events"). `id` is unique per event
 * and is what makes counting apply once: a click's id is its click id, a conversion's its conversion
 * id, others a fresh `evt_` id. `at` is epoch milliseconds. Versioned: a consumer refuses (and
 * dead-letters) a version it does not know rather than guess.
 */
const Base = {
  v: z.literal(1),
  id: z.string().min(1).max(512),
  at: z.number().int().nonnegative(),
  merchant_id: z.string(),
  mode: KeyMode,
};

/**
 * What a click's row keeps of the click beyond the event's own fields (its id, tenant and time): the
 * id is the signed token (~155 characters), so it is written once, not again as `click.id`, the credited
 * click or inside the landing URL (rows were 1.2 KB with four copies; R2 storage and queue operations are
 * billed by size). The expiry is `at` plus `window_days`.
 */
const ClickFacts = StoredClick.omit({
  id: true,
  merchant_id: true,
  mode: true,
  created_at: true,
  expires_at: true,
  attributed_click_id: true,
}).extend({
  /** Under first-click attribution, the earlier click credited for this visit; absent: this click. */
  attributed_click_id: z.string().optional(),
  /** Where the visitor was sent, without the `vouch_click` parameter (the row's id). */
  landing_url: z.string(),
});

/** A person's visit through a referral link (a new click id; duplicates are decided by the consumer). */
export const ClickEvent = z.object({
  ...Base,
  type: z.literal('click'),
  /** The program's attribution window when the click was made. */
  window_days: z.number().int().positive(),
  click: ClickFacts,
});

/** A hit redirected but not counted as a click (bot, prefetch, unfurler, scanner, HEAD). */
export const FilteredEvent = z.object({
  ...Base,
  /** Null on a link nobody owns (an unknown or removed code): counted per day, not per tenant. */
  merchant_id: z.string().nullable(),
  type: z.literal('filtered'),
  reason: FilterReason,
  program_id: z.string().nullable(),
  advocate_id: z.string().nullable(),
  code: z.string().nullable(),
});

/** One widget beacon event (`POST /v1/public/events`), counted or filtered. */
export const WidgetEvent = z.object({
  ...Base,
  type: z.literal('widget'),
  program_id: z.string(),
  event: z.string().max(40),
  channel: z.string().max(40).nullable(),
  /** Set when the click filter's verdict on the beacon made it a filtered event. */
  filtered_reason: z.string().max(40).nullable(),
});

/** A conversion as recorded (created, attributed or not): the export's and the console's raw row. */
export const ConversionEvent = z.object({
  ...Base,
  type: z.literal('conversion'),
  conversion_type: z.string().max(40),
  status: z.string().max(40),
  program_id: z.string().nullable(),
  advocate_id: z.string().nullable(),
  click_id: z.string().nullable(),
  code: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  unattributed_reason: z.string().nullable(),
});

export const RawEvent = z.discriminatedUnion('type', [ClickEvent, FilteredEvent, WidgetEvent, ConversionEvent]);
export type RawEvent = z.infer<typeof RawEvent>;
export type ClickEvent = z.infer<typeof ClickEvent>;
export type FilteredEvent = z.infer<typeof FilteredEvent>;
export type WidgetEvent = z.infer<typeof WidgetEvent>;
export type ConversionEvent = z.infer<typeof ConversionEvent>;

/** The body of one queue message: the events an isolate's outbox gathered (send-events.ts). */
export const EventMessage = z.object({ v: z.literal(1), events: z.array(RawEvent).min(1) });
export type EventMessage = z.infer<typeof EventMessage>;
