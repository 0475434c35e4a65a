import type { Program } from '../../shared/schemas/program.ts';
import { MAX_BUCKETS, type Leaderboard, type LeaderboardQuery } from '../../shared/schemas/stats.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Redis } from '../storage/client.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { DAY_MS, statsDay } from '../storage/stats-buckets.ts';
import { requestWindow } from './stats-range.ts';
import { LEADERBOARD_TOP as TOP } from '../storage/lua/index.ts';

function rewardCurrency(program: Program): string | null {
  return 'currency' in program.referrer_reward ? program.referrer_reward.currency : null;
}

/**
 * Top advocates of a program by attributed sales or net referred revenue over whole UTC days:
 * the contest window when the program has one, else the last 30 days. Two round trips: the
 * rankings, then the names and first codes of the advocates listed.
 */
export async function readLeaderboard(
  redis: Redis,
  t: Tenant,
  program: Program,
  query: LeaderboardQuery,
  now: number,
): Promise<Leaderboard> {
  const contest = program.contest;
  const byContest = contest !== null && query.from === undefined && query.to === undefined;
  const by = query.by ?? contest?.by ?? 'conversions';
  const currency = query.currency?.toUpperCase() ?? rewardCurrency(program);
  if (by === 'revenue' && currency === null) {
    throw new ApiError(
      'invalid_request_error',
      'currency_required',
      "This program's reward is in points: name the currency to rank revenue in (`currency`).",
      { param: 'currency' },
    );
  }
  const contestView = contest
    ? { name: contest.name, prize: contest.prize, starts_at: contest.starts_at, ends_at: contest.ends_at }
    : null;
  const empty = (from: number, to: number): Leaderboard => ({
    object: 'leaderboard',
    program_id: program.id,
    by,
    currency,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    contest: contestView,
    entries: [],
  });
  // A contest not started yet has no entries; a running one counts up to today.
  if (byContest && Date.parse(contest.starts_at) > now)
    return empty(Date.parse(contest.starts_at), Date.parse(contest.ends_at));
  const { from, end } = requestWindow(
    byContest
      ? { from: contest.starts_at, ...(Date.parse(contest.ends_at) <= now ? { to: contest.ends_at } : {}) }
      : query,
    30 * DAY_MS,
    now,
    DAY_MS,
  );
  const firstDay = Math.floor(from / DAY_MS);
  const days = Math.floor((end - 1) / DAY_MS) - firstDay + 1;
  if (days > MAX_BUCKETS.day)
    throw new ApiError(
      'invalid_request_error',
      'range_too_long',
      `A leaderboard covers at most ${MAX_BUCKETS.day} days; this range has ${days}.`,
      { param: 'from' },
    );
  const dayKeys = Array.from({ length: days }, (_, i) => statsDay((firstDay + i) * DAY_MS));
  const keys = [
    ...dayKeys.map((d) => redisKeys.leaderboard(t, d, program.id, 'conversions')),
    ...(currency ? dayKeys.map((d) => redisKeys.leaderboard(t, d, program.id, `revenue:${currency}`)) : []),
  ];
  const rows = await runScript(redis, TOP, keys, [days, query.limit, by]);

  let names: (string | null)[] = [];
  let codes: (string | null)[] = [];
  if (rows.length > 0) {
    const p = redis.pipeline();
    for (const [id] of rows) {
      p.get(redisKeys.advocate(t, id));
      p.zrange(redisKeys.advocateCodes(t, id), 0, 0);
    }
    const replies = (await p.exec()) as unknown[];
    names = rows.map((_, i) => {
      const raw = replies[2 * i] as string | null;
      return raw ? firstName((JSON.parse(raw) as { name?: string | null }).name) : null;
    });
    codes = rows.map((_, i) => ((replies[2 * i + 1] as string[] | null) ?? [])[0] ?? null);
  }
  let rank = 0;
  let previous: number | null = null;
  const entries = rows.map(([advocateId, conversions, revenue], i) => {
    const score = by === 'revenue' ? Number(revenue) : Number(conversions);
    // Equal figures share a rank (1, 2, 2, 4): a contest must not decide a tie by id.
    if (score !== previous) rank = i + 1;
    previous = score;
    return {
      rank,
      advocate_id: advocateId,
      name: names[i] ?? null,
      code: codes[i] ?? null,
      conversions: Number(conversions),
      revenue: Number(revenue),
    };
  });
  return { ...empty(firstDay * DAY_MS, (firstDay + days) * DAY_MS), entries };
}
