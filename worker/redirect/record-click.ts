import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { statsHour } from '../storage/stats-buckets.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from '../storage/redis-keys.ts';
import type { VisitFacts } from './visit-facts.ts';
import { CLICK_RECORD as RECORD } from '../storage/lua/index.ts';

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
      [
        JSON.stringify(click),
        windowDays * 86400,
        DEDUPE_SECONDS,
        click.visitor,
        click.trigger,
        COUNTER_TTL_SECONDS,
        STATS_TTL_SECONDS.hour,
        logRow(click, true),
        logRow(click, false),
      ],
    ),
  );
}
