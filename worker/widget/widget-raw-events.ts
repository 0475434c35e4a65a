import { isId } from '../../shared/ids.ts';
import type { WidgetEvents } from '../../shared/schemas/widget.ts';
import { newId } from '../lib/ids.ts';
import type { FilterReason } from '../redirect/detect-bot.ts';
import type { WidgetEvent } from '../storage/raw-event.ts';
import type { Tenant } from '../tenant.ts';

/**
 * The raw rows of a beacon's events (R2, through the queue): one per event the counters take
 * (foldEvents keeps the same ones: a real program id), a filtered beacon's too, with its reason.
 * Timed at receipt like the counters: the page's own `at` is the visitor's clock, not evidence.
 */
export function widgetRawEvents(
  t: Tenant,
  events: WidgetEvents['events'],
  reason: FilterReason | null,
  now: number,
): WidgetEvent[] {
  return events
    .filter((e) => isId('program', e.program_id))
    .map((e) => ({
      v: 1,
      id: newId('event', now),
      at: now,
      merchant_id: t.merchantId,
      mode: t.mode,
      type: 'widget',
      program_id: e.program_id,
      event: e.type,
      channel: e.channel ?? null,
      filtered_reason: reason,
    }));
}
