import { KeyRoll } from '../../shared/schemas/merchant.ts';
import { getRedis } from '../lib/redis.ts';
import { notFound, parseBody } from '../lib/validate.ts';
import { listKeys, rollKey, shown } from '../storage/api-keys.ts';
import { getMerchant } from '../storage/merchants.ts';
import { secretApi } from './secret-api.ts';

/** The merchant's own account: its settings and its API keys in the key's mode. */
export const merchant = secretApi();

merchant.get('/', async (c) => {
  const found = await getMerchant(getRedis(c.env), c.get('auth').tenant.merchantId);
  if (!found) throw notFound('merchant');
  return c.json(found);
});

export const keys = secretApi();

keys.get('/', async (c) => {
  const { tenant } = c.get('auth');
  const data = await listKeys(getRedis(c.env), tenant.merchantId, tenant.mode);
  return c.json({ object: 'list', data, has_more: false, next_cursor: null });
});

keys.post('/roll', async (c) => {
  const { type } = await parseBody(c, KeyRoll);
  const { tenant } = c.get('auth');
  return c.json(shown(await rollKey(getRedis(c.env), tenant.merchantId, tenant.mode, type)), 201);
});
