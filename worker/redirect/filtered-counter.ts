import type { Redis } from '../lib/redis.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import type { FilterReason } from './detect-bot.ts';
import { COUNTER_TTL_SECONDS } from './record-click.ts';

/**
 * Filtered hits (bots, prefetches, unfurlers, scanners) are counted under their reason, never
 * dropped, but batched per isolate: a bot costs no Redis command of its own. The batch is written
 * in one pipeline once it is `flushMs` old or large, from a later request's waitUntil.
 */
const pending = new Map<string, Map<string, number>>();
let oldest = 0;
let size = 0;
const MAX_PENDING = 500;

export function countFiltered(link: { tenant: Tenant; programId: string } | null, reason: FilterReason, day: string, now = Date.now()): void {
  const key = link ? redisKeys.dailyFiltered(link.tenant, day, link.programId) : redisKeys.dailyFilteredUnknown(day);
  const reasons = pending.get(key) ?? new Map<string, number>();
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  pending.set(key, reasons);
  if (size === 0) oldest = now;
  size++;
}

export function shouldFlush(flushMs: number, now = Date.now()): boolean {
  return size > 0 && (size >= MAX_PENDING || now - oldest >= flushMs);
}

export async function flushFiltered(redis: Redis): Promise<void> {
  if (size === 0) return;
  const batch = [...pending.entries()];
  pending.clear();
  size = 0;
  const p = redis.pipeline();
  for (const [key, reasons] of batch) {
    for (const [reason, n] of reasons) p.hincrby(key, reason, n);
    p.expire(key, COUNTER_TTL_SECONDS);
  }
  try {
    await p.exec();
  } catch (err) {
    // Put the counts back: they are written with the next batch instead of being lost.
    for (const [key, reasons] of batch) {
      const current = pending.get(key) ?? new Map<string, number>();
      for (const [reason, n] of reasons) current.set(reason, (current.get(reason) ?? 0) + n);
      pending.set(key, current);
      size += [...reasons.values()].reduce((a, b) => a + b, 0);
    }
    if (size > 0 && oldest === 0) oldest = Date.now();
    throw err;
  }
}
