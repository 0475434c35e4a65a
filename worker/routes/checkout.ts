import { parseCode } from '../../shared/codes.ts';
import { RedemptionCreate, RedemptionReverse, ValidateCode } from '../../shared/schemas/redemption.ts';
import { redeemCode } from '../checkout/redeem-code.ts';
import { reverseRedemption } from '../checkout/reverse-redemption.ts';
import { releaseReservation, validateCode } from '../checkout/validate-code.ts';
import { notFound, parseBody, pathId } from '../lib/validate.ts';
import { bodyCode, codeReadAlong } from '../middleware/auth/read-along.ts';
import { redemptionStore } from '../storage/redemptions.ts';
import { secretApi } from './secret-api.ts';

/** POST /v1/codes/{code}/validate: a dry run, optionally holding one use for the customer. */
export const validation = secretApi();

validation.post('/', async (c) => {
  const input = await parseBody(c, ValidateCode);
  return c.json(await validateCode(c.env, c.get('auth').tenant, c.req.param('code') ?? '', input, Date.now()));
});

/** /v1/redemptions: redeem a code for an order, read it, reverse it (refunds). The code is read with the key. */
export const redemptions = secretApi(bodyCode);

redemptions.post('/', async (c) => {
  const input = await parseBody(c, RedemptionCreate);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  const readAlong = codeReadAlong(c, parseCode(input.code));
  const { redemption, created } = await redeemCode(publisher, input, Date.now(), readAlong);
  return c.json(redemption, created ? 201 : 200);
});

redemptions.get('/:id', async (c) => {
  const found = await redemptionStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'redemption'));
  if (!found) throw notFound('redemption');
  return c.json(found);
});

redemptions.post('/:id/reverse', async (c) => {
  const id = pathId(c, 'id', 'redemption');
  const { amount } = await parseBody(c, RedemptionReverse);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  return c.json(await reverseRedemption(publisher, id, amount));
});

/** DELETE /v1/reservations/{id}: give a held use back before it expires. */
export const reservations = secretApi();

reservations.delete('/:id', async (c) => {
  const id = pathId(c, 'id', 'reservation');
  if (!(await releaseReservation(c.env, c.get('auth').tenant, id))) throw notFound('reservation');
  return c.json({ id, object: 'reservation', released: true });
});
