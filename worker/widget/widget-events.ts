import { isId } from '../../shared/ids.ts';
import type { WidgetEvents } from '../../shared/schemas/widget.ts';
import type { Redis } from '../storage/client.ts';
import type { FilterReason } from '../redirect/detect-bot.ts';
import { runScript } from '../storage/lua.ts';
import { dashedDay, statsHour } from '../storage/stats-buckets.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from '../storage/redis-keys.ts';
import { WIDGET_EVENTS_COUNT as COUNT } from '../storage/lua/index.ts';

export const EVENT_COUNTER_TTL_SECONDS = STATS_TTL_SECONDS.day;

/**
 * `{program: {field: count}}`: a batch folded into the increments it makes. A batch sent by a bot
 * or a prefetched page (`reason`) counts only as `filtered:{reason}`, like filtered clicks: kept
 * apart, never as an impression, open, copy or share.
 */
export function foldEvents(
  events: WidgetEvents['events'],
  reason: FilterReason | null,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
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

/** One round trip for the whole batch. */
export async function countEvents(
  redis: Redis,
  t: Tenant,
  now: number,
  folded: Map<string, Map<string, number>>,
): Promise<void> {
  if (folded.size === 0) return;
  const day = dashedDay(now);
  const hour = statsHour(now);
  const keys: string[] = [];
  const args: (string | number)[] = [EVENT_COUNTER_TTL_SECONDS, STATS_TTL_SECONDS.hour];
  for (const [programId, fields] of folded) {
    keys.push(
      redisKeys.program(t, programId),
      redisKeys.widgetEvents(t, day, programId),
      redisKeys.stats(t, hour, 'program', programId),
    );
    args.push(fields.size);
    for (const [field, n] of fields) args.push(field, n);
  }
  await runScript(redis, COUNT, keys, args);
}
