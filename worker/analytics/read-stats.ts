import type { Stats } from '../../shared/schemas/stats.ts';
import type { StatsFigures, StatsScopeRef } from '../storage/stats.ts';
import { deriveMetrics } from './derive.ts';
import { metricsOf, sumFields } from './metrics.ts';
import type { StatsRange } from './stats-range.ts';

/** The funnel of a scope over a range, from its figures (`statsStore(env).read`: one round trip). */
export function statsOf(scope: StatsScopeRef, range: StatsRange, figures: StatsFigures): Stats {
  let u = 0;
  const bucketFields = range.units.map((bucketUnits) => sumFields(bucketUnits.map(() => figures.units[u++]!)));
  const kind = scope.type;
  const series = range.starts.map((start, i) => ({
    start: new Date(start).toISOString(),
    metrics: metricsOf(bucketFields[i]!, figures.visitors[i]!, kind),
  }));
  const totals = metricsOf(sumFields(bucketFields), figures.totalVisitors, kind);
  return {
    object: 'stats',
    scope: { type: kind, id: scope.id },
    interval: range.interval,
    from: new Date(range.starts[0]!).toISOString(),
    to: new Date(range.end).toISOString(),
    series,
    totals,
    derived: deriveMetrics(totals, kind === 'program' ? figures.repeatAdvocates : null),
  };
}
