import { Hono } from 'hono';
import { KeyCreate, MerchantCreate, type MerchantCreated } from '../../shared/schemas/merchant.ts';
import type { AppEnv } from '../app-env.ts';
import { getRedis } from '../lib/redis.ts';
import { parseBody, pathId, notFound } from '../lib/validate.ts';
import { requireAdmin } from '../middleware/auth/auth.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { rollKey, shown } from '../storage/api-keys.ts';
import { createMerchant, getMerchant } from '../storage/merchants.ts';

/** Operator endpoints, behind the ADMIN_TOKEN secret: create merchants, issue their keys. */
export const merchants = new Hono<AppEnv>();
merchants.use('*', requireAdmin(), idempotency());

merchants.post('/', async (c) => {
  const input = await parseBody(c, MerchantCreate);
  const { merchant, secret, publishable } = await createMerchant(getRedis(c.env), input);
  const body: MerchantCreated = { merchant, keys: { secret: shown(secret), publishable: shown(publishable) } };
  return c.json(body, 201);
});

// Issue a key of any mode (live keys come from here), revoking the one it replaces.
merchants.post('/:id/keys', async (c) => {
  const id = pathId(c, 'id', 'merchant');
  const input = await parseBody(c, KeyCreate);
  const redis = getRedis(c.env);
  if (!(await getMerchant(redis, id))) throw notFound('merchant');
  return c.json(shown(await rollKey(redis, id, input.mode, input.type)), 201);
});
