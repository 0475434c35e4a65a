import { advocateCodec, codeCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { hashFields } from './hash-reply.ts';
import { STATS_READ as READ, LEADERBOARD_TOP as TOP } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type StatsScope, type Tenant } from './redis-keys.ts';
import { dashedDay, statsDay, statsHour } from './stats-buckets.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

/** A bucket's counters by field name (the fields are listed in docs/ANALYTICS.md). */
export type StatsFields = Record<string, number>;

/** A program, an advocate or a code (its id is the code). */
export interface StatsScopeRef {
  type: StatsScope;
  id: string;
}

/** What a stats request covers: buckets of unit starts (ms), each unit an hour or a UTC day. */
export interface StatsUnits {
  unit: 'day' | 'hour';
  units: number[][];
}

export interface StatsFigures {
  /** Each unit's counters, every hash of the unit merged, in the order of `units.flat()`. */
  units: StatsFields[];
  /** Unique visitors of each bucket (a week's: the union of its days). */
  visitors: number[];
  /** Unique visitors of the whole range. */
  totalVisitors: number;
  /** Programs: advocates with two or more attributed sales over the range's days. */
  repeatAdvocates: number;
}

/** The hashes of one unit and the prefix their fields take in the merged figures. */
function unitHashes(t: Tenant, scope: StatsScopeRef, unit: 'day' | 'hour', ms: number): [string, string][] {
  if (unit === 'hour')
    return [
      [redisKeys.stats(t, statsHour(ms), 'program', scope.id), ''],
      [redisKeys.tenantStats(t, statsHour(ms)), ''],
    ];
  const day = statsDay(ms);
  const own: [string, string][] = [
    [redisKeys.dailyClicks(t, day, scope.type, scope.id), ''],
    [redisKeys.stats(t, day, scope.type, scope.id), ''],
  ];
  if (scope.type !== 'program') return own;
  return [
    ...own,
    [redisKeys.dailyFiltered(t, day, scope.id), 'filtered:'],
    [redisKeys.widgetEvents(t, dashedDay(ms), scope.id), 'widget:'],
    [redisKeys.tenantStats(t, day), ''],
  ];
}

function visitorsKey(t: Tenant, scope: StatsScopeRef, unit: 'day' | 'hour', ms: number): string {
  return unit === 'hour'
    ? redisKeys.hourlyVisitors(t, statsHour(ms), scope.id)
    : redisKeys.dailyVisitors(t, statsDay(ms), scope.type, scope.id);
}

/** The key whose existence says the scope exists (a code's record also says whose it is). */
function scopeRecordKey(t: Tenant, scope: StatsScopeRef): string {
  if (scope.type === 'program') return redisKeys.program(t, scope.id);
  return scope.type === 'advocate' ? redisKeys.advocate(t, scope.id) : redisKeys.code(scope.id);
}

/** Read-only, one round trip (stats-read.lua); null when the scope does not exist for the tenant. */
async function readFigures(
  redis: Redis,
  t: Tenant,
  scope: StatsScopeRef,
  range: StatsUnits,
): Promise<StatsFigures | null> {
  const units = range.units.flat();
  const perUnit = units.map((ms) => unitHashes(t, scope, range.unit, ms));
  const h = perUnit[0]!.length;
  // Repeat advocates are counted over whole days: the day rankings are the finest grain kept.
  const rankingDays = scope.type === 'program' ? [...new Set(units.map((ms) => statsDay(ms)))] : [];
  const keys = [
    scopeRecordKey(t, scope),
    ...perUnit.flat().map(([key]) => key),
    ...units.map((ms) => visitorsKey(t, scope, range.unit, ms)),
    ...rankingDays.map((day) => redisKeys.leaderboard(t, day, scope.id, 'conversions')),
  ];
  const args = [h, units.length, rankingDays.length, ...range.units.map((u) => u.length)];
  const reply = await runScript(redis, READ, keys, args);
  if (reply.length === 0) return null;
  const [record, hashes, counts, total, repeaters] = reply;
  // Codes are one global namespace: another tenant's code is not found.
  if (scope.type === 'code' && !ownedBy(codeCodec.decode(record), t)) return null;
  const merged = perUnit.map((hs, u) => {
    const fields: StatsFields = {};
    hs.forEach(([, prefix], i) => {
      for (const [field, value] of Object.entries(hashFields(hashes[u * h + i])))
        fields[prefix + field] = (fields[prefix + field] ?? 0) + Number(value);
    });
    return fields;
  });
  const exact = exactVisitors(scope, merged, range.units);
  return {
    units: merged,
    visitors: counts.map((n, b) => Number(n) + exact.byBucket[b]!),
    totalVisitors: Number(total) + exact.total,
    repeatAdvocates: Number(repeaters),
  };
}

/**
 * An advocate's or code's unique visitors since issue 17: the exact `visitors` field of each day's clicks hash
 * (the consumer counts a visitor's first click of the day). The visitor hash changes daily, so a bucket's
 * visitors are the sum of its days'; days before are still the HyperLogLogs' count, added to it. The field
 * is taken out of the unit's counters (it is not a counter the metrics sum).
 */
function exactVisitors(scope: StatsScopeRef, units: StatsFields[], buckets: number[][]) {
  const perUnit = units.map((fields) => {
    if (scope.type === 'program') return 0;
    const n = fields.visitors ?? 0;
    delete fields.visitors;
    return n;
  });
  let u = 0;
  const byBucket = buckets.map((bucket) => bucket.reduce((sum) => sum + perUnit[u++]!, 0));
  return { byBucket, total: perUnit.reduce((a, b) => a + b, 0) };
}

export interface LeaderboardRequest {
  programId: string;
  /** Start (ms) of each UTC day ranked. */
  days: number[];
  /** Revenue is ranked in one currency; null (points rewards, no currency named): conversions only. */
  currency: string | null;
  by: 'conversions' | 'revenue';
  limit: number;
}

export interface LeaderboardRow {
  advocateId: string;
  conversions: number;
  revenue: number;
  /** The advocate's name as stored (null: none, or the advocate is gone). */
  name: string | null;
  /** The advocate's first code. */
  code: string | null;
}

/** Two round trips: the rankings (leaderboard-top.lua), then the names and first codes of those listed. */
async function readLeaderboard(redis: Redis, t: Tenant, q: LeaderboardRequest): Promise<LeaderboardRow[]> {
  const days = q.days.map((ms) => statsDay(ms));
  const keys = [
    ...days.map((d) => redisKeys.leaderboard(t, d, q.programId, 'conversions')),
    ...(q.currency ? days.map((d) => redisKeys.leaderboard(t, d, q.programId, `revenue:${q.currency}`)) : []),
  ];
  const rows = await runScript(redis, TOP, keys, [days.length, q.limit, q.by]);
  if (rows.length === 0) return [];
  const p = redis.pipeline();
  for (const [id] of rows) {
    p.get(redisKeys.advocate(t, id));
    p.zrange(redisKeys.advocateCodes(t, id), 0, 0);
  }
  const replies = (await p.exec()) as unknown[];
  return rows.map(([advocateId, conversions, revenue], i) => ({
    advocateId,
    conversions: Number(conversions),
    revenue: Number(revenue),
    name: advocateCodec.decodeOrNull(replies[2 * i] as string | null)?.name ?? null,
    code: ((replies[2 * i + 1] as string[] | null) ?? [])[0] ?? null,
  }));
}

/** Counters and rankings, read (the write side is stats-counters.ts and the queue consumer's event-counters.ts). */
export const statsStore = defineStore((redis) => ({
  read: (t: Tenant, scope: StatsScopeRef, range: StatsUnits) => readFigures(redis, t, scope, range),
  leaderboard: (t: Tenant, q: LeaderboardRequest) => readLeaderboard(redis, t, q),
}));
export type StatsStore = ReturnType<typeof statsStore>;
