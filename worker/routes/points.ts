import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  type PointsBalance,
  PointsQuery,
  PointsRedeemBody,
  type PublicPoints,
  PublicPointsRedeem,
  PublicPointsRequest,
} from '../../shared/schemas/points.ts';
import type { AppEnv } from '../app-env.ts';
import { notFound, parseBody, parseQuery } from '../lib/validate.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { readPoints } from '../points/read-points.ts';
import { redeemPoints } from '../points/redeem-points.ts';
import { widgetOwner } from '../points/widget-points.ts';
import { listBody } from '../storage/paginate.ts';
import { programStore } from '../storage/programs.ts';
import { externalIdOf } from './customers.ts';
import { secretApi } from './secret-api.ts';

const RECENT = 10;

const publisherOf = (c: Context<AppEnv>) => ({ env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant });

async function programOf(c: Context<AppEnv>, programId: string) {
  const program = await programStore(c.env).get(c.get('auth').tenant, programId);
  if (!program) throw notFound('program');
  return program;
}

/** /v1/points/{external_id}: a customer's points in a program, its ledger, and redemptions from the catalog. */
export const points = secretApi();

points.get('/:external_id', async (c) => {
  const externalId = externalIdOf(c);
  const query = parseQuery(c, PointsQuery);
  const program = await programOf(c, query.program_id);
  const owner = { tenant: c.get('auth').tenant, programId: program.id, externalId };
  const read = await readPoints(publisherOf(c), owner, query.limit, query.starting_after, Date.now());
  const body: PointsBalance = {
    object: 'points_balance',
    external_id: externalId,
    program_id: program.id,
    balance: read.balance,
    expiring: read.expiring,
    ledger: listBody(read.entries, read.hasMore),
  };
  return c.json(body);
});

points.post('/:external_id/redeem', async (c) => {
  const externalId = externalIdOf(c);
  const body = await parseBody(c, PointsRedeemBody);
  const program = await programOf(c, body.program_id);
  const owner = { tenant: c.get('auth').tenant, programId: program.id, externalId };
  return c.json(await redeemPoints(publisherOf(c), owner, program, body, Date.now()));
});

/**
 * /v1/public/points: the widget's view of the signed-in customer's points, and their redemptions. Mounted
 * before /v1/public, so it brings the same middleware (publishable key, allowed origins, idempotency).
 */
export const publicPoints = new Hono<AppEnv>();
publicPoints.use('*', publicCors(), idempotency());

publicPoints.post('/', async (c) => {
  const input = await parseBody(c, PublicPointsRequest);
  const { owner, program } = await widgetOwner(c.env, c.get('auth').tenant, input.identity, input.program_id);
  const read = await readPoints(publisherOf(c), owner, RECENT, undefined, Date.now());
  const body: PublicPoints = {
    object: 'public_points',
    program_id: program.id,
    balance: read.balance,
    expiring: read.expiring,
    catalog: program.points.catalog,
    recent: read.entries,
  };
  c.header('Cache-Control', 'no-store');
  return c.json(body);
});

publicPoints.post('/redeem', async (c) => {
  const input = await parseBody(c, PublicPointsRedeem);
  const { owner, program } = await widgetOwner(c.env, c.get('auth').tenant, input.identity, input.program_id);
  c.header('Cache-Control', 'no-store');
  return c.json(await redeemPoints(publisherOf(c), owner, program, input, Date.now()));
});
