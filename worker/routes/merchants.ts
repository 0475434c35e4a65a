import { Hono } from 'hono';
import { KeyCreate, MerchantCreate, type MerchantCreated } from '../../shared/schemas/merchant.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound, parseBody, pathId } from '../lib/validate.ts';
import { requireAdmin } from '../middleware/auth/auth.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { apiKeyStore, shown } from '../storage/api-keys.ts';
import { LinkDomainTakenError, type MerchantStore, merchantStore } from '../storage/merchants.ts';

/** Operator endpoints, behind the ADMIN_TOKEN secret: create merchants, issue their keys. */
export const merchants = new Hono<AppEnv>();
merchants.use('*', requireAdmin(), idempotency());

merchants.post('/', async (c) => {
  const input = await parseBody(c, MerchantCreate);
  let created: Awaited<ReturnType<MerchantStore['create']>>;
  try {
    created = await merchantStore(c.env).create(input);
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
  if (!(await merchantStore(c.env).get(id))) throw notFound('merchant');
  return c.json(shown(await apiKeyStore(c.env).roll(id, input.mode, input.type)), 201);
});
