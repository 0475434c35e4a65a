import { PaginationQuery } from '../../shared/schemas/common.ts';
import { ProgramCreate, ProgramUpdate, type Program } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { assertDestinations } from '../lib/destinations.ts';
import { getRedis } from '../lib/redis.ts';
import { check, cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { getMerchant } from '../storage/merchants.ts';
import { applyProgramUpdate, createProgram, getProgram, listPrograms, updateProgram } from '../storage/programs.ts';
import { secretApi } from './secret-api.ts';

export const programs = secretApi();

programs.post('/', async (c) => {
  const input = await parseBody(c, ProgramCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const merchant = await getMerchant(redis, tenant.merchantId);
  if (!merchant) throw notFound('merchant');
  assertDestinations({ destination_url: input.destination_url, fallback_url: input.fallback_url }, merchant, tenant.mode);
  return c.json(await createProgram(redis, tenant, input), 201);
});

programs.get('/', async (c) => {
  const query = parseQuery(c, PaginationQuery);
  const { programs: data, hasMore } = await listPrograms(getRedis(c.env), c.get('auth').tenant, query.limit, cursor('program', query.starting_after));
  return c.json({ object: 'list', data, has_more: hasMore, next_cursor: hasMore ? data.at(-1)!.id : null });
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
  const merchant = await getMerchant(redis, tenant.merchantId);
  if (!merchant) throw notFound('merchant');
  assertDestinations({ destination_url: patch.destination_url, fallback_url: patch.fallback_url }, merchant, tenant.mode);
  const updated = await updateProgram(redis, tenant, id, (current: Program) => {
    if (current.status === 'ended' && patch.status !== undefined && patch.status !== 'ended') {
      throw new ApiError('conflict_error', 'program_ended', 'An ended program cannot be reopened; create a new program instead.', { param: 'status' });
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
