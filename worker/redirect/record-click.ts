import type { Redis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
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
// for the attribution window, count it per program/advocate/code and day, add the visitor to the
// daily HyperLogLogs, and add it to the advocate's all-time total (what the widget shows without
// summing 400 daily hashes). Safe to retry: a second run finds the click already kept and stops.
// KEYS: 1 seen, 2 click, 3-5 daily counters (program, advocate, code), 6-7 daily visitors (program, code),
// 8 the advocate's all-time totals (no TTL).
// ARGV: 1 click JSON, 2 click TTL s, 3 dedupe TTL s, 4 visitor, 5 trigger, 6 counters TTL s.
const RECORD = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  -- Not counted again, but kept: the visitor was sent on with this click id, and a conversion
  -- reporting it must find it.
  redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2])
  return 0
end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 2 end
local first = false
for i = 3, 5 do
  if redis.call('HINCRBY', KEYS[i], 'clicks', 1) == 1 then first = true end
  redis.call('HINCRBY', KEYS[i], 'trigger:' .. ARGV[5], 1)
end
redis.call('PFADD', KEYS[6], ARGV[4])
redis.call('PFADD', KEYS[7], ARGV[4])
redis.call('HINCRBY', KEYS[8], 'clicks', 1)
if first then
  for i = 3, 7 do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
end
return 1
`;

export const DEDUPE_SECONDS = 3600;
export const COUNTER_TTL_SECONDS = 400 * 86400;

/** 1 = recorded, 0 = duplicate within the hour, 2 = this click was already recorded (a retry). */
export async function recordClick(redis: Redis, click: ClickRecord, windowDays: number, day: string): Promise<number> {
  const t: Tenant = { merchantId: click.merchant_id, mode: click.mode };
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
        redisKeys.advocateTotals(t, click.advocate_id),
      ],
      [JSON.stringify(click), windowDays * 86400, DEDUPE_SECONDS, click.visitor, click.trigger, COUNTER_TTL_SECONDS],
    ),
  );
}
