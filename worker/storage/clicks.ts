import * as z from 'zod';
import { ClickTrigger } from '../../shared/schemas/click.ts';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { advocateCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { CLICK_RECORD as RECORD } from './lua/index.ts';
import { runScript } from './lua.ts';
import { programCodec } from './programs.ts';
import { redisKeys, STATS_TTL_SECONDS, type Tenant } from './redis-keys.ts';
import { hashCounts, statsHour } from './stats-buckets.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

/** A tracked click (`redisKeys.click`), kept for the program's attribution window. */
export const StoredClick = z.object({
  id: z.string(),
  code: z.string(),
  merchant_id: z.string(),
  mode: KeyMode,
  program_id: z.string(),
  advocate_id: z.string(),
  /** The click credited for this visit (an earlier one under first-click attribution). */
  attributed_click_id: z.string(),
  /** The daily visitor hash (HMAC of IP and user agent under a per-day key). */
  visitor: z.string(),
  trigger: ClickTrigger,
  landing_url: z.string(),
  country: z.string().nullable(),
  device: z.enum(['mobile', 'tablet', 'desktop', 'other']),
  browser: z.enum(['chrome', 'safari', 'firefox', 'edge', 'samsung', 'opera', 'other']),
  referrer_host: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type ClickRecord = z.infer<typeof StoredClick>;
export const clickCodec = defineCodec({ name: 'click', schema: StoredClick });

/** The same visitor on the same code within this time is the same click (not counted again). */
export const DEDUPE_SECONDS = 3600;

/**
 * A row of the day's click log (`redisKeys.clickLog`): the CSV export's source. Rows keep their
 * documented format (no version field: the export and its tests read exactly these fields), and
 * are read through the codec, which takes a row without `v` as version 1.
 */
const ClickLogRow = z.object({
  id: z.string(),
  /** ISO 8601 (epoch milliseconds read too). */
  at: z.union([z.string(), z.number()]),
  program_id: z.string(),
  advocate_id: z.string(),
  code: z.string(),
  trigger: z.string(),
  country: z.string().nullable(),
  device: z.string().nullable(),
  referrer_host: z.string().nullable(),
  counted: z.boolean(),
  reason: z.string().nullish(),
});
export type ClickLogRow = z.infer<typeof ClickLogRow>;
export const clickLogRowCodec = defineCodec({ name: 'click log row', schema: ClickLogRow });

function logRow(click: ClickRecord, counted: boolean): string {
  const row: ClickLogRow = {
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
  };
  return JSON.stringify(row);
}

/** What recording a click did: counted, a duplicate within the hour (kept, not counted), or a retry. */
export type ClickOutcome = 'recorded' | 'duplicate' | 'already_recorded';
const OUTCOMES: Record<number, ClickOutcome> = { 0: 'duplicate', 1: 'recorded', 2: 'already_recorded' };

/** One script, one round trip: see lua/click-record.d.lua.ts for what it counts. */
async function recordClick(redis: Redis, click: ClickRecord, windowDays: number, day: string): Promise<ClickOutcome> {
  const t: Tenant = { merchantId: click.merchant_id, mode: click.mode };
  const hour = statsHour(Date.parse(click.created_at));
  const reply = await runScript(
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
      clickCodec.encode(click),
      windowDays * 86400,
      DEDUPE_SECONDS,
      click.visitor,
      click.trigger,
      STATS_TTL_SECONDS.day,
      STATS_TTL_SECONDS.hour,
      logRow(click, true),
      logRow(click, false),
    ],
  );
  const outcome = OUTCOMES[Number(reply)];
  if (!outcome) throw new Error('unexpected reply recording a click');
  return outcome;
}

/** The program and advocate a click names, in one round trip (either may be gone). */
async function clickReferrer(redis: Redis, t: Tenant, click: ClickRecord) {
  const p = redis.pipeline();
  p.get(redisKeys.program(t, click.program_id));
  p.get(redisKeys.advocate(t, click.advocate_id));
  const [program, advocate] = (await p.exec()) as [string | null, string | null];
  return { program: programCodec.decodeOrNull(program), advocate: advocateCodec.decodeOrNull(advocate) };
}

/** One day of a program's clicks: the counters (clicks, trigger:*), unique visitors, filtered by reason. */
async function programDay(redis: Redis, t: Tenant, programId: string, day: string) {
  const p = redis.pipeline();
  p.hgetall(redisKeys.dailyClicks(t, day, 'program', programId));
  p.pfcount(redisKeys.dailyVisitors(t, day, 'program', programId));
  p.hgetall(redisKeys.dailyFiltered(t, day, programId));
  const [counters, visitors, filtered] = (await p.exec()) as [unknown, number, unknown];
  return { counters: hashCounts(counters), uniqueVisitors: Number(visitors) || 0, filtered: hashCounts(filtered) };
}

/**
 * Clicks recorded before click tokens (issue 17): reading one on behalf of a tenant, its referrer, a program's
 * day. `record` (click-record.lua) is what scripts/bench/console.ts still seeds with; the queue consumer
 * (event-counters.ts) counts every click since.
 */
export const clickStore = defineStore((redis) => ({
  /** Records a tracked click (its `visitor` set) and counts it for `day` (`yyyymmdd`); safe to retry. */
  record: (click: ClickRecord, windowDays: number, day: string) => recordClick(redis, click, windowDays, day),
  /** A click if it belongs to the tenant (the one tenancy check: ownedBy); expired or not. */
  get: async (t: Tenant, id: string) =>
    ownedBy(clickCodec.decodeOrNull(await redis.get<string>(redisKeys.click(id))), t),
  referrer: (t: Tenant, click: ClickRecord) => clickReferrer(redis, t, click),
  programDay: (t: Tenant, programId: string, day: string) => programDay(redis, t, programId, day),
}));
export type ClickStore = ReturnType<typeof clickStore>;
