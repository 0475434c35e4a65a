import { parseCode } from '../../shared/codes.ts';
import { LeaderboardQuery, StatsQuery, type Leaderboard, type Stats } from '../../shared/schemas/stats.ts';
import { readLeaderboard } from '../analytics/leaderboard.ts';
import { readStats, type StatsScopeRef } from '../analytics/read-stats.ts';
import { statsRange } from '../analytics/stats-range.ts';
import { ApiError } from '../errors/api-error.ts';
import { getRedis } from '../storage/client.ts';
import { notFound, parseQuery, pathId } from '../lib/validate.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { getProgram } from '../storage/programs.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { secretApi } from './secret-api.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * Analytics (issue 8): the funnel of a program, an advocate or a code from counters the write
 * paths keep, in one Redis round trip after auth; the leaderboard of a program in two.
 */
async function answer(c: Context<AppEnv>, scope: StatsScopeRef, owns: (record: string) => boolean = () => true) {
  const query = parseQuery(c, StatsQuery);
  if (query.interval === 'hour' && scope.type !== 'program') {
    throw new ApiError(
      'invalid_request_error',
      'interval_not_available',
      'Hourly figures are kept for programs only: use interval=day or week.',
      { param: 'interval' },
    );
  }
  const range = statsRange(query, Date.now());
  const read = await readStats(getRedis(c.env), c.get('auth').tenant, scope, range);
  if (read.record === null || !owns(read.record)) throw notFound(scope.type);
  return c.json(read.stats satisfies Stats);
}

export const programStats = secretApi();
programStats.get('/', (c) => {
  const id = pathId(c, 'programId', 'program');
  return answer(c, { type: 'program', id, recordKey: redisKeys.program(c.get('auth').tenant, id) });
});

export const advocateStats = secretApi();
advocateStats.get('/', (c) => {
  const id = pathId(c, 'advocateId', 'advocate');
  return answer(c, { type: 'advocate', id, recordKey: redisKeys.advocate(c.get('auth').tenant, id) });
});

/** Codes are one global namespace: the record says whose it is, and another tenant's is not found. */
function ownedBy(t: Tenant) {
  return (raw: string) => {
    const record = JSON.parse(raw) as CodeRecord;
    return record.merchant_id === t.merchantId && record.mode === t.mode;
  };
}

export const codeStats = secretApi();
codeStats.get('/', (c) => {
  const code = parseCode(c.req.param('code') ?? '');
  if (!code) throw notFound('code');
  const { tenant } = c.get('auth');
  return answer(c, { type: 'code', id: code, recordKey: redisKeys.code(code) }, ownedBy(tenant));
});

export const programLeaderboard = secretApi();
programLeaderboard.get('/', async (c) => {
  const id = pathId(c, 'programId', 'program');
  const query = parseQuery(c, LeaderboardQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const program = await getProgram(redis, tenant, id);
  if (!program) throw notFound('program');
  return c.json((await readLeaderboard(redis, tenant, program, query, Date.now())) satisfies Leaderboard);
});
