import { Hono } from 'hono';
import { KeyCreate, MerchantCreate, type MerchantCreated } from '../../shared/schemas/merchant.ts';
import type { AppEnv } from '../app-env.ts';
import { getRedis } from '../storage/client.ts';
import { parseBody, pathId, notFound } from '../lib/validate.ts';
import { requireAdmin } from '../middleware/auth/auth.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { rollKey, shown } from '../storage/api-keys.ts';
import { createMerchant, getMerchant, LinkDomainTakenError } from '../storage/merchants.ts';
import { ApiError } from '../errors/api-error.ts';

/** Operator endpoints, behind the ADMIN_TOKEN secret: create merchants, issue their keys. */
export const merchants = new Hono<AppEnv>();
merchants.use('*', requireAdmin(), idempotency());

merchants.post('/', async (c) => {
  const input = await parseBody(c, MerchantCreate);
  let created: Awaited<ReturnType<typeof createMerchant>>;
  try {
    created = await createMerchant(getRedis(c.env), input);
  } catch (err) {
    if (err instanceof LinkDomainTakenError) {
      throw new ApiError(
        'conflict_error',
        'link_domain_taken',
        `${err.domain} is already used as a link domain by another merchant.`,
        { param: 'link_domains' },
      );
    }
    throw err;
  }
  const { merchant, secret, publishable } = created;
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
