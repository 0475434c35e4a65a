import type * as z from 'zod';
import type { FilterReason as FilterReasons } from '../../shared/schemas/click.ts';
import type { Redis } from './client.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { statsHour } from './stats-buckets.ts';

type FilterReason = z.infer<typeof FilterReasons>;

/**
 * Filtered hits (bots, prefetches, unfurlers, scanners) are counted under their reason, never
 * dropped, but batched per isolate: a bot costs no Redis command of its own. The batch is written
 * in one pipeline once it is `flushMs` old or large, from a later request's waitUntil.
 */
const pending = new Map<string, Map<string, number>>();
const ttls = new Map<string, number>();
let oldest = 0;
let size = 0;
const MAX_PENDING = 500;

function bump(key: string, field: string, ttl: number, n = 1): void {
  const fields = pending.get(key) ?? new Map<string, number>();
  fields.set(field, (fields.get(field) ?? 0) + n);
  pending.set(key, fields);
  ttls.set(key, ttl);
}

/**
 * The program's day hash by reason (the click-stats endpoint's), and `filtered:{reason}` in the
 * stats hashes of advocate, code and the program's hour. No Redis command: the batch waits in the
 * isolate until `clickStore(env).flushFiltered()`.
 */
export function countFiltered(
  link: { tenant: Tenant; programId: string; advocateId: string; code: string } | null,
  reason: FilterReason,
  day: string,
  now = Date.now(),
): void {
  if (!link) bump(redisKeys.dailyFilteredUnknown(day), reason, STATS_TTL_SECONDS.day);
  else {
    const t = link.tenant;
    bump(redisKeys.dailyFiltered(t, day, link.programId), reason, STATS_TTL_SECONDS.day);
    bump(redisKeys.stats(t, day, 'advocate', link.advocateId), `filtered:${reason}`, STATS_TTL_SECONDS.day);
    bump(redisKeys.stats(t, day, 'code', link.code), `filtered:${reason}`, STATS_TTL_SECONDS.day);
    bump(redisKeys.stats(t, statsHour(now), 'program', link.programId), `filtered:${reason}`, STATS_TTL_SECONDS.hour);
  }
  if (size === 0) oldest = now;
  size++;
}

export function shouldFlush(flushMs: number, now = Date.now()): boolean {
  return size > 0 && (size >= MAX_PENDING || now - oldest >= flushMs);
}

/** Through `clickStore(env).flushFiltered()`. */
export async function flushFiltered(redis: Redis): Promise<void> {
  if (size === 0) return;
  const batch = [...pending.entries()].map(
    ([key, fields]) => [key, fields, ttls.get(key) ?? STATS_TTL_SECONDS.day] as const,
  );
  pending.clear();
  ttls.clear();
  const hits = size;
  size = 0;
  const p = redis.pipeline();
  for (const [key, fields, ttl] of batch) {
    for (const [field, n] of fields) p.hincrby(key, field, n);
    p.expire(key, ttl);
  }
  try {
    await p.exec();
  } catch (err) {
    // Put the counts back: they are written with the next batch instead of being lost.
    for (const [key, fields, ttl] of batch) for (const [field, n] of fields) bump(key, field, ttl, n);
    size += hits;
    if (size > 0 && oldest === 0) oldest = Date.now();
    throw err;
  }
}
