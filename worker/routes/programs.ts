import { type ClickStats, ClickStatsQuery } from '../../shared/schemas/click.ts';
import { PaginationQuery } from '../../shared/schemas/common.ts';
import { ProgramCreate, ProgramUpdate } from '../../shared/schemas/program.ts';
import { queueProgramCodesLater } from '../integrations/coupon-sync/queue-codes.ts';
import { assertDestinations } from '../lib/destinations.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { schedulePayouts } from '../payouts/scheduled-payouts.ts';
import { applyProgramUpdate } from '../programs/update-program.ts';
import { clickStore } from '../storage/clicks.ts';
import { merchantStore } from '../storage/merchants.ts';
import { listBody } from '../storage/paginate.ts';
import { programStore } from '../storage/programs.ts';
import type { Tenant } from '../tenant.ts';
import { secretApi } from './secret-api.ts';

/** Destinations must be on the merchant's allowed hosts (checked before any write). */
async function checkDestinations(
  env: Env,
  tenant: Tenant,
  urls: { destination_url?: string; fallback_url?: string | null },
) {
  const merchant = await merchantStore(env).get(tenant.merchantId);
  if (!merchant) throw notFound('merchant');
  assertDestinations(urls, merchant, tenant.mode);
}

export const programs = secretApi();

programs.post('/', async (c) => {
  const input = await parseBody(c, ProgramCreate);
  const { tenant } = c.get('auth');
  await checkDestinations(c.env, tenant, { destination_url: input.destination_url, fallback_url: input.fallback_url });
  const program = await programStore(c.env).create(tenant, input);
  // A new program has no schedule to clear: only a weekly or monthly one is recorded (no write otherwise).
  if (program.payouts.schedule !== 'manual') await schedulePayouts(c.env, tenant, program, Date.now());
  return c.json(program, 201);
});

programs.get('/', async (c) => {
  const query = parseQuery(c, PaginationQuery);
  const { programs: data, hasMore } = await programStore(c.env).list(
    c.get('auth').tenant,
    query.limit,
    cursor('program', query.starting_after),
  );
  return c.json(listBody(data, hasMore));
});

programs.get('/:id', async (c) => {
  const program = await programStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'program'));
  if (!program) throw notFound('program');
  return c.json(program);
});

programs.patch('/:id', async (c) => {
  const id = pathId(c, 'id', 'program');
  const patch = await parseBody(c, ProgramUpdate);
  const { tenant } = c.get('auth');
  await checkDestinations(c.env, tenant, { destination_url: patch.destination_url, fallback_url: patch.fallback_url });
  const updated = await programStore(c.env).update(tenant, id, (current) =>
    applyProgramUpdate(current, patch, new Date()),
  );
  if (!updated) throw notFound('program');
  if (patch.referee_offer || patch.status) queueProgramCodesLater(c.env, c.executionCtx, tenant, id);
  // Idempotent, so a retried PATCH that failed after the update completes the schedule.
  if (patch.payouts) await schedulePayouts(c.env, tenant, updated, Date.now());
  return c.json(updated);
});

// One day of clicks: counted, unique (HyperLogLog) and filtered by reason, in one round trip.
programs.get('/:id/click-stats', async (c) => {
  const id = pathId(c, 'id', 'program');
  const { date } = parseQuery(c, ClickStatsQuery);
  const { tenant } = c.get('auth');
  if (!(await programStore(c.env).get(tenant, id))) throw notFound('program');
  const day = (date ?? new Date().toISOString().slice(0, 10)).replace(/-/g, '');
  const stats = await clickStore(c.env).programDay(tenant, id, day);
  const by_trigger = Object.fromEntries(
    Object.entries(stats.counters)
      .filter(([k]) => k.startsWith('trigger:'))
      .map(([k, v]) => [k.slice(8), v]),
  );
  const body: ClickStats = {
    object: 'click_stats',
    program_id: id,
    date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
    totals: { clicks: stats.counters.clicks ?? 0, unique_visitors: stats.uniqueVisitors, by_trigger },
    filtered: stats.filtered,
  };
  return c.json(body);
});
