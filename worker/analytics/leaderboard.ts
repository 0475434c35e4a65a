import type { Program } from '../../shared/schemas/program.ts';
import { type Leaderboard, type LeaderboardQuery, MAX_BUCKETS } from '../../shared/schemas/stats.ts';
import { ApiError } from '../errors/api-error.ts';
import { firstName } from '../redirect/resolve-link.ts';
import type { StatsStore } from '../storage/stats.ts';
import { DAY_MS } from '../storage/stats-buckets.ts';
import type { Tenant } from '../tenant.ts';
import { requestWindow } from './stats-range.ts';

function rewardCurrency(program: Program): string | null {
  return 'currency' in program.referrer_reward ? program.referrer_reward.currency : null;
}

type RankedBy = NonNullable<LeaderboardQuery['by']>;
type Row = Awaited<ReturnType<StatsStore['leaderboard']>>[number];

/** The revenue ranking needs a currency: the query's, else the program's reward currency. */
function rankingOf(program: Program, query: LeaderboardQuery): { by: RankedBy; currency: string | null } {
  const by = query.by ?? program.contest?.by ?? 'conversions';
  const currency = query.currency?.toUpperCase() ?? rewardCurrency(program);
  if (by === 'revenue' && currency === null) {
    throw new ApiError(
      'invalid_request_error',
      'currency_required',
      "This program's reward is in points: name the currency to rank revenue in (`currency`).",
      { param: 'currency' },
    );
  }
  return { by, currency };
}

/** The whole UTC days ranked: the contest's (up to today) by contest, else the query's (30 days by default). */
function daysOf(program: Program, query: LeaderboardQuery, byContest: boolean, now: number) {
  const contest = program.contest;
  const { from, end } = requestWindow(
    byContest && contest
      ? { from: contest.starts_at, ...(Date.parse(contest.ends_at) <= now ? { to: contest.ends_at } : {}) }
      : query,
    30 * DAY_MS,
    now,
    DAY_MS,
  );
  const firstDay = Math.floor(from / DAY_MS);
  const days = Math.floor((end - 1) / DAY_MS) - firstDay + 1;
  if (days > MAX_BUCKETS.day) {
    throw new ApiError(
      'invalid_request_error',
      'range_too_long',
      `A leaderboard covers at most ${MAX_BUCKETS.day} days; this range has ${days}.`,
      { param: 'from' },
    );
  }
  return { firstDay, days };
}

/** Equal figures share a rank (1, 2, 2, 4): a contest must not decide a tie by id. */
function ranked(rows: Row[], by: RankedBy): Leaderboard['entries'] {
  let rank = 0;
  let previous: number | null = null;
  return rows.map((row, i) => {
    const score = by === 'revenue' ? row.revenue : row.conversions;
    if (score !== previous) rank = i + 1;
    previous = score;
    return {
      rank,
      advocate_id: row.advocateId,
      name: firstName(row.name),
      code: row.code,
      conversions: row.conversions,
      revenue: row.revenue,
    };
  });
}

/**
 * Top advocates of a program by attributed sales or net referred revenue over whole UTC days:
 * the contest window when the program has one, else the last 30 days. Two round trips: the
 * rankings, then the names and first codes of the advocates listed.
 */
export async function readLeaderboard(
  stats: StatsStore,
  t: Tenant,
  program: Program,
  query: LeaderboardQuery,
  now: number,
): Promise<Leaderboard> {
  const contest = program.contest;
  const byContest = contest !== null && query.from === undefined && query.to === undefined;
  const { by, currency } = rankingOf(program, query);
  const contestView = contest
    ? { name: contest.name, prize: contest.prize, starts_at: contest.starts_at, ends_at: contest.ends_at }
    : null;
  const board = (from: number, to: number, entries: Leaderboard['entries']): Leaderboard => ({
    object: 'leaderboard',
    program_id: program.id,
    by,
    currency,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    contest: contestView,
    entries,
  });
  // A contest not started yet has no entries; a running one counts up to today.
  if (byContest && Date.parse(contest.starts_at) > now) {
    return board(Date.parse(contest.starts_at), Date.parse(contest.ends_at), []);
  }
  const { firstDay, days } = daysOf(program, query, byContest, now);
  const rows = await stats.leaderboard(t, {
    programId: program.id,
    days: Array.from({ length: days }, (_, i) => (firstDay + i) * DAY_MS),
    currency,
    by,
    limit: query.limit,
  });
  return board(firstDay * DAY_MS, (firstDay + days) * DAY_MS, ranked(rows, by));
}
