import type { Context } from 'hono';
import { type CustomerErasure, type CustomerExport, CustomerExternalId } from '../../shared/schemas/customer.ts';
import type { AppEnv } from '../app-env.ts';
import { eraseCustomer } from '../customers/erase-customer.ts';
import { exportCustomer } from '../customers/export-customer.ts';
import { ApiError } from '../errors/api-error.ts';
import { secretApi } from './secret-api.ts';

/** /v1/customers/{external_id}: one person's data, exported or erased (GDPR, CCPA, Shopify's privacy webhooks). */
export const customers = secretApi();

// The id is the merchant's own customer id, URL-encoded in the path (Hono decodes it).
export function externalIdOf(c: Context<AppEnv>): string {
  const parsed = CustomerExternalId.safeParse(c.req.param('external_id') ?? '');
  if (parsed.success) return parsed.data;
  throw new ApiError('invalid_request_error', 'invalid_request', 'external_id: 1 to 128 characters.', {
    param: 'external_id',
  });
}

customers.get('/:external_id/export', async (c) => {
  const body = await exportCustomer(c.env, c.get('auth').tenant, externalIdOf(c));
  // Personal data: never kept by a cache on the way.
  c.header('Cache-Control', 'no-store');
  return c.json(body satisfies CustomerExport);
});

customers.delete('/:external_id', async (c) => {
  const externalId = externalIdOf(c);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
  return c.json((await eraseCustomer(publisher, externalId, Date.now())) satisfies CustomerErasure);
});
