import type { Stats } from '../../shared/schemas/stats.ts';
import type { Redis } from '../storage/client.ts';
import { hashFields } from '../storage/hash-reply.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type StatsScope, type Tenant } from '../storage/redis-keys.ts';
import { dashedDay, statsDay, statsHour } from '../storage/stats-buckets.ts';
import { deriveMetrics } from './derive.ts';
import { metricsOf, sumFields, type Fields } from './metrics.ts';
import type { StatsRange } from './stats-range.ts';
import { STATS_READ as READ } from '../storage/lua/index.ts';

export interface StatsScopeRef {
  type: StatsScope;
  id: string;
  /** The key whose existence says the scope exists (its value is returned: a code record names its tenant). */
  recordKey: string;
}

/** The hashes of one unit and the prefix their fields take in the merged figures. */
function unitHashes(
  t: Tenant,
  scope: StatsScopeRef,
  unit: 'day' | 'hour',
  ms: number,
): [key: string, prefix: string][] {
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

export interface StatsRead {
  /** The scope's record as stored (null: no such scope). */
  record: string | null;
  stats: Stats;
  /** Keys the script read: what the request cost inside Redis (one command each, plus the PFCOUNTs). */
  keysRead: number;
}

export async function readStats(redis: Redis, t: Tenant, scope: StatsScopeRef, range: StatsRange): Promise<StatsRead> {
  const units = range.units.flat();
  const perUnit = units.map((ms) => unitHashes(t, scope, range.unit, ms));
  const h = perUnit[0]!.length;
  // Repeat advocates are counted over whole days: the day rankings are the finest grain kept.
  const rankingDays = scope.type === 'program' ? [...new Set(units.map((ms) => statsDay(ms)))] : [];
  const keys = [
    scope.recordKey,
    ...perUnit.flat().map(([key]) => key),
    ...units.map((ms) => visitorsKey(t, scope, range.unit, ms)),
    ...rankingDays.map((day) => redisKeys.leaderboard(t, day, scope.id, 'conversions')),
  ];
  const args = [h, units.length, rankingDays.length, ...range.units.map((u) => u.length)];
  const reply = await runScript(redis, READ, keys, args);
  if (reply.length === 0) return { record: null, stats: null as never, keysRead: 1 };
  const [record, hashes, counts, total, repeaters] = reply;

  const unitFields: Fields[] = perUnit.map((hs, u) => {
    const merged: Fields = {};
    hs.forEach(([, prefix], i) => {
      for (const [field, value] of Object.entries(hashFields(hashes[u * h + i])))
        merged[prefix + field] = (merged[prefix + field] ?? 0) + Number(value);
    });
    return merged;
  });
  let u = 0;
  const bucketFields = range.units.map((bucketUnits) => sumFields(bucketUnits.map(() => unitFields[u++]!)));
  const kind = scope.type;
  const series = range.starts.map((start, i) => ({
    start: new Date(start).toISOString(),
    metrics: metricsOf(bucketFields[i]!, Number(counts[i]), kind),
  }));
  const totals = metricsOf(sumFields(bucketFields), Number(total), kind);
  return {
    record,
    keysRead: keys.length,
    stats: {
      object: 'stats',
      scope: { type: kind, id: scope.id },
      interval: range.interval,
      from: new Date(range.starts[0]!).toISOString(),
      to: new Date(range.end).toISOString(),
      series,
      totals,
      derived: deriveMetrics(totals, kind === 'program' ? Number(repeaters) : null),
    },
  };
}
