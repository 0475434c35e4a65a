import type { Program } from '../../shared/schemas/program.ts';
import { MAX_BUCKETS, type Leaderboard, type LeaderboardQuery } from '../../shared/schemas/stats.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Redis } from '../lib/redis.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { DAY_MS, statsDay } from './buckets.ts';
import { requestWindow } from './stats-range.ts';

// Read-only: the union of the day rankings of the range for both figures, the top `limit` by
// the ranking figure (ties: the other figure, then the advocate id), each with both figures.
// KEYS: D conversion rankings, then D revenue rankings (none without a currency).
// ARGV: 1 D, 2 limit, 3 'conversions' | 'revenue'.
const TOP = `
local D, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local function union(from, to)
  local scores = {}
  if to < from then return scores end
  local args = {'ZUNION', to - from + 1}
  for i = from, to do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'WITHSCORES'
  local flat = redis.call(unpack(args))
  for i = 1, #flat, 2 do scores[flat[i]] = tonumber(flat[i + 1]) end
  return scores
end
local conversions = union(1, D)
local revenue = union(D + 1, #KEYS)
local rank, other = conversions, revenue
if ARGV[3] == 'revenue' then rank, other = revenue, conversions end
local rows = {}
for member, score in pairs(rank) do
  if score > 0 then rows[#rows + 1] = {member, score, other[member] or 0} end
end
table.sort(rows, function(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  if a[3] ~= b[3] then return a[3] > b[3] end
  return a[1] < b[1]
end)
local out = {}
for i = 1, math.min(limit, #rows) do
  local r = rows[i]
  local c, v = r[2], r[3]
  if ARGV[3] == 'revenue' then c, v = r[3], r[2] end
  out[#out + 1] = {r[1], c, v}
end
return out
`;

function rewardCurrency(program: Program): string | null {
  return 'currency' in program.referrer_reward ? program.referrer_reward.currency : null;
}

/**
 * Top advocates of a program by attributed sales or net referred revenue over whole UTC days:
 * the contest window when the program has one, else the last 30 days. Two round trips: the
 * rankings, then the names and first codes of the advocates listed.
 */
export async function readLeaderboard(redis: Redis, t: Tenant, program: Program, query: LeaderboardQuery, now: number): Promise<Leaderboard> {
  const contest = program.contest;
  const byContest = contest !== null && query.from === undefined && query.to === undefined;
  const by = query.by ?? contest?.by ?? 'conversions';
  const currency = query.currency?.toUpperCase() ?? rewardCurrency(program);
  if (by === 'revenue' && currency === null) {
    throw new ApiError('invalid_request_error', 'currency_required', "This program's reward is in points: name the currency to rank revenue in (`currency`).", { param: 'currency' });
  }
  const contestView = contest ? { name: contest.name, prize: contest.prize, starts_at: contest.starts_at, ends_at: contest.ends_at } : null;
  const empty = (from: number, to: number): Leaderboard => ({ object: 'leaderboard', program_id: program.id, by, currency, from: new Date(from).toISOString(), to: new Date(to).toISOString(), contest: contestView, entries: [] });
  // A contest not started yet has no entries; a running one counts up to today.
  if (byContest && Date.parse(contest.starts_at) > now) return empty(Date.parse(contest.starts_at), Date.parse(contest.ends_at));
  const { from, end } = requestWindow(
    byContest ? { from: contest.starts_at, ...(Date.parse(contest.ends_at) <= now ? { to: contest.ends_at } : {}) } : query,
    30 * DAY_MS,
    now,
    DAY_MS,
  );
  const firstDay = Math.floor(from / DAY_MS);
  const days = Math.floor((end - 1) / DAY_MS) - firstDay + 1;
  if (days > MAX_BUCKETS.day) throw new ApiError('invalid_request_error', 'range_too_long', `A leaderboard covers at most ${MAX_BUCKETS.day} days; this range has ${days}.`, { param: 'from' });
  const dayKeys = Array.from({ length: days }, (_, i) => statsDay((firstDay + i) * DAY_MS));
  const keys = [
    ...dayKeys.map((d) => redisKeys.leaderboard(t, d, program.id, 'conversions')),
    ...(currency ? dayKeys.map((d) => redisKeys.leaderboard(t, d, program.id, `revenue:${currency}`)) : []),
  ];
  const rows = await runScript<[string, number, number][]>(redis, TOP, keys, [days, query.limit, by]);

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
    return { rank, advocate_id: advocateId, name: names[i] ?? null, code: codes[i] ?? null, conversions: Number(conversions), revenue: Number(revenue) };
  });
  return { ...empty(firstDay * DAY_MS, (firstDay + days) * DAY_MS), entries };
}
