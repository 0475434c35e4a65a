// Moved to the storage layer (worker/storage/clicks.ts: clickStore(env).record, ClickRecord, its
// codec). Kept until the last importers move: worker/conversions/create-conversion.ts (the type)
// and scripts/bench/console.ts (imports this path at run time, expecting recordClick(redis, ...)).
import { type ClickRecord, clickStore } from '../storage/clicks.ts';

export type { ClickRecord };

export const recordClick = (
  redis: Parameters<typeof clickStore.over>[0],
  click: ClickRecord,
  windowDays: number,
  day: string,
) => clickStore.over(redis).record(click, windowDays, day);
