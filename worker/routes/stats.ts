import type { Context } from 'hono';
import { parseCode } from '../../shared/codes.ts';
import { type Leaderboard, LeaderboardQuery, type Stats, StatsQuery } from '../../shared/schemas/stats.ts';
import { readLeaderboard } from '../analytics/leaderboard.ts';
import { statsOf } from '../analytics/read-stats.ts';
import { statsRange } from '../analytics/stats-range.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound, parseQuery, pathId } from '../lib/validate.ts';
import { programStore } from '../storage/programs.ts';
import { type StatsScopeRef, statsStore } from '../storage/stats.ts';
import { secretApi } from './secret-api.ts';

/**
 * Analytics (issue 8): the funnel of a program, an advocate or a code from counters the write
 * paths keep, in one Redis round trip after auth; the leaderboard of a program in two.
 */
async function answer(c: Context<AppEnv>, scope: StatsScopeRef) {
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
  // Null for a scope that does not exist, and for another tenant's code (codes are global).
  const figures = await statsStore(c.env).read(c.get('auth').tenant, scope, range);
  if (figures === null) throw notFound(scope.type);
  return c.json(statsOf(scope, range, figures) satisfies Stats);
}

export const programStats = secretApi();
programStats.get('/', (c) => answer(c, { type: 'program', id: pathId(c, 'programId', 'program') }));

export const advocateStats = secretApi();
advocateStats.get('/', (c) => answer(c, { type: 'advocate', id: pathId(c, 'advocateId', 'advocate') }));

export const codeStats = secretApi();
codeStats.get('/', (c) => {
  const code = parseCode(c.req.param('code') ?? '');
  if (!code) throw notFound('code');
  return answer(c, { type: 'code', id: code });
});

export const programLeaderboard = secretApi();
programLeaderboard.get('/', async (c) => {
  const id = pathId(c, 'programId', 'program');
  const query = parseQuery(c, LeaderboardQuery);
  const { tenant } = c.get('auth');
  const program = await programStore(c.env).get(tenant, id);
  if (!program) throw notFound('program');
  const board = await readLeaderboard(statsStore(c.env), tenant, program, query, Date.now());
  return c.json(board satisfies Leaderboard);
});
