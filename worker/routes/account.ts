import { KeyRoll, MerchantUpdate } from '../../shared/schemas/merchant.ts';
import { consoleSessionRefused } from '../console/session-limits.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound, parseBody } from '../lib/validate.ts';
import { apiKeyStore, shown } from '../storage/api-keys.ts';
import { merchantStore } from '../storage/merchants.ts';
import { secretApi } from './secret-api.ts';

/** The merchant's own account: its settings and its API keys in the key's mode. */
export const merchant = secretApi();

merchant.get('/', async (c) => {
  const found = await merchantStore(c.env).get(c.get('auth').tenant.merchantId);
  if (!found) throw notFound('merchant');
  return c.json(found);
});

merchant.patch('/', async (c) => {
  const patch = await parseBody(c, MerchantUpdate);
  const result = await merchantStore(c.env).update(c.get('auth').tenant.merchantId, patch);
  if (result.kind === 'missing') throw notFound('merchant');
  if (result.kind === 'taken') {
    throw new ApiError(
      'conflict_error',
      'link_domain_taken',
      `${result.domain} is already used as a link domain by another merchant.`,
      { param: 'link_domains' },
    );
  }
  return c.json(result.merchant);
});

export const keys = secretApi();

keys.get('/', async (c) => {
  const { tenant } = c.get('auth');
  const data = await apiKeyStore(c.env).list(tenant.merchantId, tenant.mode);
  return c.json({ object: 'list', data, has_more: false, next_cursor: null });
});

// The widget snippet needs the publishable key; it is public, so it can be shown again.
keys.get('/publishable', async (c) => {
  const { tenant } = c.get('auth');
  const key = await apiKeyStore(c.env).activePublishable(tenant.merchantId, tenant.mode);
  if (!key)
    throw new ApiError(
      'not_found_error',
      'publishable_key_unavailable',
      'This publishable key was issued before keys could be shown again: ' +
        'roll it (POST /v1/keys/roll {"type":"publishable"}) to get one the console can show.',
    );
  return c.json({ object: 'publishable_key', key, mode: tenant.mode });
});

keys.post('/roll', async (c) => {
  const { type } = await parseBody(c, KeyRoll);
  const { tenant, consoleSession } = c.get('auth');
  // A console session lives 8 hours; the secret key it could roll would live forever, and would
  // lock the merchant out of their own integration. Only the secret key itself may replace it.
  if (consoleSession && type === 'secret') throw consoleSessionRefused('Rolling the secret key');
  return c.json(shown(await apiKeyStore(c.env).roll(tenant.merchantId, tenant.mode, type)), 201);
});
