import { isId } from '../../shared/ids.ts';
import type { WidgetEvents } from '../../shared/schemas/widget.ts';
import type { FilterReason } from '../redirect/detect-bot.ts';
import type { FoldedEvents } from '../storage/widget.ts';

/**
 * `{program: {field: count}}`: a batch folded into the increments it makes. A batch sent by a bot
 * or a prefetched page (`reason`) counts only as `filtered:{reason}`, like filtered clicks: kept
 * apart, never as an impression, open, copy or share.
 */
export function foldEvents(events: WidgetEvents['events'], reason: FilterReason | null): FoldedEvents {
  const out: FoldedEvents = new Map();
  for (const e of events) {
    // Only real program ids become key parts: anything else could name another key of the tenant.
    if (!isId('program', e.program_id)) continue;
    const fields = out.get(e.program_id) ?? new Map<string, number>();
    out.set(e.program_id, fields);
    const bump = (f: string) => fields.set(f, (fields.get(f) ?? 0) + 1);
    if (reason) {
      bump(`filtered:${reason}`);
      continue;
    }
    bump(e.type);
    if (e.channel && (e.type === 'share' || e.type === 'copy')) bump(`${e.type}:${e.channel}`);
  }
  return out;
}
