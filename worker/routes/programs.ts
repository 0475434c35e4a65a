import { hashFields } from '../storage/hash-reply.ts';
import { ClickStatsQuery, type ClickStats } from '../../shared/schemas/click.ts';
import { PaginationQuery } from '../../shared/schemas/common.ts';
import { ProgramCreate, ProgramUpdate, type Program } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { assertDestinations } from '../lib/destinations.ts';
import { getRedis } from '../storage/client.ts';
import { check, cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { getMerchant } from '../storage/merchants.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { applyProgramUpdate, createProgram, getProgram, listPrograms, updateProgram } from '../storage/programs.ts';
import { listBody } from '../storage/paginate.ts';
import { secretApi } from './secret-api.ts';

async function requireMerchant(redis: ReturnType<typeof getRedis>, merchantId: string) {
  const merchant = await getMerchant(redis, merchantId);
  if (!merchant) throw notFound('merchant');
  return merchant;
}

export const programs = secretApi();

programs.post('/', async (c) => {
  const input = await parseBody(c, ProgramCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  assertDestinations(
    { destination_url: input.destination_url, fallback_url: input.fallback_url },
    await requireMerchant(redis, tenant.merchantId),
    tenant.mode,
  );
  return c.json(await createProgram(redis, tenant, input), 201);
});

programs.get('/', async (c) => {
  const query = parseQuery(c, PaginationQuery);
  const { programs: data, hasMore } = await listPrograms(
    getRedis(c.env),
    c.get('auth').tenant,
    query.limit,
    cursor('program', query.starting_after),
  );
  return c.json(listBody(data, hasMore));
});

programs.get('/:id', async (c) => {
  const program = await getProgram(getRedis(c.env), c.get('auth').tenant, pathId(c, 'id', 'program'));
  if (!program) throw notFound('program');
  return c.json(program);
});

programs.patch('/:id', async (c) => {
  const id = pathId(c, 'id', 'program');
  const patch = await parseBody(c, ProgramUpdate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  assertDestinations(
    { destination_url: patch.destination_url, fallback_url: patch.fallback_url },
    await requireMerchant(redis, tenant.merchantId),
    tenant.mode,
  );
  const updated = await updateProgram(redis, tenant, id, (current: Program) => {
    if (current.status === 'ended' && patch.status !== undefined && patch.status !== 'ended') {
      throw new ApiError(
        'conflict_error',
        'program_ended',
        'An ended program cannot be reopened; create a new program instead.',
        { param: 'status' },
      );
    }
    const next = applyProgramUpdate(current, patch, new Date());
    // The merged program must still satisfy every rule a new one does (dates, tiers).
    const { id: _id, object: _o, livemode: _l, created_at: _c, updated_at: _u, ...fields } = next;
    check(ProgramCreate, fields);
    return next;
  });
  if (!updated) throw notFound('program');
  return c.json(updated);
});

function pairs(reply: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries(hashFields(reply)).map(([k, v]) => [k, Number(v)]));
}

// One day of clicks: counted, unique (HyperLogLog) and filtered by reason, in one round trip.
programs.get('/:id/click-stats', async (c) => {
  const id = pathId(c, 'id', 'program');
  const { date } = parseQuery(c, ClickStatsQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  if (!(await getProgram(redis, tenant, id))) throw notFound('program');
  const day = (date ?? new Date().toISOString().slice(0, 10)).replace(/-/g, '');
  const p = redis.pipeline();
  p.hgetall(redisKeys.dailyClicks(tenant, day, 'program', id));
  p.pfcount(redisKeys.dailyVisitors(tenant, day, 'program', id));
  p.hgetall(redisKeys.dailyFiltered(tenant, day, id));
  const [counters, visitors, filtered] = (await p.exec()) as [unknown, number, unknown];
  const c1 = pairs(counters);
  const by_trigger = Object.fromEntries(
    Object.entries(c1)
      .filter(([k]) => k.startsWith('trigger:'))
      .map(([k, v]) => [k.slice(8), v]),
  );
  const body: ClickStats = {
    object: 'click_stats',
    program_id: id,
    date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
    totals: { clicks: c1.clicks ?? 0, unique_visitors: Number(visitors) || 0, by_trigger },
    filtered: pairs(filtered),
  };
  return c.json(body);
});
