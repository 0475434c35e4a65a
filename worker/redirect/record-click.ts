import type { Redis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { statsHour } from '../analytics/buckets.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from '../storage/redis-keys.ts';
import type { VisitFacts } from './visit-facts.ts';

export interface ClickRecord extends VisitFacts {
  id: string;
  code: string;
  merchant_id: string;
  mode: Tenant['mode'];
  program_id: string;
  advocate_id: string;
  /** The click credited for this visit (an earlier one under first-click attribution). */
  attributed_click_id: string;
  visitor: string;
  trigger: 'link' | 'qr' | 'deep_link';
  landing_url: string;
  created_at: string;
  expires_at: string;
}

// One command over REST for a tracked click: dedupe (code, visitor) for an hour (a duplicate is
// kept for attribution but not counted), keep the click
// for the attribution window, count it per program/advocate/code and day (and per program and
// hour, for hourly stats), add the visitor to the daily HyperLogLogs (program, advocate, code)
// and the program's hourly one, add it to the advocate's all-time total (what the widget shows
// without summing 400 daily hashes), and append its row to the day's click log (the CSV export).
// A duplicate is counted as filtered (`duplicate`) and logged as not counted. Safe to retry: a
// second run finds the click already kept and stops, counting and logging nothing.
// KEYS: 1 seen, 2 click, 3-5 daily counters (program, advocate, code), 6-8 daily visitors
// (program, code, advocate), 9 the advocate's all-time totals (no TTL), 10 the program's hourly
// stats, 11 its hourly visitors, 12-14 daily stats (program, advocate, code), 15 the click log.
// ARGV: 1 click JSON, 2 click TTL s, 3 dedupe TTL s, 4 visitor, 5 trigger, 6 daily TTL s,
// 7 hourly TTL s, 8 log row if counted, 9 log row if a duplicate.
const RECORD = `
local function log(row)
  if redis.call('RPUSH', KEYS[15], row) == 1 then redis.call('EXPIRE', KEYS[15], ARGV[6]) end
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  -- Not counted again, but kept: the visitor was sent on with this click id, and a conversion
  -- reporting it must find it. Counted as filtered only the first time (not on a retry).
  if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then
    for i = 12, 14 do
      if redis.call('HINCRBY', KEYS[i], 'filtered:duplicate', 1) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[6]) end
    end
    if redis.call('HINCRBY', KEYS[10], 'filtered:duplicate', 1) == 1 then redis.call('EXPIRE', KEYS[10], ARGV[7]) end
    log(ARGV[9])
  end
  return 0
end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 2 end
local first = false
for i = 3, 5 do
  if redis.call('HINCRBY', KEYS[i], 'clicks', 1) == 1 then first = true end
  redis.call('HINCRBY', KEYS[i], 'trigger:' .. ARGV[5], 1)
end
for i = 6, 8 do redis.call('PFADD', KEYS[i], ARGV[4]) end
redis.call('HINCRBY', KEYS[9], 'clicks', 1)
if redis.call('HINCRBY', KEYS[10], 'clicks', 1) == 1 then
  redis.call('EXPIRE', KEYS[10], ARGV[7])
  redis.call('EXPIRE', KEYS[11], ARGV[7])
end
redis.call('PFADD', KEYS[11], ARGV[4])
log(ARGV[8])
if first then
  for i = 3, 8 do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
end
return 1
`;

export const DEDUPE_SECONDS = 3600;
export const COUNTER_TTL_SECONDS = STATS_TTL_SECONDS.day;

/** A row of the day's click log (format: `redisKeys.clickLog`). */
function logRow(click: ClickRecord, counted: boolean): string {
  return JSON.stringify({
    id: click.id,
    at: click.created_at,
    program_id: click.program_id,
    advocate_id: click.advocate_id,
    code: click.code,
    trigger: click.trigger,
    country: click.country,
    device: click.device,
    referrer_host: click.referrer_host,
    counted,
    ...(counted ? {} : { reason: 'duplicate' }),
  });
}

/** 1 = recorded, 0 = duplicate within the hour, 2 = this click was already recorded (a retry). */
export async function recordClick(redis: Redis, click: ClickRecord, windowDays: number, day: string): Promise<number> {
  const t: Tenant = { merchantId: click.merchant_id, mode: click.mode };
  const hour = statsHour(Date.parse(click.created_at));
  return Number(
    await runScript(
      redis,
      RECORD,
      [
        redisKeys.clickSeen(click.code, click.visitor),
        redisKeys.click(click.id),
        redisKeys.dailyClicks(t, day, 'program', click.program_id),
        redisKeys.dailyClicks(t, day, 'advocate', click.advocate_id),
        redisKeys.dailyClicks(t, day, 'code', click.code),
        redisKeys.dailyVisitors(t, day, 'program', click.program_id),
        redisKeys.dailyVisitors(t, day, 'code', click.code),
        redisKeys.dailyVisitors(t, day, 'advocate', click.advocate_id),
        redisKeys.advocateTotals(t, click.advocate_id),
        redisKeys.stats(t, hour, 'program', click.program_id),
        redisKeys.hourlyVisitors(t, hour, click.program_id),
        redisKeys.stats(t, day, 'program', click.program_id),
        redisKeys.stats(t, day, 'advocate', click.advocate_id),
        redisKeys.stats(t, day, 'code', click.code),
        redisKeys.clickLog(t, day),
      ],
      [JSON.stringify(click), windowDays * 86400, DEDUPE_SECONDS, click.visitor, click.trigger, COUNTER_TTL_SECONDS, STATS_TTL_SECONDS.hour, logRow(click, true), logRow(click, false)],
    ),
  );
}
