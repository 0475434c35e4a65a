import type { Context } from 'hono';
import * as z from 'zod';
import { PayoutCreate, PayoutFail, PayoutListQuery } from '../../shared/schemas/payout.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { finishPayout } from '../payouts/finish-payout.ts';
import { type GatherOptions, gatherPayoutsOnce } from '../payouts/gather-payouts.ts';
import { upcomingPayouts } from '../payouts/upcoming-payouts.ts';
import { listBody } from '../storage/paginate.ts';
import { payoutStore } from '../storage/payouts.ts';
import { secretApi } from './secret-api.ts';

/** /v1/payouts: gathering approved cash rewards into payouts, and the merchant's manual payouts. */
export const payouts = secretApi();

const publisherOf = (c: Context<AppEnv>) => ({ env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant });

async function runOnce(c: Context<AppEnv>, o: GatherOptions) {
  const run = await gatherPayoutsOnce(publisherOf(c), o, Date.now());
  if (run === 'busy')
    throw new ApiError(
      'conflict_error',
      'payout_run_in_progress',
      'Another payout run of this account is under way; send the request again in a moment.',
    );
  return run;
}

payouts.post('/', async (c) => {
  const body = await parseBody(c, PayoutCreate);
  const filter = { programId: body.program_id, advocateId: body.advocate_id, ignoreMinimum: body.ignore_minimum };
  return c.json(await runOnce(c, filter));
});

payouts.get('/', async (c) => {
  const query = parseQuery(c, PayoutListQuery);
  const of = query.advocate_id !== undefined ? { advocateId: query.advocate_id } : { status: query.status };
  const page = await payoutStore(c.env).page(
    c.get('auth').tenant,
    of,
    query.limit,
    cursor('payout', query.starting_after),
  );
  // With both filters the advocate's list is paged and filtered: a page may be short, the cursor stays right.
  const data = query.advocate_id && query.status ? page.payouts.filter((p) => p.status === query.status) : page.payouts;
  const last = page.payouts.at(-1)?.id ?? null;
  return c.json({ ...listBody(data, page.hasMore), next_cursor: page.hasMore ? last : null });
});

payouts.get('/upcoming', async (c) => {
  const query = parseQuery(c, z.strictObject({ program_id: z.string().max(64).optional() }));
  const lines = await upcomingPayouts(c.env, c.get('auth').tenant, query.program_id, Date.now());
  return c.json({ object: 'list', data: lines, has_more: false, next_cursor: null });
});

/** The payout at `:id` of this tenant, or 404. */
async function payoutAt(c: Context<AppEnv>) {
  const payout = await payoutStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'payout'));
  if (!payout) throw notFound('payout');
  return payout;
}

payouts.get('/:id', async (c) => c.json(await payoutAt(c)));

const notManual = () =>
  new ApiError(
    'conflict_error',
    'payout_not_manual',
    'This payout is sent through its provider and follows what the provider reports; only manual payouts are ' +
      'marked paid or failed by hand.',
  );

const finishedAlready = (status: string) =>
  new ApiError('conflict_error', 'invalid_payout_state', `This payout is already ${status}.`);

payouts.post('/:id/mark_paid', async (c) => {
  const payout = await payoutAt(c);
  if (payout.provider !== 'manual') throw notManual();
  const result = await finishPayout(
    c.env,
    c.get('auth').tenant,
    payout.id,
    { kind: 'paid' },
    Date.now(),
    c.executionCtx,
  );
  if (result.kind === 'missing') throw notFound('payout');
  if (result.kind === 'not_allowed') throw finishedAlready(result.payout.status);
  return c.json(result.payout);
});

payouts.post('/:id/fail', async (c) => {
  const payout = await payoutAt(c);
  const { reason } = await parseBody(c, PayoutFail);
  if (payout.provider !== 'manual') throw notManual();
  const outcome = { kind: 'failed' as const, reason };
  const result = await finishPayout(c.env, c.get('auth').tenant, payout.id, outcome, Date.now(), c.executionCtx);
  if (result.kind === 'missing') throw notFound('payout');
  if (result.kind === 'not_allowed') throw finishedAlready(result.payout.status);
  return c.json(result.payout);
});

payouts.post('/:id/retry', async (c) => {
  const payout = await payoutAt(c);
  if (payout.status !== 'failed')
    throw new ApiError(
      'conflict_error',
      'invalid_payout_state',
      `Only a failed payout is retried; this one is ${payout.status}.`,
    );
  const filter = {
    programId: payout.program_id,
    advocateId: payout.advocate_id,
    currency: payout.currency,
    ignoreMinimum: true,
  };
  return c.json(await runOnce(c, filter));
});
