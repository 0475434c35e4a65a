import * as z from 'zod';
import { ClickTrigger } from '../../shared/schemas/click.ts';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { advocateCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { programCodec } from './programs.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { hashCounts } from './stats-buckets.ts';
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
 * A row of the day's click log (`redisKeys.clickLog`), written until raw events went to R2 (issue 17): the
 * CSV export still reads the days that have one. Rows keep their
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
 * day. The queue consumer (event-counters.ts) counts every click since; click ids are signed tokens
 * (worker/redirect/click-token.ts) that need no record.
 */
export const clickStore = defineStore((redis) => ({
  /** A click if it belongs to the tenant (the one tenancy check: ownedBy); expired or not. */
  get: async (t: Tenant, id: string) =>
    ownedBy(clickCodec.decodeOrNull(await redis.get<string>(redisKeys.click(id))), t),
  referrer: (t: Tenant, click: ClickRecord) => clickReferrer(redis, t, click),
  programDay: (t: Tenant, programId: string, day: string) => programDay(redis, t, programId, day),
}));
export type ClickStore = ReturnType<typeof clickStore>;
